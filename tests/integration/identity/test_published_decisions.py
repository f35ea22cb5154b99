"""Identity's events carry identity's decisions, so no other context re-derives them: whether an
organization is public, and a user's block and onboarding flags as they are now. Each is read
from the outbox after a real request."""

from datetime import date, timedelta
from typing import Any

import pytest

from common.http.principal import Principal
from common.json import loads
from common.testing.mail import link_parameters
from common.vocabulary import Visibility
from identity.domain.organizations import Stage


def member(user_id: int) -> Principal:
    return Principal(network="demo", user_id=user_id)


def admin_of(identity) -> Principal:
    return Principal(network="demo", user_id=identity.demo.admin_user_id, is_admin=True)


async def last_event(identity, routing_key: str, key: str, value: int) -> dict[str, Any]:
    """The payload of the latest event with this routing key about this organization or user."""
    async with identity.pool.acquire() as conn:
        payload = await conn.fetchval(
            "SELECT envelope->'payload' FROM outbox WHERE routing_key = $1 AND envelope->'payload'->>$2 = $3 "
            "ORDER BY created_at DESC LIMIT 1", routing_key, key, str(value))
    assert payload is not None, f"no {routing_key} about {key} {value}"
    return loads(payload)


# An organization is public when it is not Hidden and its stage is a public one


async def _change(identity, organization_id: int, principal: Principal, **fields) -> dict[str, Any]:
    status, body = await identity.call("PATCH", f"/v1/demo/organizations/{organization_id}", principal, json=fields)
    assert status == 200, body
    return await last_event(identity, "identity.organization.updated", "organization_id", organization_id)


async def test_every_change_that_can_make_an_organization_public_or_not_says_which_it_is(identity):
    author, _ = await identity.registered()
    status, body = await identity.call("POST", "/v1/demo/organizations", member(author), json={"display_name": "Acme"})
    organization_id = body["data"]["organization_id"]
    created = await last_event(identity, "identity.organization.created", "organization_id", organization_id)
    assert created["is_public"] is False
    admin = admin_of(identity)
    steps = [
        (member(author), {"life_cycle_stage": Stage.SUBMITTED}, False),
        (admin, {"life_cycle_stage": Stage.APPROVED}, True),
        (admin, {"visibility": Visibility.HIDDEN}, False),
        (admin, {"life_cycle_stage": Stage.RESTRICTED}, False),
        (admin, {"visibility": Visibility.ANONYMOUS}, True),
        (admin, {"life_cycle_stage": Stage.PUBLISHED}, True),
        (admin, {"brief_desc": "Still public"}, True),
        (admin, {"life_cycle_stage": Stage.ARCHIVED}, False),
        (admin, {"visibility": Visibility.OPEN}, False),
        (member(author), {"life_cycle_stage": Stage.CANCELED}, False),
    ]
    for principal, fields, public in steps:
        updated = await _change(identity, organization_id, principal, **fields)
        assert (updated["is_public"], updated["fields"]) == (public, sorted(fields)), fields
        status, body = await identity.call("GET", f"/v1/demo/public/organizations/{organization_id}",
                                           Principal(network="demo"))
        assert (status == 200) is public  # the event says what identity itself shows


async def test_handing_over_the_contact_point_tells_whether_the_organization_is_public(identity):
    author, _ = await identity.registered()
    heir, _ = await identity.registered()
    status, body = await identity.call("POST", "/v1/demo/organizations", member(author), json={"display_name": "Heirs"})
    organization_id = body["data"]["organization_id"]
    for principal, stage in ((member(author), Stage.SUBMITTED), (admin_of(identity), Stage.APPROVED)):
        await _change(identity, organization_id, principal, life_cycle_stage=stage)
    status, body = await identity.call("POST", f"/v1/demo/organizations/{organization_id}/members/{heir}",
                                       member(author), json={"contact_point": True})
    assert status == 200, body
    updated = await last_event(identity, "identity.organization.updated", "organization_id", organization_id)
    assert (updated["fields"], updated["is_public"]) == (["contact_point"], True)


# A user's block (and its end) and onboarding flags, as they are now


async def _user_updated(identity, user_id: int) -> dict[str, Any]:
    return await last_event(identity, "identity.user.updated", "user_id", user_id)


async def test_a_block_and_its_end_are_told_with_the_users_state(identity):
    user_id, _ = await identity.registered()
    base = f"/v1/demo/admin/users/{user_id}"
    until = date.today() + timedelta(days=10)
    status, _ = await identity.call("POST", f"{base}/block", admin_of(identity), json={"expiration_date": str(until)})
    assert status == 200
    updated = await _user_updated(identity, user_id)
    assert (updated["blocked"], updated["blocked_until"]) == (True, str(until))
    assert (await last_event(identity, "identity.user.blocked", "user_id", user_id))["until"] == str(until)
    assert (await identity.call("POST", f"{base}/unblock", admin_of(identity)))[0] == 200
    updated = await _user_updated(identity, user_id)
    assert (updated["blocked"], updated["blocked_until"]) == (False, None)


async def test_blocking_oneself_or_leaving_is_told_as_a_block_for_good(identity):
    for path in ("/v1/demo/self/blockUser", "/v1/demo/self"):
        user_id, _ = await identity.registered()
        method = "DELETE" if path == "/v1/demo/self" else "POST"
        status, body = await identity.call(method, path, member(user_id), json={})
        assert status == 200, body
        updated = await _user_updated(identity, user_id)
        assert (updated["blocked"], updated["blocked_until"]) == (True, None)


@pytest.mark.parametrize(("action", "flag", "value"), [
    ("acceptTerms", "term_service_accepted", True),
    ("markRegistrationComplete", "registration_complete", True),
    ("approveUser", "has_been_approved", True),
])
async def test_each_onboarding_flag_a_user_sets_is_told_with_the_others(identity, action, flag, value):
    user_id, _ = await identity.registered()
    assert (await identity.call("POST", f"/v1/demo/self/{action}", member(user_id)))[0] == 200
    updated = await _user_updated(identity, user_id)
    assert (updated["fields"], updated[flag]) == ([flag], value)
    assert updated["blocked"] is False and updated["email_verified"] is False
    if action == "acceptTerms":
        assert (await identity.call("POST", "/v1/demo/self/resetAcceptTerms", member(user_id)))[0] == 200
        assert (await _user_updated(identity, user_id))["term_service_accepted"] is False


async def test_an_admins_approval_and_a_verified_email_are_told(identity):
    user_id, email = await identity.registered()
    assert (await identity.call("POST", f"/v1/demo/admin/users/{user_id}/approve", admin_of(identity)))[0] == 200
    assert (await _user_updated(identity, user_id))["has_been_approved"] is True
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Confirm your email"))
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", Principal(network="demo"),
                                       json={"user_id": user_id, "secret": secret})
    assert status == 200, body
    updated = await _user_updated(identity, user_id)
    assert (updated["email_verified"], updated["has_been_approved"]) == (True, True)
