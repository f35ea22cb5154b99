"""Nothing of one network is visible or changeable from another: the other network's admin,
naming the demo network's objects by id under its own network, gets a 404 (or an empty list)
from every endpoint that takes an id, and no table changes."""

import pytest
from actors import call, fingerprint, login

from common.endpoints import all_endpoints

BY_ID = [e for e in all_endpoints() if e.service in ("identity", "offerings") and "{" in e.path]
DOCUMENT = {"url": "https://cdn.example/x.pdf"}
VALID_BODIES = {  # a body each write would accept in its own network
    "PATCH /organizations/{organization_id}": {"display_name": "Taken over"},
    "POST /organizations/{organization_id}/offerings": {"funding_goal": "1000"},
    "POST /organizations/{organization_id}/documents": DOCUMENT,
    "PATCH /offerings/{offering_id}": {"name": "Taken over"},
    "POST /offerings/{offering_id}/investments": {"investment_amount": "10"},
    "POST /offerings/{offering_id}/bulletins": {"title": "Taken over"},
    "POST /offerings/{offering_id}/documents": DOCUMENT,
    "POST /dealrooms/{dealroom_id}/topics": {"title": "Taken over"},
    "POST /dealrooms/{dealroom_id}/documents": DOCUMENT,
    "POST /topics/{topic_id}/posts": {"body": "Taken over"},
    "POST /posts/{post_id}/comments": {"body": "Taken over"},
    "POST /investments/{investment_id}/documents": DOCUMENT,
    "PATCH /investments/{investment_id}": {"investment_amount": "5"},
    "POST /admin/users/{user_id}/block": {"user_message": "Taken over"},
    "PATCH /admin/users/{user_id}/roles": {"is_admin": True},
}


@pytest.fixture(scope="module")
async def other_admin(stack, http) -> dict[str, str]:
    """Logged in before the databases are fingerprinted (a log-in is a change)."""
    return await login(stack, http, stack.other.admin_email, stack.other.admin_password, network="other")


@pytest.mark.parametrize("endpoint", BY_ID, ids=lambda e: f"{e.method} {e.path}")
async def test_another_networks_admin_reaches_nothing_by_id(stack, http, world, other_admin, settled, endpoint):
    path = endpoint.path.format(**world)
    status, answer = await call(http, endpoint.method, f"{stack.url}/v1/other{path}", headers=other_admin,
                                json=VALID_BODIES.get(f"{endpoint.method} {endpoint.path}"))
    if status == 200:
        assert endpoint.method == "GET" and answer["data"]["list"] == [], answer
    else:
        assert (status, answer["outcome"]) == (404, "error"), answer
    assert await fingerprint(stack) == settled
