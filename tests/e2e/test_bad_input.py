"""Bad input changes nothing: every write endpoint of the services built so far answers a
malformed or non-object JSON body with a 400 error envelope, even the endpoints that take no
body, and no row of either service's database changes."""

import json
import secrets
from pathlib import Path

import pytest
from actors import VALID_BODIES, call, fingerprint, person

from common.endpoints import all_endpoints
from common.testing import assert_error
from common.testing.mail import Mailbox

WRITES = [e for e in all_endpoints() if e.service in ("identity", "offerings") and e.method in ("POST", "PATCH", "PUT")]
BAD_BODIES = (b"{", b"[1]", b'"text"', b"null")
@pytest.mark.parametrize("endpoint", WRITES, ids=lambda e: f"{e.method} {e.path}")
async def test_a_malformed_body_is_refused_and_changes_nothing(stack, http, cast, world, settled, endpoint):
    path = endpoint.path.format(**world)
    for body in BAD_BODIES:
        status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", data=body,
                                    headers=cast.admin.headers | {"Content-Type": "application/json"})
        assert_error(status, answer, 400, 10101)
    assert await fingerprint(stack) == settled


REQUEST_FIELDS = json.loads(Path(__file__).with_name("documented_requests.json").read_text())
WRONG_VALUES = ([1], {"a": 1}, "x" * 20_000, 10**30, -1, True)


@pytest.mark.parametrize("endpoint", [e for e in WRITES if f"{e.method} {e.path}" in REQUEST_FIELDS],
                         ids=lambda e: f"{e.method} {e.path}")
async def test_every_documented_field_with_a_wrong_value_gets_a_clear_answer(stack, http, cast, world, endpoint):
    """Each field the document lists for the endpoint, given a value of the wrong type or size,
    is answered with an error envelope or taken (never a 500). A throwaway user makes the
    /self calls, so the network's admin is never blocked by one that is taken."""
    caller = (await throwaway_user(stack, http)) if endpoint.path.startswith("/self") else cast.admin.headers
    path = endpoint.path.format(**world)
    for field in REQUEST_FIELDS[f"{endpoint.method} {endpoint.path}"]:
        for value in WRONG_VALUES:
            body = VALID_BODIES.get(f"{endpoint.method} {endpoint.path}", {}) | {field: value}
            status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", headers=caller, json=body)
            assert status < 500 and answer["outcome"] in ("success", "error"), (field, value, answer)


async def throwaway_user(stack, http) -> dict[str, str]:
    return (await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), f"fuzz{secrets.token_hex(2)}")).headers


LISTS = [e for e in all_endpoints() if e.service in ("identity", "offerings") and e.method == "GET"
         and "/social/" not in e.path and e.path != "/authenticate"]
ODD_QUERIES = ("offset=-1", "limit=0", "limit=abc", "offset=99999999999999999999999", "limit=100000",
               "sort=nope", "sort=-", "filter[nope]=1", "filter[is_vip]=maybe", "offset=1&offset=2", "%ff=%fe",
               "filter[visibility]=99999999999999999999999", "filter[life_cycle_stage]=99999999999999999999999")


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda e: e.path)
async def test_odd_query_strings_get_a_clear_answer(stack, http, cast, world, endpoint):
    path = endpoint.path.format(**world)
    caller = cast.author if path.startswith("/self") else cast.admin
    for query in ODD_QUERIES:
        async with http.get(f"{stack.url}/v1/demo{path}?{query}", headers=caller.headers) as response:
            answer = await response.json()
        assert response.status < 500 and answer["outcome"] in ("success", "error"), (query, answer)


ODD_PATHS = ("/v1/%00/public/globals", "/v1/" + "a" * 3000 + "/public/globals", "/v1/DEMO/public/globals",
             "/v1/demo/users/%20", "/v1/demo/offerings/1e3", "/v1/demo/offerings/-1",
             "/v1/demo/offerings/99999999999999999999", "/v1/demo/offerings/%C3%A9", "/v1/demo//offerings",
             "/v1/demo/public/globals/", "/v1/demo/public/globals?%00=1")


@pytest.mark.parametrize("path", ODD_PATHS)
async def test_odd_paths_get_a_clear_answer(stack, http, cast, path):
    async with http.get(f"{stack.url}{path}", headers=cast.admin.headers) as response:
        answer = await response.json(content_type=None)
    assert 400 <= response.status < 500 or response.status == 200, answer
    assert answer["outcome"] in ("success", "error")
