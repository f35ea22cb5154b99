"""Revocation and password guessing through the gateway, as an attacker (or a busy front-end) sends it.

A second gateway, in front of a second identity replica on the same database, shows what every
replica shares: revocations reach it by event, and the counts of wrong passwords live in
identity's PostgreSQL (that replica spends a network's wrong-password budget after 20 a minute,
so the budget can be seen without hundreds of argon2 checks).
"""

import asyncio
import secrets
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from actors import PASSWORD, call, person

from common.json import dumps, loads
from common.testing import NetworkCredentials, assert_error, free_port, wait_until
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox
from cvops.stack import ProcessSpec, Stack
from identity.domain.passwords import hash_password
from identity.service.unit_of_work import IdentityUnitOfWork

CREDENTIALS_CHANGED_HEADER = "X-CV-Credentials-Changed"
REPLICA_NETWORK_BUDGET = 20


@dataclass(frozen=True)
class Replica:
    url: str  # a second gateway, in front of a second identity process


@pytest.fixture(scope="module")
async def replica(stack, tmp_path_factory) -> AsyncIterator[Replica]:
    identity_port, gateway_port = free_port(), free_port()
    env = stack.env | {"CV_IDENTITY_PORT": str(identity_port), "CV_IDENTITY_URL": f"http://127.0.0.1:{identity_port}",
                       "CV_HTTP_PORT": str(gateway_port),
                       "CV_AUTH_NETWORK_FAILURES_PER_MINUTE": str(REPLICA_NETWORK_BUDGET)}
    specs = [ProcessSpec("identity-replica", [sys.executable, "-m", "identity"], f"http://127.0.0.1:{identity_port}/readyz"),
             ProcessSpec("gateway-replica", [sys.executable, "-m", "gateway"], f"http://127.0.0.1:{gateway_port}/healthz")]
    running = Stack(specs, env, str(tmp_path_factory.mktemp("replica") / "replica.log"))
    try:
        await running.start(timeout=60)
        yield Replica(f"http://127.0.0.1:{gateway_port}")
    finally:
        await running.stop()


def new_network(stack) -> NetworkCredentials:
    """A network of its own, so that its wrong passwords spend no other test's budget."""
    name = f"limits{secrets.token_hex(3)}"
    email, password = f"admin@{name}.example", secrets.token_urlsafe(12)
    result = stack.cvctl("network", "create", name, "--admin-email", email, f"--admin-password={password}")
    assert result.returncode == 0, result.stderr
    return NetworkCredentials(**loads(result.stdout), admin_email=email, admin_password=password)


@pytest.fixture(scope="module")
def lockable(stack) -> NetworkCredentials:
    return new_network(stack)


def guess(keys: NetworkCredentials, email: str, password: str) -> dict[str, str]:
    return {"cv-auth": cv_auth_header(keys.api_key, keys.api_secret, email, password)}


async def registered(stack, http, name: str):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    someone = await person(stack, http, mailbox, name)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=someone.headers)
    assert status == 200, body  # the session is now in the gateway's cache
    return someone, body["data"]["user"]["email"]


async def owner_logs_in(stack, http, keys: NetworkCredentials) -> None:
    status, body = await call(http, "GET", f"{stack.url}/v1/{keys.network}/authenticate",
                              headers=guess(keys, keys.admin_email, keys.admin_password))
    assert status == 200, body


# Revocation lags the answer


async def pipelined(base_url: str, *requests: tuple[str, str, dict[str, str], dict | None]) -> list[tuple[int, dict]]:
    """Send the requests back to back on one connection (HTTP/1.1 pipelining): each next one is
    read by the gateway the moment the answer before it has left, before any event can arrive."""
    address = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        for method, path, headers, body in requests:
            payload = dumps(body) if body is not None else b""
            head = [f"{method} {path} HTTP/1.1", f"Host: {address.netloc}", f"Content-Length: {len(payload)}",
                    "Content-Type: application/json", *(f"{name}: {value}" for name, value in headers.items())]
            writer.write("\r\n".join(head).encode() + b"\r\n\r\n" + payload)
        await writer.drain()
        answers = []
        for _ in requests:
            status_line, *lines = (await reader.readuntil(b"\r\n\r\n")).decode().strip().split("\r\n")
            fields = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}
            answers.append((int(status_line.split()[1]), loads(await reader.readexactly(int(fields["content-length"])))))
        return answers
    finally:
        writer.close()


async def test_a_token_sent_the_moment_blockuser_answers_no_longer_reads_self(stack, http):
    someone, _ = await registered(stack, http, "blocker")
    (status, body), (then, answer) = await pipelined(stack.url, ("POST", "/v1/demo/self/blockUser", someone.headers, {}),
                                                     ("GET", "/v1/demo/self", someone.headers, None))
    assert status == 200, body
    assert_error(then, answer, 401, 10211)


async def test_a_token_sent_the_moment_account_deletion_answers_no_longer_reads_self(stack, http):
    someone, _ = await registered(stack, http, "leaver")
    (status, body), (then, answer) = await pipelined(stack.url, ("DELETE", "/v1/demo/self", someone.headers, None),
                                                     ("GET", "/v1/demo/self", someone.headers, None))
    assert status == 200, body
    assert_error(then, answer, 401, 10211)


async def test_the_old_token_sent_the_moment_changepassword_answers_is_revoked(stack, http):
    someone, _ = await registered(stack, http, "changer")
    change = {"current_password": PASSWORD, "new_password": "another long phrase",
              "new_password_confirm": "another long phrase"}
    (status, body), (then, answer) = await pipelined(
        stack.url, ("POST", "/v1/demo/self/changePassword", someone.headers, change),
        ("GET", "/v1/demo/self", someone.headers, None))
    assert status == 200, body
    assert_error(then, answer, 401, 10209)


async def test_a_block_by_an_admin_stops_the_users_very_next_request(stack, http, cast):
    someone, _ = await registered(stack, http, "blocked")
    (status, body), (then, answer) = await pipelined(
        stack.url, ("POST", f"/v1/demo/admin/users/{someone.user_id}/block", cast.admin.headers, {}),
        ("GET", "/v1/demo/self", someone.headers, None))
    assert status == 200, body
    assert_error(then, answer, 401, 10211)


async def test_a_demoted_admins_very_next_request_is_no_longer_an_admins(stack, http, cast):
    someone, _ = await registered(stack, http, "deputy")
    roles = f"/v1/demo/admin/users/{someone.user_id}/roles"
    (status, body), (then, answer) = await pipelined(stack.url, ("PATCH", roles, cast.admin.headers, {"is_admin": True}),
                                                     ("GET", "/v1/demo/admin/users", someone.headers, None))
    assert (status, then) == (200, 200), (body, answer)
    (status, body), (then, answer) = await pipelined(stack.url, ("PATCH", roles, cast.admin.headers, {"is_admin": False}),
                                                     ("GET", "/v1/demo/admin/users", someone.headers, None))
    assert status == 200, body
    assert_error(then, answer, 403, 10113)


async def test_the_internal_credentials_header_never_reaches_a_client(stack, http, cast):
    someone, _ = await registered(stack, http, "watcher")
    forged = {CREDENTIALS_CHANGED_HEADER: str(cast.admin.user_id)}
    answers = [("PATCH", f"/admin/users/{someone.user_id}/roles", cast.admin.headers | forged, {"is_vip": True}),
               ("POST", "/self/blockUser", someone.headers | forged, {})]
    for method, path, headers, body in answers:
        async with http.request(method, f"{stack.url}/v1/demo{path}", headers=headers, json=body) as response:
            assert response.status == 200, await response.text()
            assert CREDENTIALS_CHANGED_HEADER not in response.headers
    assert (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=cast.admin.headers))[0] == 200


async def test_a_block_reaches_every_other_gateway_within_a_second(stack, http, cast, replica):
    someone, _ = await registered(stack, http, "elsewhere")
    assert (await call(http, "GET", f"{replica.url}/v1/demo/self", headers=someone.headers))[0] == 200
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/admin/users/{someone.user_id}/block",
                              headers=cast.admin.headers, json={})
    assert status == 200, body

    async def refused() -> bool:
        return (await call(http, "GET", f"{replica.url}/v1/demo/self", headers=someone.headers))[0] == 401

    await wait_until(refused, timeout=1, interval=0.02)


# Password guessing on any endpoint


async def test_spraying_passwords_through_public_globals_and_self_is_stopped_on_every_gateway(stack, http, replica):
    keys, statuses = new_network(stack), []
    victims = [f"victim{number}@{keys.network}.example" for number in range(REPLICA_NETWORK_BUDGET + 1)]
    await seed_users(stack, victims, keys.network)
    first_guess_at = time.monotonic()
    for number in range(REPLICA_NETWORK_BUDGET):
        gateway, path = (stack.url, "public/globals") if number % 2 else (replica.url, "self")
        email = victims[number]
        statuses.append((await call(http, "GET", f"{gateway}/v1/{keys.network}/{path}",
                                    headers=guess(keys, email, "Summer2026!")))[0])
    assert statuses == [401] * REPLICA_NETWORK_BUDGET
    async with http.get(f"{replica.url}/v1/{keys.network}/public/globals",
                        headers=guess(keys, victims[-1], "Summer2026!")) as response:
        assert_error(response.status, await response.json(), 429, 10108)
        # the budget frees when the first wrong password leaves its minute
        since_first_guess = time.monotonic() - first_guess_at
        assert 60 - since_first_guess - 1 <= int(response.headers["Retry-After"]) <= 60


async def test_guessing_the_current_password_with_a_stolen_session_is_slowed(stack, http):
    someone, _ = await registered(stack, http, "stolen")
    url = f"{stack.url}/v1/demo/self/changePassword"
    for number in range(10):
        status, body = await call(http, "POST", url, headers=someone.headers,
                                  json={"current_password": f"guess number {number}", "new_password": "taken over now",
                                        "new_password_confirm": "taken over now"})
        assert_error(status, body, 401, 11005)
    async with http.post(url, headers=someone.headers, json={"current_password": "guess eleven", "new_password": "x" * 12,
                                                              "new_password_confirm": "x" * 12}) as response:
        assert response.status == 401  # the eleventh is still checked, and starts the wait
    async with http.post(url, headers=someone.headers, json={"current_password": PASSWORD, "new_password": "x" * 12,
                                                              "new_password_confirm": "x" * 12}) as response:
        assert_error(response.status, await response.json(), 429, 10108)
        assert response.headers["Retry-After"] == "1"


# One front-end server is one client


async def seed_users(stack, emails: list[str], network_name: str = "demo") -> None:
    """Users of a network with one password (one argon2 hash for all: only the log-ins are under test)."""
    conn = await asyncpg.connect(f"{stack.env['CV_DATABASE_URL'].rstrip('/')}/{stack.env['CV_IDENTITY_DATABASE']}")
    try:
        async with IdentityUnitOfWork(None, None, conn) as uow:
            network = await uow.networks.by_name(network_name)
            password_hash = await hash_password(PASSWORD)
            for email in emails:
                await uow.users.add(network.id, email, password_hash)
            await uow.commit()
    finally:
        await conn.close()


async def test_fifty_users_logging_in_within_a_minute_from_one_front_end_server_all_succeed(stack, http):
    emails = [f"crowd{number}-{secrets.token_hex(3)}@demo.example" for number in range(50)]
    await seed_users(stack, emails)
    at_once = asyncio.Semaphore(10)  # the front-end's users arrive ten at a time

    async def log_in(email: str) -> tuple[int, dict]:
        async with at_once:
            return await call(http, "GET", f"{stack.url}/v1/demo/authenticate", headers=guess(stack.demo, email, PASSWORD))

    logins = await asyncio.gather(*(log_in(email) for email in emails))
    assert [status for status, _ in logins] == [200] * 50, [body for status, body in logins if status != 200]


async def test_a_front_end_registering_a_dozen_users_at_once_is_not_throttled(stack, http):
    front_end = {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)}
    for number in range(12):
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=front_end,
                                  json={"email": f"signup{number}-{secrets.token_hex(3)}@demo.example",
                                        "password": PASSWORD, "url": "https://app.example/v"})
        assert status == 200, body


async def test_anonymous_callers_are_still_limited_per_address(stack, http):
    statuses = []
    for number in range(40):
        async with http.post(f"{stack.url}/v1/other/public/newsletterSignUp",
                             json={"email": f"reader{number}@other.example"}) as response:
            statuses.append(response.status)
            if response.status == 429:
                assert_error(429, await response.json(), 429, 10108)
                assert int(response.headers["Retry-After"]) >= 1
                break
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}


# Locking anyone out


async def test_ten_wrong_passwords_do_not_lock_the_admin_out(stack, http, lockable):
    keys = lockable
    url = f"{stack.url}/v1/{keys.network}/authenticate"
    for _ in range(10):
        status, body = await call(http, "GET", url, headers=guess(keys, keys.admin_email, "not the password"))
        assert_error(status, body, 401, 10206)
    await owner_logs_in(stack, http, keys)


async def test_guessing_on_waits_longer_after_each_failure_and_says_how_long(stack, http, lockable, replica):
    keys = lockable
    gateways = [stack.url, replica.url]  # the count is shared: guesses alternate between the replicas
    for number in range(11):
        status, body = await call(http, "GET", f"{gateways[number % 2]}/v1/{keys.network}/self",
                                  headers=guess(keys, keys.admin_email, f"guess {number}"))
        assert_error(status, body, 401, 10206)
    waits = []
    for number in range(2):
        async with http.get(f"{gateways[number % 2]}/v1/{keys.network}/authenticate",
                            headers=guess(keys, keys.admin_email, keys.admin_password)) as response:
            assert_error(response.status, await response.json(), 429, 10108)
            waits.append(int(response.headers["Retry-After"]))
        await asyncio.sleep(waits[-1])
        if number == 0:  # after the announced wait one more guess is checked, and doubles the wait
            status, body = await call(http, "GET", f"{replica.url}/v1/{keys.network}/self",
                                      headers=guess(keys, keys.admin_email, "one more guess"))
            assert_error(status, body, 401, 10206)
    assert waits == [1, 2]
    await owner_logs_in(stack, http, keys)  # the owner gets in
