"""Credential checks of identity's internal authenticate endpoint, one rule per test."""

import secrets
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from common.http.principal import Principal
from common.testing.cvauth import encode_password, token_digest
from identity.domain.passwords import wait_after_failures
from identity.domain.tokens import SessionClaims, issue_token
from identity.domain.users import User
from identity.service.networks import named
from identity.service.profile import block
from identity.service.sessions import change_password


def stamp(offset_seconds: int = 0) -> str:
    moment = datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def digest(tenant, *, user: bool = True, password: str | None = None, secret: str | None = None,
           nonce: str | None = None, created: str | None = None, api_key: str | None = None) -> dict:
    nonce, created = nonce or secrets.token_hex(8), created or stamp()
    credential = {
        "kind": "digest",
        "api_key": api_key or tenant.api_key,
        "token_digest": token_digest(nonce, created, secret or tenant.api_secret),
        "nonce": nonce,
        "created": created,
    }
    if user:
        credential |= {"username": tenant.admin_email,
                       "password": encode_password(password or tenant.admin_password, tenant.api_secret)}
    return credential


async def log_in(identity, tenant) -> str:
    status, body = await identity.authenticate(tenant.network, digest(tenant))
    assert status == 200, body
    principal = Principal(**body["data"]["principal"])
    status, body = await identity.call("GET", f"/v1/{tenant.network}/authenticate", principal)
    assert status == 200, body
    assert body["data"]["network"] == tenant.network
    return body["data"]["token"]


def assert_refused(status: int, body: dict, code: int) -> None:
    assert (status, body["outcome"], body["data"]["code"]) == (401, "error", code), body


async def test_digest_with_user_names_the_user(identity):
    status, body = await identity.authenticate("demo", digest(identity.demo))
    assert status == 200, body
    assert body["data"]["principal"] == {
        "network": "demo", "network_id": body["data"]["principal"]["network_id"],
        "user_id": identity.demo.admin_user_id, "is_admin": True, "is_vip": False, "via_api_key": True,
    }
    assert body["data"]["cache_seconds"] == identity.settings.token_cache_seconds


async def test_a_digest_near_the_end_of_its_window_is_cached_only_until_then(identity):
    status, body = await identity.authenticate("demo", digest(identity.demo, created=stamp(-895)))
    assert status == 200, body
    assert 0 <= body["data"]["cache_seconds"] <= 5


async def test_digest_without_user_is_the_network_itself(identity):
    status, body = await identity.authenticate("demo", digest(identity.demo, user=False))
    assert status == 200, body
    assert body["data"]["principal"]["user_id"] is None
    assert body["data"]["principal"]["via_api_key"] is True


async def test_created_forms_with_z_and_compact_offset_are_accepted(identity):
    now = datetime.now(timezone.utc)
    for created in (now.strftime("%Y-%m-%dT%H:%M:%SZ"), now.strftime("%Y-%m-%dT%H:%M:%S+0000")):
        status, body = await identity.authenticate("demo", digest(identity.demo, created=created))
        assert status == 200, body


async def test_the_sdk_password_encoding_example(identity):
    assert encode_password("testtest", "ap1s3cr3t") == "FRVCB0cGAUc="


@pytest.mark.parametrize(("case", "code"), [
    ("wrong_secret", 10203),
    ("stale", 10204),
    ("future", 10204),
    ("garbage_created", 10204),
    ("wrong_password", 10206),
    ("unknown_key", 10202),
    ("other_networks_key", 10210),
])
async def test_bad_digests_are_refused_with_their_own_code(identity, case, code):
    tenant = identity.demo
    credential = {
        "wrong_secret": lambda: digest(tenant, secret="not-the-secret"),
        "stale": lambda: digest(tenant, created=stamp(-901)),
        "future": lambda: digest(tenant, created=stamp(+901)),
        "garbage_created": lambda: digest(tenant, created="yesterday"),
        "wrong_password": lambda: digest(tenant, password="wrong-password"),
        "unknown_key": lambda: digest(tenant, api_key="no-such-key"),
        "other_networks_key": lambda: digest(identity.other),
    }[case]()
    status, body = await identity.authenticate("demo", credential)
    assert_refused(status, body, code)


async def test_a_username_naming_no_user_is_the_api_key_alone(identity):
    status, body = await identity.authenticate("demo", digest(identity.demo) | {"username": "nobody@demo.example"})
    assert status == 200 and body["data"]["principal"]["user_id"] is None, body


async def test_the_same_header_may_be_sent_again_within_the_window(identity):
    credential = digest(identity.demo)
    for _ in range(3):
        status, body = await identity.authenticate("demo", credential)
        assert status == 200, body


async def test_a_nonce_seen_under_another_created_is_refused(identity):
    first = digest(identity.demo, nonce="reused-nonce", created=stamp(-60))
    assert (await identity.authenticate("demo", first))[0] == 200
    status, body = await identity.authenticate("demo", digest(identity.demo, nonce="reused-nonce"))
    assert_refused(status, body, 10205)


async def test_a_nonce_of_one_network_does_not_block_another(identity):
    created = stamp()
    assert (await identity.authenticate("demo", digest(identity.demo, nonce="shared", created=created)))[0] == 200
    assert (await identity.authenticate("other", digest(identity.other, nonce="shared", created=stamp(-5))))[0] == 200


async def test_a_session_token_verifies_and_may_be_cached_briefly(identity):
    token = await log_in(identity, identity.demo)
    status, body = await identity.authenticate("demo", {"kind": "token", "token": token})
    assert status == 200, body
    assert body["data"]["principal"]["user_id"] == identity.demo.admin_user_id
    assert body["data"]["principal"]["via_api_key"] is False
    assert 0 < body["data"]["cache_seconds"] <= identity.settings.token_cache_seconds


async def test_a_token_of_another_network_is_refused(identity):
    token = await log_in(identity, identity.other)
    status, body = await identity.authenticate("demo", {"kind": "token", "token": token})
    assert_refused(status, body, 10213)


async def test_a_garbage_token_is_refused(identity):
    status, body = await identity.authenticate("demo", {"kind": "token", "token": "not.a.token"})
    assert_refused(status, body, 10207)


async def test_a_token_signed_with_another_secret_is_refused(identity):
    now = datetime.now(timezone.utc)
    claims = SessionClaims(identity.demo.admin_user_id, "demo", 1, uuid.uuid4(), now, now + timedelta(hours=1))
    status, body = await identity.authenticate("demo", {"kind": "token", "token": issue_token(claims, "forged-" + "x" * 32)})
    assert_refused(status, body, 10207)


async def test_an_expired_token_is_refused(identity):
    now = datetime.now(timezone.utc)
    claims = SessionClaims(identity.demo.admin_user_id, "demo", 1, uuid.uuid4(),
                           now - timedelta(hours=2), now - timedelta(hours=1))
    token = issue_token(claims, identity.settings.token_secret.get_secret_value())
    status, body = await identity.authenticate("demo", {"kind": "token", "token": token})
    assert_refused(status, body, 10208)


async def _user(identity, tenant, email: str, password: str) -> User:
    from identity.domain.passwords import hash_password

    async with identity.operator() as uow:
        network = await named(uow, tenant.network)
        user = await uow.users.add(network.id, email, await hash_password(password))
        await uow.commit()
    return user


async def test_blocking_a_user_revokes_their_tokens_and_refuses_their_digest(identity):
    tenant = identity.demo
    user = await _user(identity, tenant, "blocked@demo.example", "password-1")
    member = tenant.as_user(user.email, "password-1")
    token = await log_in(identity, member)
    async with identity.operator() as uow:
        await named(uow, "demo")
        await block(uow, user, None, None, None)
        await uow.commit()
    async with identity.pool.acquire() as conn:
        events = await conn.fetch("SELECT routing_key FROM outbox WHERE envelope->'payload'->>'user_id' = $1", str(user.id))
    assert {"identity.user.blocked", "identity.user.sessions_revoked"} <= {e["routing_key"] for e in events}
    status, body = await identity.authenticate("demo", {"kind": "token", "token": token})
    assert_refused(status, body, 10211)
    status, body = await identity.authenticate("demo", digest(member))
    assert_refused(status, body, 10211)


async def test_changing_the_password_revokes_existing_tokens(identity):
    tenant = identity.demo
    user = await _user(identity, tenant, "mover@demo.example", "password-1")
    member = tenant.as_user(user.email, "password-1")
    old_token = await log_in(identity, member)
    async with identity.operator() as uow:
        await change_password(uow, await named(uow, "demo"), user.id, "password-2")
        await uow.commit()
    status, body = await identity.authenticate("demo", {"kind": "token", "token": old_token})
    assert_refused(status, body, 10209)
    renewed = member.as_user(member.admin_email, "password-2")
    new_token = await log_in(identity, renewed)
    assert (await identity.authenticate("demo", {"kind": "token", "token": new_token}))[0] == 200


async def test_malformed_authenticate_body_is_a_validation_error(identity):
    status, body = await identity.authenticate("demo", {"kind": "digest"})
    assert (status, body["data"]["code"]) == (400, 10100)
    assert "api_key" in str(body["data"]["fields"])


async def test_ten_wrong_passwords_lock_nothing_and_the_eleventh_makes_even_the_right_one_wait(identity):
    user_id, email = await identity.registered()
    for _ in range(10):
        assert_refused(*await identity.digest_log_in(email, "wrong password"), 10206)
    assert (await identity.digest_log_in(email, "correct horse battery"))[0] == 200  # a success forgets them
    for _ in range(11):
        assert_refused(*await identity.digest_log_in(email, "wrong password"), 10206)
    status, body = await identity.digest_log_in(email, "correct horse battery")
    assert (status, body["data"]["code"]) == (429, 10108)
    assert (await identity.digest_log_in(identity.demo.admin_email, identity.demo.admin_password))[0] == 200
    async with identity.pool.acquire() as conn:  # the wait passes
        await conn.execute("UPDATE login_failures SET failed_at = failed_at - interval '2 seconds'")
    assert (await identity.digest_log_in(email, "correct horse battery"))[0] == 200


def test_the_wait_doubles_with_each_wrong_password_up_to_its_cap():
    assert [wait_after_failures(n, 10, 900) for n in (0, 10, 11, 12, 13, 20, 21, 40, 10_000)] == \
        [0, 0, 1, 2, 4, 512, 900, 900, 900]


async def test_a_new_password_forgets_the_wrong_guesses_at_the_old_one(identity):
    user_id, email = await identity.registered()
    for _ in range(11):
        assert_refused(*await identity.digest_log_in(email, "wrong password"), 10206)
    async with identity.operator() as uow:
        await change_password(uow, await named(uow, "demo"), user_id, "a brand new phrase")
        await uow.commit()
    assert (await identity.digest_log_in(email, "a brand new phrase"))[0] == 200
