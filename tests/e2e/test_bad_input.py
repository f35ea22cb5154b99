"""Bad input changes nothing: every write endpoint of the services built so far answers a
malformed or non-object JSON body with a 400 error envelope, even the endpoints that take no
body, and no row of either service's database changes."""

import pytest
from actors import call, fingerprint

from common.endpoints import all_endpoints
from common.testing import assert_error

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
