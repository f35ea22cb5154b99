"""The PHP SDK (the Symfony bundle the official starter app is built on) through the gateway, each
request in the form it sends: the placeholder user before anyone logs in, whole entities on save
(read-only and computed fields included), ``[]`` for an empty object, ``""`` for no id, and
numbers and flags as strings."""

import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from actors import PASSWORD, call, create_offering, move, person

from common.json import loads
from common.testing import assert_error
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters

PLACEHOLDER = 'Username="new", Password="bmV3"'  # base64 of "new", not XORed with the secret


def php_form(value: Any) -> Any:
    """A value as PHP's json_encode writes what the SDK read: numbers as strings, an empty
    associative array as ``[]``."""
    if isinstance(value, dict):
        return {key: php_form(item) for key, item in value.items()} or []
    if isinstance(value, list):
        return [php_form(item) for item in value]
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


class PhpClient:
    """Signs every call with the network's API key; before log-in with the placeholder user,
    after it with the session token."""

    def __init__(self, stack, http) -> None:
        self.stack, self.http, self.token = stack, http, None
        self.base = f"{stack.url}/v1/demo"

    def headers(self) -> dict[str, str]:
        if self.token:
            return {"jwt-auth": self.token}
        return {"cv-auth": f"{cv_auth_header(self.stack.demo.api_key, self.stack.demo.api_secret)}, {PLACEHOLDER}"}

    async def send(self, method: str, path: str, body: Any = None) -> tuple[int, dict]:
        kwargs = {} if body is None else {"json": php_form(body)}
        return await call(self.http, method, self.base + path, headers=self.headers(), **kwargs)

    async def get(self, path: str, key: str) -> dict[str, Any]:
        status, answer = await self.send("GET", path)
        assert status == 200, answer
        return answer["data"][key]

    async def save(self, path: str, key: str, **changes: Any) -> tuple[int, dict]:
        """What the SDK's save does: the whole entity as read, with the caller's changes."""
        return await self.send("PATCH", path, await self.get(path, key) | changes)

    async def log_in(self, email: str, password: str = PASSWORD) -> None:
        keys = self.stack.demo
        status, answer = await call(self.http, "GET", f"{self.base}/authenticate",
                                    headers={"cv-auth": cv_auth_header(keys.api_key, keys.api_secret, email, password)})
        assert status == 200, answer
        self.token = answer["data"]["token"]


def new_user(email: str) -> dict[str, Any]:
    """The SDK's new User entity: every property, the unset ones null."""
    return {"id": None, "email": email, "password": PASSWORD, "url": "https://app.example/verify",
            "given_name": "Php", "family_name": "Person", "is_admin": False, "is_vip": False, "email_verified": False,
            "created_at": None, "updated_at": None, "custom": {}, "image": None, "address": None,
            "bank_accounts": [], "documents": [], "organizations": []}


def new_document(url: str) -> dict[str, Any]:
    """The SDK's new Document entity: ``group_id`` defaults to the empty string."""
    return {"id": None, "url": url, "file_name": "deck.pdf", "file_type": None, "file_alias": None,
            "file_description": None, "group_id": "", "source_type": 1, "tag": None, "owner_id": None,
            "owner_object": None, "created_at": None, "updated_at": None}


async def login_failures(stack) -> int:
    dsn = f"{stack.env['CV_DATABASE_URL'].rstrip('/')}/{stack.env['CV_IDENTITY_DATABASE']}"
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval("SELECT count(*) FROM login_failures")
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def open_offering(stack, http, cast) -> int:
    """A Published offering of the cast's organization, open for investment."""
    url, org = f"{stack.url}/v1/demo", cast.organization_id
    await call(http, "PATCH", f"{url}/organizations/{org}", headers=cast.author.headers, json={"life_cycle_stage": 1})
    await call(http, "PATCH", f"{url}/organizations/{org}", headers=cast.admin.headers, json={"life_cycle_stage": 3})
    offering_id = await create_offering(stack, http, cast)
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    return offering_id


def as_php(stack, http, person_headers: dict[str, str]) -> PhpClient:
    client = PhpClient(stack, http)
    client.token = person_headers["jwt-auth"]
    return client


# 1. anonymous calls carry a placeholder user

async def test_thirty_anonymous_calls_with_the_placeholder_user_succeed_and_count_nothing(stack, http, open_offering):
    client, failures_before = PhpClient(stack, http), await login_failures(stack)
    for number in range(10):
        for path in ("/public/globals", "/public/offerings"):
            status, answer = await client.send("GET", path)
            assert status == 200, (number, path, answer)
        email = f"php-{secrets.token_hex(4)}@demo.example"
        status, answer = await client.send("POST", "/users", new_user(email))
        assert status == 200, (number, answer)
    assert await login_failures(stack) == failures_before
    await client.log_in(stack.demo.admin_email, stack.demo.admin_password)  # nobody was made to wait


async def test_the_placeholder_user_gets_no_user_endpoint_and_a_bad_digest_stays_refused(stack, http):
    client = PhpClient(stack, http)
    status, answer = await client.send("GET", "/self")
    assert_error(status, answer, 401, 10212)
    keys = stack.demo
    forged = cv_auth_header(keys.api_key, "not the secret") + f", {PLACEHOLDER}"
    status, answer = await call(http, "GET", f"{client.base}/public/globals", headers={"cv-auth": forged})
    assert_error(status, answer, 401, 10203)


async def test_a_username_naming_no_user_is_the_api_key_alone_and_counts_nothing(stack, http):
    keys, failures_before = stack.demo, await login_failures(stack)
    stranger = cv_auth_header(keys.api_key, keys.api_secret, f"nobody-{secrets.token_hex(3)}@demo.example", "guess")
    for _ in range(12):
        status, answer = await call(http, "GET", f"{stack.url}/v1/demo/public/globals", headers={"cv-auth": stranger})
        assert status == 200, answer
    status, answer = await call(http, "GET", f"{stack.url}/v1/demo/self", headers={"cv-auth": stranger})
    assert_error(status, answer, 401, 10212)
    assert await login_failures(stack) == failures_before


async def test_where_the_network_answers_uniformly_an_unknown_email_stays_a_failed_log_in(stack, http):
    name = f"uniform-{secrets.token_hex(3)}"
    created = stack.cvctl("network", "create", name, "--admin-email", f"admin@{name}.example",
                          f"--admin-password={secrets.token_urlsafe(12)}")
    assert created.returncode == 0, created.stderr
    assert stack.cvctl("network", "settings", name, '{"uniform_account_answers": true}').returncode == 0
    keys = loads(created.stdout)
    stranger = cv_auth_header(keys["api_key"], keys["api_secret"], f"nobody@{name}.example", "guess")
    status, answer = await call(http, "GET", f"{stack.url}/v1/{name}/public/globals", headers={"cv-auth": stranger})
    assert_error(status, answer, 401, 10206)
    placeholder = f"{cv_auth_header(keys['api_key'], keys['api_secret'])}, {PLACEHOLDER}"
    status, answer = await call(http, "GET", f"{stack.url}/v1/{name}/public/globals", headers={"cv-auth": placeholder})
    assert status == 200, answer


# 2. whole entities on save: what was read changes nothing, the caller's change is made

async def test_saving_a_whole_entity_changes_only_the_edited_field(stack, http, cast, open_offering):
    investor = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "phpinvestor")
    status, answer = await call(http, "POST", f"{stack.url}/v1/demo/offerings/{open_offering}/investments",
                                headers=investor.headers, json={"investment_amount": "500"})
    assert status == 200, answer
    investment = answer["data"]["investment_id"]
    saves = [
        (cast.author.headers, "/self", "user", "tagline", "Saved whole"),
        (cast.author.headers, f"/organizations/{cast.organization_id}", "organization", "brief_desc", "Whole org"),
        (cast.author.headers, f"/offerings/{open_offering}", "offering", "offering_description", "Whole offering"),
        (investor.headers, f"/investments/{investment}", "investment", "visibility", 1),
    ]
    for headers, path, key, field, value in saves:
        client = as_php(stack, http, headers)
        before = await client.get(path, key)
        status, answer = await client.save(path, key, **{field: value})
        assert status == 200, (path, answer)
        after = await client.get(path, key)
        assert after[field] == value, path
        changed = {name for name in before if before[name] != after.get(name)} - {"updated_at"}
        assert changed == {field}, (path, changed)


async def test_changing_a_read_only_or_protected_field_stays_refused(stack, http, cast, open_offering):
    author = as_php(stack, http, cast.author.headers)
    refused = [
        ("/self", "user", {"is_admin": True}, 11007),
        ("/self", "user", {"is_vip": "1"}, 11007),
        ("/self", "user", {"email_verified": False}, 11007),
        (f"/organizations/{cast.organization_id}", "organization", {"contact_point": cast.user.user_id}, 11007),
        (f"/offerings/{open_offering}", "offering", {"amount_raised": "99999.00"}, 12005),
        (f"/offerings/{open_offering}", "offering", {"investment_count": "7"}, 12005),
    ]
    for path, key, change, code in refused:
        before = await author.get(path, key)
        status, answer = await author.save(path, key, tagline="not kept", **change) if key == "user" else \
            await author.save(path, key, **change)
        assert_error(status, answer, 400, code)
        assert set(change) <= set(answer["data"]["fields"]), path
        after = await author.get(path, key)
        assert after == before, path


async def test_an_investment_sent_back_whole_keeps_its_currency_and_divested_amount(stack, http, open_offering):
    investor = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "phpsaver")
    client = as_php(stack, http, investor.headers)
    status, answer = await client.send("POST", f"/offerings/{open_offering}/investments",
                                       {"investment_amount": "300", "currency": None, "divested_amount": None,
                                        "id": None, "created_at": None, "custom": {}})
    assert status == 200, answer
    path = f"/investments/{answer['data']['investment_id']}"
    status, answer = await client.save(path, "investment", investment_amount="400.00")
    assert status == 200, answer
    assert (await client.get(path, "investment"))["investment_amount"] == "400.00"
    status, answer = await client.save(path, "investment", currency="XXX")
    assert_error(status, answer, 400, 12005)


async def test_forum_entities_are_created_from_whole_php_entities(stack, http, cast, open_offering):
    author = as_php(stack, http, cast.author.headers)
    status, answer = await author.send("POST", f"/offerings/{open_offering}/dealrooms",
                                       {"id": None, "offering_id": open_offering, "created_at": None})
    assert status == 200, answer
    room = answer["data"]["deal_room_id"]
    entity = {"id": None, "user_id": None, "given_name": None, "family_name": None, "user_name": None,
              "created_at": None, "updated_at": None, "visibility": "0"}
    status, answer = await author.send("POST", f"/dealrooms/{room}/topics", entity | {"title": "T", "body": "B"})
    assert status == 200, answer
    topic = answer["data"]["topic_id"]
    status, answer = await author.send("POST", f"/topics/{topic}/posts", entity | {"body": "P", "topic_id": topic})
    assert status == 200, answer
    post = answer["data"]["post_id"]
    status, answer = await author.send("POST", f"/posts/{post}/comments", entity | {"body": "C", "post_id": ""})
    assert status == 200, answer
    status, answer = await author.send("POST", f"/offerings/{open_offering}/bulletins",
                                       {"id": None, "title": "News", "body": "", "created_at": None})
    assert status == 200, answer
    status, answer = await author.send("POST", f"/dealrooms/{room}/topics", entity | {"title": "T", "user_id": "5"})
    assert_error(status, answer, 400, 12005)


# 3. PHP's empty object, 4. empty strings for ids, 5. numbers and flags as strings

async def test_an_empty_php_array_is_an_empty_object(stack, http, cast, open_offering):
    author = as_php(stack, http, cast.author.headers)
    for path, key in (("/self", "user"), (f"/organizations/{cast.organization_id}", "organization"),
                      (f"/offerings/{open_offering}", "offering")):
        status, answer = await call(http, "PATCH", author.base + path, headers=author.headers(),
                                    json={"custom": {"plan": "gold"}})
        assert status == 200, (path, answer)
        status, answer = await author.send("PATCH", path, {"custom": []})
        assert status == 200, (path, answer)
        assert (await author.get(path, key))["custom"] == {"plan": "gold"}, path  # an empty object merges nothing


async def test_empty_string_ids_mean_none(stack, http, cast, open_offering):
    author = as_php(stack, http, cast.author.headers)
    status, answer = await author.send("POST", f"/offerings/{open_offering}/documents", new_document("https://cdn.example/g.pdf"))
    assert status == 200, answer
    document = await author.get(f"/documents/{answer['data']['document_id']}", "document")
    assert document["group_id"] is None
    status, answer = await author.send("PATCH", f"/offerings/{open_offering}",
                                       {"primary_offering_id": "", "capitalization_id": ""})
    assert status == 200, answer


async def test_numbers_and_flags_arrive_as_strings(stack, http, cast, open_offering):
    author = as_php(stack, http, cast.author.headers)
    for source_type in ("1", "0", 1, 0):
        status, answer = await author.send("POST", f"/offerings/{open_offering}/documents",
                                           new_document("https://cdn.example/s.pdf") | {"source_type": source_type})
        assert status == 200, (source_type, answer)
    status, answer = await call(http, "POST", f"{stack.url}/v1/demo/organizations/{cast.organization_id}/offerings",
                                headers=cast.author.headers,
                                json={"funding_goal": "1000", "is_secondary_offering": "0", "term": "12",
                                      "num_of_shares": "100", "is_featured": None})
    assert status == 200, answer
    path = f"/offerings/{answer['data']['offering_id']}"
    for flag in ("1", "true", 1, True, "0", "false", 0, False):
        status, answer = await author.send("PATCH", path, {"is_secondary_offering": flag})
        assert status == 200, (flag, answer)
    offering = await author.get(path, "offering")
    assert (offering["is_secondary_offering"], offering["term"], offering["num_of_shares"]) == (False, 12, 100)
    status, answer = await author.send("PATCH", path, {"term": "twelve"})
    assert_error(status, answer, 400, 10100)
    assert "term" in answer["data"]["fields"]


# 6. the starter app's journey with a PHP-style client

async def test_a_php_client_walks_the_starter_apps_journey(stack, http, cast, open_offering):
    client, mailbox = PhpClient(stack, http), Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    assert (await client.send("GET", "/public/globals"))[0] == 200
    email = f"starter-{secrets.token_hex(4)}@demo.example"
    status, answer = await client.send("POST", "/users", new_user(email))
    assert status == 200, answer
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    status, answer = await client.send("POST", "/self/verifyEmail", {"user_id": str(user_id), "secret": secret})
    assert status == 200, answer
    await client.log_in(email)
    status, answer = await client.save("/self", "user", given_name="Starter", custom={}, image="")
    assert status == 200, answer
    assert (await client.get("/self", "user"))["given_name"] == "Starter"

    organization = {"id": None, "display_name": "Starter Ltd", "life_cycle_stage": "0", "visibility": "0",
                    "contact_point": None, "members": [], "documents": [], "custom": {}, "address": None,
                    "created_at": None, "updated_at": None}
    status, answer = await client.send("POST", "/organizations", organization)
    assert status == 200, answer
    org = answer["data"]["organization_id"]
    status, answer = await client.save(f"/organizations/{org}", "organization", brief_desc="We start")
    assert status == 200, answer

    offering = {"id": None, "organization_id": org, "name": "Starter round", "funding_goal": "25000",
                "life_cycle_stage": "0", "is_featured": None, "is_secondary_offering": "0", "amount_raised": None,
                "investment_count": None, "raised_percent": None, "contact_point": None, "custom": {},
                "primary_offering_id": "", "created_at": None, "updated_at": None}
    offering_id = await _created_once_membership_arrives(client, f"/organizations/{org}/offerings", offering)
    status, answer = await client.save(f"/offerings/{offering_id}", "offering", life_cycle_stage="1")
    assert status == 200, answer
    admin = as_php(stack, http, cast.admin.headers)
    for stage in ("3", "5"):
        status, answer = await admin.save(f"/offerings/{offering_id}", "offering", life_cycle_stage=stage)
        assert status == 200, (stage, answer)

    investment = {"id": None, "offering_id": open_offering, "investment_amount": "1500.00", "currency": None,
                  "divested_amount": None, "life_cycle_stage": "0", "visibility": "0", "custom": {}}
    status, answer = await client.send("POST", f"/offerings/{open_offering}/investments", investment)
    assert status == 200, answer
    path = f"/investments/{answer['data']['investment_id']}"
    status, answer = await client.save(path, "investment", investment_amount="2000")
    assert status == 200, answer
    status, answer = await client.send("POST", f"/offerings/{offering_id}/documents", new_document("https://cdn.example/d.pdf"))
    assert status == 200, answer
    assert (await client.get(path, "investment"))["investment_amount"] == "2000.00"
    assert len(await client.get(f"/offerings/{offering_id}/documents", "list")) == 1


async def _created_once_membership_arrives(client: PhpClient, path: str, body: dict) -> int:
    """Offerings learns of a new organization's members from identity's events."""
    from common.testing import wait_until

    created: dict = {}

    async def accepted() -> bool:
        status, answer = await client.send("POST", path, body)
        assert status in (200, 403, 404), answer
        created.update(answer)
        return status == 200

    await wait_until(accepted, timeout=10)
    return created["data"]["offering_id"]
