"""What the end-to-end tests share: people registered and logged in through the gateway, the
calls they make, one of every object (the world), a body each write endpoint accepts, and a
fingerprint of both services' databases to show that a refused request changed nothing."""

import secrets
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from common.testing import wait_until
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters

PASSWORD = "correct horse battery"


async def call(http, method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


@dataclass
class Person:
    user_id: int
    headers: dict[str, str]


@dataclass
class Cast:
    admin: Person
    author: Person
    vip: Person
    user: Person
    organization_id: int


def front_end(stack) -> dict[str, str]:
    """What the demo network's front-end sends on every call before anyone logs in: its API key."""
    return {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)}


async def person(stack, http, mailbox: Mailbox, name: str) -> Person:
    email = f"{name}-{secrets.token_hex(3)}@demo.example"
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=front_end(stack),
                              json={"email": email, "password": PASSWORD, "url": "https://app.example/v", "given_name": name})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail", headers=front_end(stack),
                              json={"user_id": user_id, "secret": secret})
    assert status == 200, body
    return Person(user_id, await login(stack, http, email))


async def sandbox_account(stack, http, account_id: str, email: str) -> None:
    """A person of the social sandbox whose provider vouches for ``email``."""
    sandbox = f"http://127.0.0.1:{stack.env['CV_SOCIAL_SANDBOX_PORT']}"
    async with http.post(f"{sandbox}/_sandbox/accounts", json={
            "id": account_id, "name": f"{account_id.title()} Person", "given_name": account_id.title(),
            "family_name": "Person", "email": email, "email_verified": True}) as response:
        assert response.status == 200, await response.text()


async def reset_password(stack, http, mailbox: Mailbox, email: str, password: str, via: str = "public") -> None:
    """Ask for a reset link (at ``/public/...`` or an old path's folder), follow it, set ``password``."""
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/{via}/forgotPassword", headers=front_end(stack),
                              json={"email": email, "url": "https://app.example/reset"})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Reset your password"))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/{via}/resetPassword", headers=front_end(stack),
                              json={"user_id": user_id, "secret": secret, "password": password,
                                    "password_confirm": password})
    assert status == 200, body


async def login(stack, http, email: str, password: str = PASSWORD, network: str = "demo") -> dict[str, str]:
    keys = stack.demo if network == "demo" else stack.other
    auth = cv_auth_header(keys.api_key, keys.api_secret, email, password)
    status, body = await call(http, "GET", f"{stack.url}/v1/{network}/authenticate", headers={"cv-auth": auth})
    assert status == 200, body
    return {"jwt-auth": body["data"]["token"]}


async def make_cast(stack, http) -> Cast:
    """An admin, an organization's author, a VIP and a plain user, each logged in."""
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    admin = Person(stack.demo.admin_user_id, await login(stack, http, stack.demo.admin_email, stack.demo.admin_password))
    author, vip, user = [await person(stack, http, mailbox, name) for name in ("author", "vip", "user")]
    status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/admin/users/{vip.user_id}/roles",
                              headers=admin.headers, json={"is_vip": True})
    assert status == 200, body
    vip_email = (await call(http, "GET", f"{stack.url}/v1/demo/self", headers=vip.headers))[1]["data"]["user"]["email"]
    vip.headers = await login(stack, http, vip_email)  # a new session carries the VIP flag
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/organizations", headers=author.headers,
                              json={"display_name": "Author & Co"})
    return Cast(admin, author, vip, user, body["data"]["organization_id"])


async def create_offering(stack, http, cast: Cast, **fields) -> int:
    """Once identity's organization and membership events have reached offerings (they may trail
    the organization's creation by a few milliseconds), the author creates an offering."""
    url = f"{stack.url}/v1/demo/organizations/{cast.organization_id}/offerings"
    created: dict = {}

    async def accepted() -> bool:
        status, body = await call(http, "POST", url, headers=cast.author.headers,
                                  json={"funding_goal": "100000.00", "name": "Seed round"} | fields)
        assert status in (200, 403, 404), body
        created.update(body)
        return status == 200

    await wait_until(accepted, timeout=10)
    return created["data"]["offering_id"]


async def move(stack, http, who: Person, offering_id: int, stage: int) -> tuple[int, dict]:
    return await call(http, "PATCH", f"{stack.url}/v1/demo/offerings/{offering_id}", headers=who.headers,
                      json={"life_cycle_stage": stage})


async def make_world(stack, http, cast: Cast) -> dict[str, int]:
    """One of each object through the gateway, visible to the admin; the path parameters to reach them."""
    url, admin, author = f"{stack.url}/v1/demo", cast.admin.headers, cast.author.headers
    org = cast.organization_id
    await call(http, "PATCH", f"{url}/organizations/{org}", headers=author, json={"life_cycle_stage": 1})
    await call(http, "PATCH", f"{url}/organizations/{org}", headers=admin, json={"life_cycle_stage": 3})
    offering_id = await create_offering(stack, http, cast)
    status, body = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=admin, json={"is_featured": True})
    assert status == 200, body
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    investor = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "investor")
    status, body = await call(http, "POST", f"{url}/offerings/{offering_id}/investments", headers=investor.headers,
                              json={"investment_amount": "1000", "life_cycle_stage": 2})
    assert status == 200, body
    investment_id = body["data"]["investment_id"]
    room = (await call(http, "POST", f"{url}/offerings/{offering_id}/dealrooms", headers=author))[1]["data"]["deal_room_id"]
    topic = (await call(http, "POST", f"{url}/dealrooms/{room}/topics", headers=author, json={"title": "T"}))[1]["data"]["topic_id"]
    post = (await call(http, "POST", f"{url}/topics/{topic}/posts", headers=author, json={"body": "P"}))[1]["data"]["post_id"]
    await call(http, "POST", f"{url}/posts/{post}/comments", headers=investor.headers, json={"body": "C"})
    await call(http, "POST", f"{url}/offerings/{offering_id}/bulletins", headers=author, json={"title": "B"})
    doc = {"url": "https://cdn.example/a.pdf", "file_name": "a.pdf"}
    document_ids = {}
    for owner, path, who in (("user", "/self/documents", author), ("organization", f"/organizations/{org}/documents", author),
                             ("offering", f"/offerings/{offering_id}/documents", author),
                             ("investment", f"/investments/{investment_id}/documents", investor.headers),
                             ("deal_room", f"/dealrooms/{room}/documents", author)):
        status, body = await call(http, "POST", url + path, headers=who, json=doc)
        assert status == 200, (owner, body)
        document_ids[owner] = body["data"]["document_id"]
    status, body = await call(http, "POST", f"{url}/self/applications", headers=author, json={"life_cycle_stage": 2})
    assert status == 200, body
    status, body = await call(http, "POST", f"{url}/self/invitations", headers=author,
                              json={"email": "friend@example.com"})
    assert status == 200, body
    invitation_id = body["data"]["invitation_id"]
    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200

    async def embedded() -> bool:  # identity embeds documents from offerings' events
        me = (await call(http, "GET", f"{url}/self", headers=author))[1]["data"]["user"]
        return len(me["documents"]) == 1

    await wait_until(embedded, timeout=10)
    return {"offering_id": offering_id, "investment_id": investment_id, "organization_id": org,
            "user_id": cast.author.user_id, "dealroom_id": room, "topic_id": topic, "post_id": post,
            "document_id": document_ids["offering"], "invitation_id": invitation_id}


async def settle(stack) -> dict[str, str]:
    """The databases' fingerprint once every event in flight has been consumed."""
    seen: list[dict[str, str]] = [await fingerprint(stack)]

    async def still() -> bool:  # unchanged for a whole second: every event has been consumed
        seen.append(await fingerprint(stack))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    await wait_until(still, timeout=15, interval=0.5)
    return seen[-1]


BOOKKEEPING = ("outbox", "inbox", "mail_outbox")  # delivery state the background workers move on


async def fingerprint(stack) -> dict[str, str]:
    """Each table's contents, hashed, in both services' databases."""
    prints = {}
    for service in ("identity", "offerings"):
        dsn = f"{stack.env['CV_DATABASE_URL'].rstrip('/')}/{stack.env[f'CV_{service.upper()}_DATABASE']}"
        conn = await asyncpg.connect(dsn)
        try:
            tables = [row["tablename"] for row in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
            for table in tables:
                if table not in BOOKKEEPING:
                    prints[f"{service}.{table}"] = await conn.fetchval(
                        f'SELECT md5(coalesce(string_agg(t::text, \',\' ORDER BY t::text), \'\')) FROM "{table}" t')
        finally:
            await conn.close()
    return prints


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
    "POST /organizations": {"display_name": "Made in a test"},
    "POST /self/documents": DOCUMENT,
    "POST /self/applications": {"life_cycle_stage": 0},
    "POST /self/invitations": {"email": "friend@elsewhere.example"},
    "POST /public/newsletterSignUp": {"email": "reader@elsewhere.example"},
}
