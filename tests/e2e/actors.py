"""The people of the end-to-end tests, registered and logged in through the gateway, and the
calls they make."""

import secrets
from dataclasses import dataclass
from pathlib import Path

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


async def person(stack, http, mailbox: Mailbox, name: str) -> Person:
    email = f"{name}-{secrets.token_hex(3)}@demo.example"
    digest = {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)}
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=digest,
                              json={"email": email, "password": PASSWORD, "url": "https://app.example/v", "given_name": name})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    await call(http, "POST", f"{stack.url}/v1/demo/public/verifyEmail", json={"user_id": user_id, "secret": secret})
    return Person(user_id, await login(stack, http, email))


async def login(stack, http, email: str, password: str = PASSWORD) -> dict[str, str]:
    auth = cv_auth_header(stack.demo.api_key, stack.demo.api_secret, email, password)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/authenticate", headers={"cv-auth": auth})
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
