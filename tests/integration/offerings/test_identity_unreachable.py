"""A decision that needs identity's facts, with identity unreachable, is a 503: never the 403 or
404 that a guess from offerings' own read model would give."""

import socket
from collections.abc import AsyncIterator

import pytest
from yarl import URL

from common.testing import assert_error, principal_headers, serve
from offerings.app import create_app


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.fixture
async def cut_off(offerings_service) -> AsyncIterator[str]:
    """The same offerings (its database, its offerings) served by a process whose identity is unreachable."""
    settings = offerings_service.settings.model_copy(update={"identity_url": f"http://127.0.0.1:{closed_port()}"})
    async with serve(create_app(settings, "api")) as url:
        yield url


async def test_decisions_answer_503_while_identity_is_unreachable(offerings_service, cut_off):
    svc = offerings_service
    offering_id = await svc.published_offering()

    async def call(method: str, path: str, principal, **kwargs) -> tuple[int, dict]:
        url = URL(cut_off + path)
        headers = principal_headers(principal, svc.settings.secret("internal_secret").encode(), method, url.raw_path_qs)
        async with svc.http.request(method, url, headers=headers, **kwargs) as response:
            return response.status, await response.json()

    for method, path, principal, body in (
        ("POST", "/v1/demo/organizations/10/offerings", svc.author, {"funding_goal": "100"}),  # a member's
        ("POST", "/v1/demo/organizations/999/offerings", svc.admin, {"funding_goal": "100"}),  # no such organization
        ("PATCH", f"/v1/demo/offerings/{offering_id}", svc.investor(13001), {"name": "Not mine"}),  # not a member
        ("POST", f"/v1/demo/offerings/{offering_id}/investments", svc.investor(13001), {"investment_amount": "10"}),
        ("POST", f"/v1/demo/offerings/{offering_id}/dealrooms", svc.author, {}),
        ("GET", "/v1/demo/organizations/10/documents", svc.investor(13001), None),
    ):
        assert_error(*await call(method, path, principal, json=body), 503, 10109)
    status, body = await call("GET", f"/v1/demo/offerings/{offering_id}", svc.investor(13001))
    assert status == 200, body  # a Published offering is seen by everyone: nothing to ask identity
