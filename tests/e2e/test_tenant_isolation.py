"""Nothing of one network is visible or changeable from another, nor by a plain user of the
same network: for every endpoint that takes an id, the other network's admin naming the demo
network's objects under its own network gets a 404 (or an empty list), the demo admin naming
the other network's user gets the same, a plain demo user changes nothing of others, and no
table of either service changes."""

import pytest
from actors import VALID_BODIES, call, fingerprint, login

from common.endpoints import all_endpoints

BY_ID = [e for e in all_endpoints() if e.service in ("identity", "offerings") and "{" in e.path]


@pytest.fixture(scope="module")
async def other_admin(stack, http) -> dict[str, str]:
    """Logged in before the databases are fingerprinted (a log-in is a change)."""
    return await login(stack, http, stack.other.admin_email, stack.other.admin_password, network="other")


async def reaches_nothing(stack, http, endpoint, network: str, ids: dict[str, int], headers: dict[str, str]) -> None:
    """A 404, or an empty list; never a change."""
    path = endpoint.path.format(**ids)
    status, answer = await call(http, endpoint.method, f"{stack.url}/v1/{network}{path}", headers=headers,
                                json=VALID_BODIES.get(f"{endpoint.method} {endpoint.path}"))
    if status == 200:
        assert endpoint.method == "GET" and answer["data"]["list"] == [], answer
    else:
        assert (status, answer["outcome"]) == (404, "error"), answer


@pytest.mark.parametrize("endpoint", BY_ID, ids=lambda e: f"{e.method} {e.path}")
async def test_another_networks_admin_reaches_nothing_by_id(stack, http, world, other_admin, settled, endpoint):
    await reaches_nothing(stack, http, endpoint, "other", world, other_admin)
    assert await fingerprint(stack) == settled


WITH_USER = [e for e in BY_ID if "{user_id}" in e.path]


@pytest.mark.parametrize("endpoint", WITH_USER, ids=lambda e: f"{e.method} {e.path}")
async def test_a_user_of_another_network_is_unknown_here(stack, http, cast, world, other_admin, settled, endpoint):
    await reaches_nothing(stack, http, endpoint, "demo", world | {"user_id": stack.other.admin_user_id},
                          cast.admin.headers)
    assert await fingerprint(stack) == settled


WRITES_BY_ID = [e for e in BY_ID if e.method != "GET"]


@pytest.mark.parametrize("endpoint", WRITES_BY_ID, ids=lambda e: f"{e.method} {e.path}")
async def test_a_plain_user_changes_nothing_of_others(stack, http, cast, world, other_admin, settled, endpoint):
    """cast.user is no member of the organization, holds no investment and is no admin."""
    path = endpoint.path.format(**world)
    status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", headers=cast.user.headers,
                                json=VALID_BODIES.get(f"{endpoint.method} {endpoint.path}"))
    assert status in (403, 404, 409) and answer["outcome"] == "error", answer
    assert await fingerprint(stack) == settled
