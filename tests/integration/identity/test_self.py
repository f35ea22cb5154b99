"""The logged-in user's own account: profile, flags, password, email, block, deletion."""

import asyncio
from datetime import date, timedelta

import pytest

from common.http.principal import Principal
from common.testing import assert_error
from common.testing.mail import link_parameters, text_of

PASSWORD = "correct horse battery"


def member(user_id: int, network: str = "demo") -> Principal:
    return Principal(network=network, user_id=user_id)


async def me(identity, user_id: int) -> dict:
    status, body = await identity.call("GET", "/v1/demo/self", member(user_id))
    assert status == 200, body
    return body["data"]["user"]


async def patch(identity, user_id: int, body: dict) -> tuple[int, dict]:
    return await identity.call("PATCH", "/v1/demo/self", member(user_id), json=body)


async def test_patch_updates_fields_and_merges_addresses_bank_accounts_and_custom(identity):
    user_id, _ = await identity.registered(custom={"risk": "low", "segment": "retail"})
    status, body = await patch(identity, user_id, {
        "tagline": "Investor", "birth_date": "1990-04-01", "visibility": "1", "gender": "F",
        "address": {"building": "One Market Plaza", "city": "San Francisco", "country": "us"},
        "bank_accounts": [{"bank_name": "First", "bank_currency": "usd"}],
        "custom": {"risk": "high", "accredited": 1},
    })
    assert (status, body["data"]) == (200, {"user_id": user_id})
    user = await me(identity, user_id)
    assert (user["tagline"], user["birth_date"], user["visibility"], user["gender"]) == ("Investor", "1990-04-01", 1, "F")
    assert user["custom"] == {"risk": "high", "segment": "retail", "accredited": 1}
    assert {"type": "risk", "value": "high"} in user["info"]
    address_id, account_id = user["address"]["id"], user["bank_accounts"][0]["id"]
    assert (user["address"]["city"], user["address"]["country"]) == ("San Francisco", "US")
    await patch(identity, user_id, {"address": {"id": address_id, "city": "Oakland"},
                                    "bank_accounts": [{"id": str(account_id), "bank_name": "Second"}, {"bank_name": "Third"}]})
    user = await me(identity, user_id)
    assert [a["city"] for a in user["addresses"]] == ["Oakland"]
    assert [a["bank_name"] for a in user["bank_accounts"]] == ["Second", "Third"]
    await patch(identity, user_id, {"address": {"building": "Second home"}})
    assert len((await me(identity, user_id))["addresses"]) == 2


async def test_patch_refuses_fields_that_are_not_editable_and_changes_nothing(identity):
    user_id, _ = await identity.registered()
    for field, value in (("is_admin", True), ("is_vip", 1), ("email", "x@demo.example"), ("id", 5),
                         ("email_verified", True), ("has_been_approved", True)):
        status, body = await patch(identity, user_id, {"tagline": "changed", field: value})
        assert_error(status, body, 400, 11007)
        assert field in body["data"]["fields"]
    user = await me(identity, user_id)
    assert (user["tagline"], user["is_admin"], user["is_vip"]) == (None, False, False)


async def test_patch_cannot_touch_another_users_records(identity):
    owner, _ = await identity.registered(address={"city": "Paris"})
    intruder, _ = await identity.registered()
    address_id = (await me(identity, owner))["address"]["id"]
    status, body = await patch(identity, intruder, {"address": {"id": address_id, "city": "Stolen"}})
    assert_error(status, body, 404, 11008)
    assert (await me(identity, owner))["address"]["city"] == "Paris"


async def test_patch_validates_types(identity):
    user_id, _ = await identity.registered()
    for body in ({"birth_date": "yesterday"}, {"gender": "X"}, {"nationality": "France"},
                 {"address": {"planet": "Mars"}}, {"bank_accounts": "not a list"}):
        status, answer = await patch(identity, user_id, body)
        assert_error(status, answer, 400, 10100)


@pytest.mark.parametrize(("action", "field", "value"), [
    ("acceptTerms", "term_service_accepted", True),
    ("markRegistrationComplete", "registration_complete", True),
    ("approveUser", "has_been_approved", True),
])
async def test_onboarding_flags(identity, action, field, value):
    user_id, _ = await identity.registered()
    status, body = await identity.call("POST", f"/v1/demo/self/{action}", member(user_id))
    assert (status, body["data"]) == (200, {"user_id": user_id})
    assert (await me(identity, user_id))[field] is value


async def test_reset_accept_terms(identity):
    user_id, _ = await identity.registered()
    await identity.call("POST", "/v1/demo/self/acceptTerms", member(user_id))
    await identity.call("POST", "/v1/demo/self/resetAcceptTerms", member(user_id))
    assert (await me(identity, user_id))["term_service_accepted"] is False


async def test_change_password_checks_the_current_one_and_revokes_other_sessions(identity):
    user_id, email = await identity.registered()
    status, verified = await identity.digest_log_in(email, PASSWORD)
    old_token = (await identity.call("GET", "/v1/demo/authenticate",
                                     Principal(**verified["data"]["principal"])))[1]["data"]["token"]
    change = {"current_password": "wrong one", "new_password": "another good phrase", "new_password_confirm": "another good phrase"}
    status, body = await identity.call("POST", "/v1/demo/self/changePassword", member(user_id), json=change)
    assert_error(status, body, 401, 11005)
    status, body = await identity.call("POST", "/v1/demo/self/changePassword", member(user_id),
                                       json=change | {"current_password": PASSWORD, "new_password_confirm": "typo"})
    assert_error(status, body, 409, 10001)
    status, body = await identity.call("POST", "/v1/demo/self/changePassword", member(user_id),
                                       json={"current_password": PASSWORD, "new_password": "qwerty123", "new_password_confirm": "qwerty123"})
    assert_error(status, body, 400, 11004)
    status, body = await identity.call("POST", "/v1/demo/self/changePassword", member(user_id),
                                       json=change | {"current_password": PASSWORD})
    assert status == 200 and body["data"]["user_id"] == user_id
    assert (await identity.authenticate("demo", {"kind": "token", "token": old_token}))[1]["data"]["code"] == 10209
    assert (await identity.authenticate("demo", {"kind": "token", "token": body["data"]["token"]}))[0] == 200
    assert (await identity.digest_log_in(email, "another good phrase"))[0] == 200


async def test_change_email_resets_verification_and_mails_the_new_address(identity):
    user_id, _ = await identity.registered()
    _, taken = await identity.registered()
    new = f"moved-{user_id}@demo.example"
    body = {"verify_email_url": "https://app.example/verify", "new_email": new, "new_email_confirm": new}
    status, answer = await identity.call("POST", "/v1/demo/self/changeEmail", member(user_id),
                                         json=body | {"new_email_confirm": "other@demo.example"})
    assert_error(status, answer, 409, 11006)
    status, answer = await identity.call("POST", "/v1/demo/self/changeEmail", member(user_id),
                                         json=body | {"new_email": taken, "new_email_confirm": taken})
    assert_error(status, answer, 409, 11003)
    status, answer = await identity.call("POST", "/v1/demo/self/changeEmail", member(user_id), json=body)
    assert status == 200 and answer["data"]["token"]
    user = await me(identity, user_id)
    assert (user["email"], user["email_verified"]) == (new, False)
    mail = await identity.mailbox.wait_for(new, "Confirm your email")
    assert link_parameters(mail)[0] == user_id


async def test_simultaneous_moves_to_one_email_let_one_through(identity):
    movers = [(await identity.registered())[0] for _ in range(6)]
    new = f"wanted-{movers[0]}@demo.example"
    body = {"verify_email_url": "https://app.example/verify", "new_email": new, "new_email_confirm": new}
    answers = await asyncio.gather(*(identity.call("POST", "/v1/demo/self/changeEmail", member(user_id), json=body)
                                     for user_id in movers))
    assert sorted(status for status, _ in answers) == [200] + [409] * 5
    async with identity.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM users WHERE email = $1", new) == 1


async def test_block_self_with_message_and_expiry(identity):
    user_id, email = await identity.registered()
    message = "We could not verify your KYC details."
    status, body = await identity.call("POST", "/v1/demo/self/blockUser", member(user_id),
                                       json={"user_message": message, "description": "101",
                                             "expiration_date": str(date.today() + timedelta(days=3))})
    assert status == 200 and body["data"]["user_access_denied_log_id"] > 0
    status, body = await identity.digest_log_in(email, PASSWORD)
    assert_error(status, body, 401, 10211)
    assert body["data"]["user_message"] == message
    async with identity.pool.acquire() as conn:
        until = await conn.fetchval(  # other contexts learn until when
            "SELECT envelope->'payload'->>'until' FROM outbox WHERE routing_key = 'identity.user.blocked' "
            "AND envelope->'payload'->>'user_id' = $1", str(user_id))
        assert until == str(date.today() + timedelta(days=3))
        # the expiration date comes
        await conn.execute("UPDATE users SET blocked_until = current_date WHERE id = $1", user_id)
    assert (await identity.digest_log_in(email, PASSWORD))[0] == 200


async def test_delete_self_blocks_for_good_and_tells_the_admins(identity):
    user_id, email = await identity.registered()
    status, body = await identity.call("DELETE", "/v1/demo/self", member(user_id))
    assert (status, body["data"]) == (200, {"user_id": user_id})
    status, body = await identity.digest_log_in(email, PASSWORD)
    assert_error(status, body, 401, 10211)
    notice = await identity.mailbox.wait_for(identity.demo.admin_email, "asked to delete", containing=email)
    assert f"(id {user_id})" in text_of(notice)
    async with identity.pool.acquire() as conn:
        assert await conn.fetchval("SELECT deleted_at IS NOT NULL FROM users WHERE id = $1", user_id)
        events = {row["routing_key"] for row in await conn.fetch(
            "SELECT routing_key FROM outbox WHERE envelope->'payload'->>'user_id' = $1", str(user_id))}
    assert {"identity.user.deleted", "identity.user.blocked", "identity.user.sessions_revoked"} <= events
