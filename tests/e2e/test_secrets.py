"""Secrets: none written in the repository runs a process, session tokens expire, and no stored
Idempotency-Key answer or log line holds a credential (docs/security.md)."""

import asyncio
import os
import secrets
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg
import jwt
import pytest

from common.http.principal import Principal
from common.testing import assert_error, free_port, principal_headers
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters
from sandboxes.social import DEMO_CREDENTIALS

# The values the repository's settings once defaulted to: anyone could read them.
PUBLISHED_INTERNAL_SECRET = b"local-dev-internal-secret-change-me"
PUBLISHED_TOKEN_SECRET = "local-dev-token-secret-change-me"
TEN_YEARS = timedelta(days=3650)


async def call(http, method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


async def identity_db(stack) -> asyncpg.Connection:
    return await asyncpg.connect(f"{stack.env['CV_DATABASE_URL'].rstrip('/')}/{stack.env['CV_IDENTITY_DATABASE']}")


async def log_in(stack, http, email: str, password: str) -> str:
    auth = cv_auth_header(stack.demo.api_key, stack.demo.api_secret, email, password)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate", headers={"cv-auth": auth})
    assert status == 200, body
    return body["data"]["token"]


def re_signed(token: str, secret: str, expires: datetime) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims | {"exp": int(expires.timestamp())}, secret, algorithm="HS256")


def without_secrets(**extra: str) -> dict[str, str]:
    """The environment of a process started by hand: no CV_ variable but ``extra``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CV_")} | extra


# --- no process runs on a secret written in the repository ---------------------------------

@pytest.mark.parametrize(("service", "missing"), [
    ("gateway", "CV_INTERNAL_SECRET"), ("identity", "CV_INTERNAL_SECRET"), ("identity", "CV_TOKEN_SECRET"),
    ("offerings", "CV_INTERNAL_SECRET"), ("registry", "CV_INTERNAL_SECRET"), ("payments", "CV_INTERNAL_SECRET"),
])
def test_a_process_started_without_its_secret_refuses_to_start_naming_it(service, missing):
    given = {"CV_INTERNAL_SECRET": secrets.token_urlsafe(32), "CV_TOKEN_SECRET": secrets.token_urlsafe(32)}
    del given[missing]
    port = str(free_port())
    env = without_secrets(**given, CV_HTTP_PORT=port, **{f"CV_{service.upper()}_PORT": port})
    done = subprocess.run([sys.executable, "-m", service], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert f"{service} refuses to start: {missing} is not set" in done.stderr


@pytest.mark.parametrize(("secret", "refusal"), [
    ("change-me-internal", "CV_INTERNAL_SECRET is shorter than 32 characters"),
    (PUBLISHED_INTERNAL_SECRET.decode(), "CV_INTERNAL_SECRET is a default published in this repository's history"),
])
def test_a_process_given_a_short_or_published_secret_refuses_to_start(secret, refusal):
    port = str(free_port())
    env = without_secrets(CV_INTERNAL_SECRET=secret, CV_HTTP_PORT=port)
    done = subprocess.run([sys.executable, "-m", "gateway"], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and refusal in done.stderr


async def test_a_principal_signed_with_the_published_default_secret_is_refused_by_each_service(stack, http):
    conn = await identity_db(stack)
    try:
        network_id = await conn.fetchval("SELECT id FROM networks WHERE name = 'other'")
    finally:
        await conn.close()
    forged = Principal(network="other", network_id=network_id, user_id=stack.other.admin_user_id, is_admin=True)
    for service, path in (("identity", "/v1/other/admin/users"), ("offerings", "/v1/other/offerings"),
                          ("registry", "/v1/other/self/portfolio"), ("payments", "/v1/other/self/wallets")):
        headers = principal_headers(forged, PUBLISHED_INTERNAL_SECRET, "GET", path)
        status, body = await call(http, "GET", stack.service_urls[service] + path, headers=headers)
        assert_error(status, body, 401, 10114)


async def test_a_session_token_re_signed_with_the_published_default_for_ten_years_is_refused(stack, http):
    token = await log_in(stack, http, stack.demo.admin_email, stack.demo.admin_password)
    forged = re_signed(token, PUBLISHED_TOKEN_SECRET, datetime.now(timezone.utc) + TEN_YEARS)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers={"jwt-auth": forged})
    assert_error(status, body, 401, 10207)


def test_make_up_keeps_its_generated_secrets_and_reuses_them(tmp_path):
    from cvops.stack import StackPorts
    from cvops.up import stack_env

    first = stack_env(StackPorts(), tmp_path)
    assert len(first["CV_INTERNAL_SECRET"]) >= 32 and len(first["CV_TOKEN_SECRET"]) >= 32
    assert first["CV_INTERNAL_SECRET"] != first["CV_TOKEN_SECRET"]
    assert (tmp_path / "secrets.env").stat().st_mode & 0o777 == 0o600
    assert stack_env(StackPorts(), tmp_path) == first


# --- session tokens expire ---------------------------------------------------------------------

async def end_session(stack, token: str, at: str) -> datetime:
    """Move the token's session's end to ``now() + at``; returns that end."""
    sid = jwt.decode(token, options={"verify_signature": False})["sid"]
    conn = await identity_db(stack)
    try:
        return await conn.fetchval(f"UPDATE sessions SET expires_at = now() + interval '{at}' WHERE id = $1 "
                                   "RETURNING expires_at", uuid.UUID(sid))
    finally:
        await conn.close()


async def test_a_session_token_re_signed_for_ten_years_is_refused_once_its_session_has_ended(stack, http):
    token = await log_in(stack, http, stack.demo.admin_email, stack.demo.admin_password)
    await end_session(stack, token, "-1 second")
    secret = stack.env["CV_TOKEN_SECRET"]
    forged = re_signed(token, secret, datetime.now(timezone.utc) + TEN_YEARS)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers={"jwt-auth": forged})
    assert_error(status, body, 401, 10208)
    token = await log_in(stack, http, stack.demo.admin_email, stack.demo.admin_password)
    expired = re_signed(token, secret, datetime.now(timezone.utc) - timedelta(seconds=1))
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers={"jwt-auth": expired})
    assert_error(status, body, 401, 10208)


async def test_a_cached_session_is_refused_as_soon_as_its_session_ends(stack, http):
    token = await log_in(stack, http, stack.demo.admin_email, stack.demo.admin_password)
    ends = await end_session(stack, token, "3 seconds")
    auth = {"jwt-auth": token}
    assert (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth))[0] == 200  # now cached
    await asyncio.sleep((ends - datetime.now(timezone.utc)).total_seconds() + 0.2)  # the gateway caches 10 s
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self", headers=auth)
    assert_error(status, body, 401, 10208)


# --- secrets at rest and in logs ----------------------------------------------------------------

async def test_a_password_change_retried_with_its_idempotency_key_finds_no_session_token_stored(stack, http):
    email, passwords = f"retry-{secrets.token_hex(3)}@demo.example", ["a long pass phrase", "another long phrase"]
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users",
                              headers={"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)},
                              json={"email": email, "password": passwords[0], "url": "https://app.example/v"})
    assert status == 200, body
    key = secrets.token_hex(8)
    change = {"json": {"current_password": passwords[0], "new_password": passwords[1],
                       "new_password_confirm": passwords[1]}}
    auth = {"jwt-auth": await log_in(stack, http, email, passwords[0]), "Idempotency-Key": key}
    async with http.post(f"{stack.url}/v1/demo/self/changePassword", headers=auth, **change) as response:
        body = await response.json()
        assert response.status == 200 and "no-store" in response.headers.get("Cache-Control", ""), body
    conn = await identity_db(stack)
    try:
        stored = await conn.fetch("SELECT body FROM idempotency_keys WHERE key = $1", key)
    finally:
        await conn.close()
    assert len(stored) == 1 and body["data"]["token"].encode() not in (stored[0]["body"] or b"")
    auth["jwt-auth"] = await log_in(stack, http, email, passwords[1])  # the change revoked the first session
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/changePassword", headers=auth, **change)
    assert_error(status, body, 409, 10118)


def cv_auth_parts(header: str) -> list[str]:
    """The secret parts of a cv-auth header: TokenDigest and the encoded Password."""
    fields = dict(part.strip().split("=", 1) for part in header.removeprefix("AuthToken ").split(","))
    return [fields[name].strip('"') for name in ("TokenDigest", "Password") if name in fields]


async def send_raw(stack, request: bytes) -> None:
    """A request no HTTP client library would send (a control character in a header)."""
    parts = urlsplit(stack.url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(request)
    await writer.drain()
    await asyncio.wait_for(reader.read(65536), timeout=5)  # the answer (written after the log line)
    writer.close()


async def test_no_log_line_carries_a_secret_of_real_flows_a_failing_insert_or_a_malformed_cv_auth_header(stack, http):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    demo, url = stack.demo, f"{stack.url}/v1/demo"
    email = f"logs-{secrets.token_hex(3)}@demo.example"
    passwords = [f"first {secrets.token_hex(6)}", f"second {secrets.token_hex(6)}", f"third {secrets.token_hex(6)}"]
    provider_secrets = [app.get("client_secret") or app["consumer_secret"] for app in DEMO_CREDENTIALS.values()]
    used = [demo.api_secret, demo.admin_password, *passwords, *provider_secrets]

    def digest(username=None, password=None) -> dict[str, str]:
        header = cv_auth_header(demo.api_key, demo.api_secret, username, password)
        used.extend(cv_auth_parts(header))
        return {"cv-auth": header}

    status, body = await call(http, "POST", f"{url}/users", headers=digest() | {"Idempotency-Key": secrets.token_hex(8)},
                              json={"email": email, "password": passwords[0], "url": "https://app.example/v",
                                    "given_name": "Logs"})
    assert status == 200, body
    _, verification = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    used.append(verification)
    assert (await call(http, "POST", f"{url}/public/verifyEmail", json={"user_id": body["data"]["user_id"],
                                                                        "secret": verification}))[0] == 200
    assert (await call(http, "GET", f"{url}/authenticate", headers=digest(email, "a wrong guess!")))[0] == 401
    status, body = await call(http, "GET", f"{url}/authenticate", headers=digest(email, passwords[0]))
    used.append(body["data"]["token"])
    assert (await call(http, "GET", f"{url}/self", headers={"cv-auth": body["data"]["token"] + "x"}))[0] == 401

    assert (await call(http, "POST", f"{url}/public/forgotPassword",
                       json={"email": email, "url": "https://app.example/reset"}))[0] == 200
    user_id, reset = link_parameters(await mailbox.wait_for(email, "Reset your password"))
    used.append(reset)
    status, body = await call(http, "POST", f"{url}/public/resetPassword",
                              json={"user_id": user_id, "secret": reset, "password": passwords[1],
                                    "password_confirm": passwords[1]})
    assert status == 200, body
    status, body = await call(http, "POST", f"{url}/self/changePassword", headers=digest(email, passwords[1]),
                              json={"current_password": passwords[1], "new_password": passwords[2],
                                    "new_password_confirm": passwords[2]})
    assert status == 200, body
    used.append(body["data"]["token"])

    status, body = await call(http, "GET", f"{url}/social/facebook/link", headers=digest(),
                              params={"redirect_uri": "https://app.example/cb"})
    async with http.get(body["data"]["url"], params={"sandbox_account": "alice", "sandbox_decision": "approve"},
                        allow_redirects=False) as response:
        code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    used.append(code)
    status, body = await call(http, "POST", f"{url}/social/facebook/authenticate", headers=digest(),
                              json={"code": code, "redirect_uri": "https://app.example/cb"})
    assert status == 200, body
    used.append(body["data"]["token"])

    # a registration whose insert fails: the database's error quotes the row, password hash included
    await call(http, "POST", f"{url}/users", headers=digest(), json={
        "email": f"null-{email}", "password": passwords[0], "url": "https://app.example/v", "given_name": None})
    # a cv-auth header the HTTP parser refuses: its error quotes the header
    header = digest(email, passwords[2])["cv-auth"]
    await send_raw(stack, f"GET /v1/demo/self HTTP/1.1\r\nHost: x\r\ncv-auth: {header}\x01\r\n\r\n".encode())

    logs = stack.log_path.read_text()
    assert logs  # the stack logs at DEBUG, so there is something to search
    leaked = [secret for secret in used if secret in logs]
    assert leaked == []
    assert "$argon2" not in logs and "AuthToken" not in logs
