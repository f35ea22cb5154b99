"""Registration, email verification, forgotten passwords and newsletter, with the mail they send."""

import asyncio
import secrets

import pytest

from common.http.principal import Principal
from common.testing import assert_error, wait_until
from common.testing.mail import link_parameters, text_of
from identity.service.links import LINKS_PER_HOUR
from identity.service.networks import set_settings

VERIFY_URL = "https://app.example/verify-email"  # as the identity fixture registers users
RESET_URL = "https://app.example/reset?from=mail"


def visitor(network: str = "demo") -> Principal:
    return Principal(network=network)


def member(user_id: int, network: str = "demo") -> Principal:
    return Principal(network=network, user_id=user_id)


def new_email() -> str:
    return f"user-{secrets.token_hex(4)}@demo.example"


async def register(identity, email: str, **fields) -> tuple[int, dict]:
    return await identity.register(email, **fields)


async def registered(identity, **fields) -> tuple[int, str]:
    return await identity.registered(**fields)


async def log_in_works(identity, email: str, password: str) -> bool:
    return (await identity.digest_log_in(email, password))[0] == 200


async def test_registration_mails_a_verification_link_that_verifies_the_email(identity):
    user_id, email = await registered(identity, given_name="Ada", custom={"segment": "retail"})
    mail = await identity.mailbox.wait_for(email, "Confirm your email")
    assert mail["Subject"].endswith("demo")
    link_user_id, secret = link_parameters(mail)
    assert link_user_id == user_id
    assert VERIFY_URL in text_of(mail) and "Ada" in text_of(mail)
    status, body = await identity.call("GET", "/v1/demo/self", member(user_id))
    assert (body["data"]["user"]["email_verified"], body["data"]["user"]["given_name"]) == (False, "Ada")
    assert body["data"]["user"]["custom"] == {"segment": "retail"}
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(),
                                       json={"user_id": str(user_id), "secret": secret})
    assert (status, body["data"]) == (200, {"user_id": user_id})
    status, body = await identity.call("GET", "/v1/demo/self", member(user_id))
    assert body["data"]["user"]["email_verified"] is True
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(),
                                       json={"user_id": user_id, "secret": secret})
    assert_error(status, body, 409, 10021)


async def test_secrets_are_stored_only_as_hashes(identity):
    user_id, email = await registered(identity)
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Confirm your email"))
    async with identity.pool.acquire() as conn:
        rows = await conn.fetch("SELECT * FROM user_secrets WHERE user_id = $1", user_id)
        assert rows and all(secret not in str(dict(row)) for row in rows)
        tables = [row["tablename"] for row in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]

    async def nowhere_in_clear() -> bool:  # once the mail is marked sent, its link is gone too
        async with identity.pool.acquire() as conn:
            return not [table for table in tables if await conn.fetchval(
                f'SELECT EXISTS (SELECT 1 FROM "{table}" t WHERE t::text LIKE $1)', f"%{secret}%")]

    await wait_until(nowhere_in_clear, timeout=5)


async def test_verification_refuses_a_wrong_or_expired_secret_and_an_unknown_user(identity):
    user_id, email = await registered(identity)
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Confirm your email"))
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(),
                                       json={"user_id": user_id, "secret": "not-it"})
    assert_error(status, body, 400, 11001)
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(),
                                       json={"user_id": 99999999, "secret": secret})
    assert_error(status, body, 404, 11000)
    async with identity.pool.acquire() as conn:
        await conn.execute("UPDATE user_secrets SET expires_at = now() - interval '1 second' WHERE user_id = $1", user_id)
    status, body = await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(),
                                       json={"user_id": user_id, "secret": secret})
    assert_error(status, body, 409, 11002)


async def test_a_user_of_another_network_cannot_be_verified_here(identity):
    user_id, email = await registered(identity)
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Confirm your email"))
    status, body = await identity.call("POST", "/v1/other/public/verifyEmail", visitor("other"),
                                       json={"user_id": user_id, "secret": secret})
    assert_error(status, body, 404, 11000)


@pytest.mark.parametrize(("fields", "status", "code", "field"), [
    ({"email": "not-an-email"}, 400, 10100, "email"),
    ({"email": None}, 400, 10100, "email"),
    ({"password": "short"}, 400, 11004, None),
    ({"password": "password123"}, 400, 11004, None),
    ({"url": None}, 400, 10100, "url"),
    ({"is_admin": True}, 400, 11007, "is_admin"),
    ({"email_verified": True}, 400, 11007, "email_verified"),
    ({"gender": "X"}, 400, 10100, "gender"),
    ({"visibility": 7}, 400, 10100, "visibility"),
])
async def test_registration_refuses_bad_input_and_creates_nothing(identity, fields, status, code, field):
    email = new_email()
    body = {"email": email, "password": "correct horse battery", "url": VERIFY_URL} | fields
    got_status, got = await identity.call("POST", "/v1/demo/users", visitor(), json={k: v for k, v in body.items() if v is not None})
    assert_error(got_status, got, status, code)
    if field:
        assert field in got["data"]["fields"]
    async with identity.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM users WHERE lower(email) = lower($1)", email) == 0


async def test_an_email_is_registered_once_per_network_whatever_its_case(identity):
    _, email = await registered(identity)
    status, body = await register(identity, email.upper())
    assert_error(status, body, 409, 11003)
    status, body = await identity.call("POST", "/v1/other/users", visitor("other"),
                                       json={"email": email, "password": "correct horse battery", "url": VERIFY_URL})
    assert status == 200, body


async def test_simultaneous_registrations_of_one_email_make_one_user(identity):
    email = new_email()
    answers = await asyncio.gather(*(register(identity, email) for _ in range(12)))
    assert sorted(status for status, _ in answers) == [200] + [409] * 11
    assert all(body["data"]["code"] == 11003 for status, body in answers if status == 409)
    async with identity.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM users WHERE email = $1", email) == 1


async def test_resend_verification_checks_the_email_it_names(identity):
    user_id, email = await identity.registered()
    _, someone_else = await identity.registered()
    for body, status, code in (({"email": "", "url": VERIFY_URL}, 400, 10017), ({"email": "nope", "url": VERIFY_URL}, 400, 10020),
                               ({"email": someone_else, "url": VERIFY_URL}, 404, 10019)):
        got_status, got = await identity.call("POST", "/v1/demo/self/resendVerificationEmail", member(user_id), json=body)
        assert_error(got_status, got, status, code)
    status, body = await identity.call("POST", "/v1/demo/self/resendVerificationEmail", member(user_id),
                                       json={"email": email.upper(), "url": VERIFY_URL})
    assert status == 200, body


async def test_resend_verification_needs_a_url_and_an_unverified_email(identity):
    user_id, email = await registered(identity)
    status, body = await identity.call("POST", "/v1/demo/self/resendVerificationEmail", member(user_id), json={})
    assert_error(status, body, 400, 10018)
    status, body = await identity.call("POST", "/v1/demo/self/resendVerificationEmail", member(user_id),
                                       json={"url": VERIFY_URL})
    assert (status, body["data"]) == (200, {"user_id": user_id})
    second = await identity.mailbox.wait_for(email, "Confirm your email", count=2)
    _, secret = link_parameters(second)
    await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(), json={"user_id": user_id, "secret": secret})
    status, body = await identity.call("POST", "/v1/demo/self/resendVerificationEmail", member(user_id),
                                       json={"url": VERIFY_URL})
    assert_error(status, body, 409, 10021)


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"url": RESET_URL}, 400, 10009),
    ({"email": "someone@demo.example"}, 400, 10010),
    ({"email": "not an email", "url": RESET_URL}, 400, 10012),
    ({"email": "nobody-here@demo.example", "url": RESET_URL}, 404, 10011),
])
async def test_forgot_password_errors(identity, body, status, code):
    got_status, got = await identity.call("POST", "/v1/demo/public/forgotPassword", visitor(), json=body)
    assert_error(got_status, got, status, code)


async def test_a_forgotten_password_is_reset_through_the_mailed_link_once(identity):
    user_id, email = await registered(identity)
    status, body = await identity.call("POST", "/v1/demo/public/forgotPassword", visitor(),
                                       json={"email": email, "url": RESET_URL})
    assert (status, body["data"]) == (200, {"user_id": user_id})
    mail = await identity.mailbox.wait_for(email, "Reset your password")
    link_user_id, secret = link_parameters(mail)
    assert link_user_id == user_id and "from=mail" in text_of(mail)
    reset = {"user_id": str(user_id), "secret": secret, "password": "a brand new secret", "password_confirm": "a brand new secret"}
    status, body = await identity.call("POST", "/v1/demo/public/resetPassword", visitor(), json=reset)
    assert (status, body["data"]) == (200, {"user_id": user_id})
    assert await log_in_works(identity, email, "a brand new secret")
    assert not await log_in_works(identity, email, "correct horse battery")
    status, body = await identity.call("POST", "/v1/demo/public/resetPassword", visitor(), json=reset)
    assert_error(status, body, 400, 10003)


async def test_a_reset_secret_used_simultaneously_works_once(identity):
    user_id, email = await registered(identity)
    await identity.call("POST", "/v1/demo/public/forgotPassword", visitor(), json={"email": email, "url": RESET_URL})
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Reset your password"))
    attempts = [{"user_id": user_id, "secret": secret, "password": f"new secret number {n}",
                 "password_confirm": f"new secret number {n}"} for n in range(8)]
    answers = await asyncio.gather(*(identity.call("POST", "/v1/demo/public/resetPassword", visitor(), json=attempt)
                                     for attempt in attempts))
    winners = [n for n, (status, _) in enumerate(answers) if status == 200]
    assert len(winners) == 1
    assert all(body["data"]["code"] == 10003 for status, body in answers if status != 200)
    assert await log_in_works(identity, email, f"new secret number {winners[0]}")


async def test_reset_password_errors(identity):
    user_id, email = await registered(identity)
    await identity.call("POST", "/v1/demo/public/forgotPassword", visitor(), json={"email": email, "url": RESET_URL})
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Reset your password"))
    full = {"user_id": user_id, "secret": secret, "password": "a brand new secret", "password_confirm": "a brand new secret"}
    for missing, code in (("user_id", 10005), ("secret", 10006), ("password", 10007), ("password_confirm", 10008)):
        status, body = await identity.call("POST", "/v1/demo/public/resetPassword", visitor(),
                                           json={k: v for k, v in full.items() if k != missing})
        assert_error(status, body, 400, code)
    cases = [({"password_confirm": "something else"}, 409, 10001), ({"user_id": 99999999}, 404, 10002),
             ({"secret": "not-it"}, 400, 10003), ({"password": "short", "password_confirm": "short"}, 400, 11004)]
    for change, status_code, code in cases:
        status, body = await identity.call("POST", "/v1/demo/public/resetPassword", visitor(), json=full | change)
        assert_error(status, body, status_code, code)
    async with identity.pool.acquire() as conn:
        await conn.execute("UPDATE user_secrets SET expires_at = now() - interval '1 second' WHERE user_id = $1", user_id)
    status, body = await identity.call("POST", "/v1/demo/public/resetPassword", visitor(), json=full)
    assert_error(status, body, 409, 10004)


async def test_a_network_can_answer_uniformly_and_tell_the_owner_by_mail(identity):
    async with identity.pool.acquire() as conn:
        await conn.execute("""UPDATE networks SET settings = settings || '{"uniform_account_answers": true}' WHERE name = 'other'""")
    try:
        stranger = new_email()
        status, body = await identity.call("POST", "/v1/other/public/forgotPassword", visitor("other"),
                                           json={"email": stranger, "url": RESET_URL})
        assert (status, body["data"]) == (200, {"user_id": None})
        assert "no account" in text_of(await identity.mailbox.wait_for(stranger, "About your request"))
        body = {"email": stranger, "password": "correct horse battery", "url": VERIFY_URL}
        first_status, first = await identity.call("POST", "/v1/other/users", visitor("other"), json=body)
        assert first_status == 200 and first["data"]["user_id"]
        again_status, again = await identity.call("POST", "/v1/other/users", visitor("other"), json=body)
        assert (again_status, again["data"]["user_id"]) == (200, None)
        await identity.mailbox.wait_for(stranger, "You already have an account")
    finally:
        async with identity.pool.acquire() as conn:
            await conn.execute("UPDATE networks SET settings = settings - 'uniform_account_answers' WHERE name = 'other'")


async def test_links_mailed_to_one_account_are_limited_per_hour(identity):
    _, email = await registered(identity)  # its verification mail is not a reset link
    ask = {"email": email, "url": RESET_URL}
    answers = [await identity.call("POST", "/v1/demo/public/forgotPassword", visitor(), json=ask) for _ in range(7)]
    assert [status for status, _ in answers] == [200] * LINKS_PER_HOUR + [429] * 2
    assert_error(*answers[-1], 429, 10108)
    await identity.mailbox.wait_for(email, "Reset your password", count=LINKS_PER_HOUR)
    async with identity.pool.acquire() as conn:  # where the network answers uniformly: silence, not a 429
        await conn.execute("""UPDATE networks SET settings = settings || '{"uniform_account_answers": true}' WHERE name = 'demo'""")
    try:
        status, body = await identity.call("POST", "/v1/demo/public/forgotPassword", visitor(), json=ask)
        assert status == 200
    finally:
        async with identity.pool.acquire() as conn:
            await conn.execute("UPDATE networks SET settings = settings - 'uniform_account_answers' WHERE name = 'demo'")
            sent = await conn.fetchval("SELECT count(*) FROM user_secrets s JOIN users u ON u.id = s.user_id "
                                       "WHERE u.email = $1 AND s.purpose = 'reset_password'", email)
    assert sent == LINKS_PER_HOUR


async def test_newsletter_sign_up(identity):
    status, body = await identity.call("POST", "/v1/demo/public/newsletterSignUp", visitor(), json={"email": "nope"})
    assert_error(status, body, 400, 10022)
    status, body = await identity.call("POST", "/v1/demo/public/newsletterSignUp", visitor(), json={})
    assert_error(status, body, 400, 10022)
    for _ in range(2):
        status, body = await identity.call("POST", "/v1/demo/public/newsletterSignUp", visitor(),
                                           json={"email": "Reader@Demo.example"})
        assert status == 200 and "reader@demo.example" in body["data"]["message"].lower()
    async with identity.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM newsletter_signups WHERE lower(email) = 'reader@demo.example'") == 1


async def test_verification_and_settings_are_told_to_other_contexts(identity):
    user_id, email = await identity.registered()
    _, secret = link_parameters(await identity.mailbox.wait_for(email, "Confirm your email"))
    await identity.call("POST", "/v1/demo/public/verifyEmail", visitor(), json={"user_id": user_id, "secret": secret})
    async with identity.pool.acquire() as conn:
        updated = await conn.fetchval(
            "SELECT envelope->'payload'->>'email_verified' FROM outbox WHERE routing_key = 'identity.user.updated' "
            "AND envelope->'payload'->>'user_id' = $1 ORDER BY created_at DESC LIMIT 1", str(user_id))
        assert updated == "true"
    await _set_settings(identity, {"investment_requirements": ["email_verified"]})
    async with identity.pool.acquire() as conn:
        told = await conn.fetchval(
            "SELECT envelope->'payload'->'settings'->>'investment_requirements' FROM outbox "
            "WHERE routing_key = 'identity.network.settings_changed' ORDER BY created_at DESC LIMIT 1")
    await _set_settings(identity, {"investment_requirements": []})
    assert told == '["email_verified"]'


async def _set_settings(identity, settings: dict) -> None:
    async with identity.operator() as uow:
        await set_settings(uow, "other", settings)
        await uow.commit()
