"""Bad input changes nothing: every write endpoint of the services built so far answers a
malformed or non-object JSON body with a 400 error envelope, even the endpoints that take no
body, and no row of either service's database changes."""

import asyncio
import json
import re
import secrets
from pathlib import Path

import pytest
from actors import DOCUMENT, VALID_BODIES, call, create_offering, fingerprint, person, settle

from common.endpoints import all_endpoints
from common.testing import assert_error
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox

WRITES = [e for e in all_endpoints() if e.service in ("identity", "offerings") and e.method in ("POST", "PATCH", "PUT")]
BAD_BODIES = (b"{", b"[1]", b'"text"', b"null", b'{"custom": {"x": NaN}}', b'{"a": -Infinity}')
@pytest.mark.parametrize("endpoint", WRITES, ids=lambda e: f"{e.method} {e.path}")
async def test_a_malformed_body_is_refused_and_changes_nothing(stack, http, cast, world, settled, endpoint):
    path = endpoint.path.format(**world)
    for body in BAD_BODIES:
        status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", data=body,
                                    headers=cast.admin.headers | {"Content-Type": "application/json"})
        assert_error(status, answer, 400, 10101)
    assert await fingerprint(stack) == settled


REQUEST_FIELDS = json.loads(Path(__file__).with_name("documented_requests.json").read_text())
WRONG_VALUES = ([1], {"a": 1}, "x" * 20_000, 10**30, -1, True, None, "١٢٣", "10_0", [])


@pytest.mark.parametrize("endpoint", [e for e in WRITES if f"{e.method} {e.path}" in REQUEST_FIELDS],
                         ids=lambda e: f"{e.method} {e.path}")
async def test_every_documented_field_with_a_wrong_value_gets_a_clear_answer(stack, http, cast, world, endpoint):
    """Each field the document lists for the endpoint, given a value of the wrong type or size,
    is answered with an error envelope or taken (never a 500). A throwaway user makes the
    /self calls, so the network's admin is never blocked by one that is taken."""
    caller = (await throwaway_user(stack, http)) if endpoint.path.startswith("/self") else cast.admin.headers
    path = endpoint.path.format(**world)
    for field in REQUEST_FIELDS[f"{endpoint.method} {endpoint.path}"]:
        for value in WRONG_VALUES:
            body = VALID_BODIES.get(f"{endpoint.method} {endpoint.path}", {}) | {field: value}
            status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", headers=caller, json=body)
            assert status < 500 and answer["outcome"] in ("success", "error"), (field, value, answer)


async def throwaway_user(stack, http) -> dict[str, str]:
    return (await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), f"fuzz{secrets.token_hex(2)}")).headers


LISTS = [e for e in all_endpoints() if e.service in ("identity", "offerings") and e.method == "GET"
         and "/social/" not in e.path and e.path != "/authenticate"]
DOCUMENTED_FIELDS = json.loads(Path(__file__).with_name("documented_fields.json").read_text())
ADMIN_LISTS = ("/admin/users", "/admin/newsletterSignUps")  # the admin API is not in the document
PAGED = [e for e in LISTS if "list" in DOCUMENTED_FIELDS.get(f"GET {e.path}", []) or e.path in ADMIN_LISTS]
ODD_QUERIES = ("offset=-1", "limit=0", "limit=abc", "offset=99999999999999999999999", "limit=100000",
               "sort=nope", "sort=-", "filter[nope]=1", "filter[is_vip]=maybe", "offset=1&offset=2", "%ff=%fe",
               "filter[visibility]=99999999999999999999999", "filter[life_cycle_stage]=99999999999999999999999",
               "sort=name%00", "offset=1%00", "x%00=1", "filter[visibility]=%00")


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda e: e.path)
async def test_odd_query_strings_get_a_clear_answer(stack, http, cast, world, endpoint):
    path = endpoint.path.format(**world)
    caller = cast.author if path.startswith("/self") else cast.admin
    for query in ODD_QUERIES:
        async with http.get(f"{stack.url}/v1/demo{path}?{query}", headers=caller.headers) as response:
            answer = await response.json()
        assert response.status < 500 and answer["outcome"] in ("success", "error"), (query, answer)


ODD_PATHS = ("/v1/%00/public/globals", "/v1/" + "a" * 3000 + "/public/globals", "/v1/DEMO/public/globals",
             "/v1/demo/users/%20", "/v1/demo/offerings/1e3", "/v1/demo/offerings/-1",
             "/v1/demo/offerings/99999999999999999999", "/v1/demo/offerings/%C3%A9", "/v1/demo//offerings",
             "/v1/demo/public/globals/", "/v1/demo/public/globals?%00=1")


@pytest.mark.parametrize("path", ODD_PATHS)
async def test_odd_paths_get_a_clear_answer(stack, http, cast, path):
    async with http.get(f"{stack.url}{path}", headers=cast.admin.headers) as response:
        answer = await response.json(content_type=None)
    assert 400 <= response.status < 500 or response.status == 200, answer
    assert answer["outcome"] in ("success", "error")


# --- values no field can hold, explicit nulls, non-ASCII digits, the HTTP layer itself ---

@pytest.fixture(scope="module")
async def fuzzer(stack, http) -> dict[str, str]:
    """A user of its own for the /self writes, so no refused request can touch the cast."""
    return await throwaway_user(stack, http)


@pytest.fixture(scope="module")
async def quiet(stack, world, fuzzer) -> dict[str, str]:
    """The databases once the world's and the fuzzer's events have all been consumed."""
    return await settle(stack)


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


UNHOLDABLE = {"a NUL character": "a\x00b", "a NUL in a key": {"k\x00": "v"}, "a NUL in a nested value": {"k": ["\x00"]},
              "nesting past 32 levels": nested(40), "an integer past 64 bits": 2**64,
              "a negative integer past 64 bits": -(2**63) - 1, "an integer past 64 bits in a list": [1, 2**70]}


def names(answer: dict, field: str) -> bool:
    """The error envelope's fields name ``field`` (itself or a path below it)."""
    fields = answer["data"].get("fields") or {}
    return any(name == field or name.startswith(f"{field}.") for name in fields)


@pytest.mark.parametrize("endpoint", [e for e in WRITES if f"{e.method} {e.path}" in REQUEST_FIELDS],
                         ids=lambda e: f"{e.method} {e.path}")
async def test_a_value_no_field_can_hold_is_refused_naming_the_field(stack, http, cast, world, fuzzer, quiet, endpoint):
    """A NUL character (PostgreSQL stores none), JSON nested past 32 levels, an integer past 64 bits:
    in any field, custom's values included, a 400 naming the field, and nothing stored."""
    caller = fuzzer if endpoint.path.startswith("/self") else cast.admin.headers
    key, path = f"{endpoint.method} {endpoint.path}", endpoint.path.format(**world)
    fields = [*REQUEST_FIELDS[key], "custom"]
    for attack, value in UNHOLDABLE.items():
        body = VALID_BODIES.get(key, {}) | dict.fromkeys(fields, value)
        status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}", headers=caller, json=body)
        assert status == 400 and all(names(answer, field) for field in fields), (attack, answer)
    assert await fingerprint(stack) == quiet


NON_ASCII_DIGITS = ("²", "١٢٣", "１２")
ID_ENDPOINTS = [e for e in all_endpoints() if e.service in ("identity", "offerings") and "_id}" in e.path]


@pytest.mark.parametrize("endpoint", ID_ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
async def test_non_ascii_digits_in_a_path_id_are_refused_naming_it(stack, http, cast, world, quiet, endpoint):
    """`/offerings/²`: Python calls "²" a digit and int() refuses it; a 400 naming the parameter."""
    for name in re.findall(r"{(\w+_id)}", endpoint.path):
        for digits in NON_ASCII_DIGITS:
            path = endpoint.path.format(**world | {name: digits})
            body = VALID_BODIES.get(f"{endpoint.method} {endpoint.path}") if endpoint.method != "GET" else None
            status, answer = await call(http, endpoint.method, f"{stack.url}/v1/demo{path}",
                                        headers=cast.admin.headers, json=body)
            assert status == 400 and names(answer, name), (name, digits, answer)
    assert await fingerprint(stack) == quiet


@pytest.mark.parametrize("endpoint", PAGED, ids=lambda e: e.path)
async def test_non_ascii_digits_in_offset_or_limit_are_refused_naming_it(stack, http, cast, world, endpoint):
    path = endpoint.path.format(**world)
    caller = cast.author if path.startswith("/self") else cast.admin
    status, answer = await call(http, "GET", f"{stack.url}/v1/demo{path}", headers=caller.headers)
    assert status == 200 and "list" in answer["data"], answer
    for name in ("offset", "limit"):
        for digits in NON_ASCII_DIGITS:
            status, answer = await call(http, "GET", f"{stack.url}/v1/demo{path}?{name}={digits}", headers=caller.headers)
            assert status == 400 and names(answer, name), (name, digits, answer)


NOT_PLAIN_AMOUNTS = ("10_0", "١٢٣", "²", "1e3", "1 0")
BODY_NUMBERS = [  # (endpoint, field, what the rest of the body holds, the values refused)
    ("POST /public/verifyEmail", "user_id", {"secret": "x"}, NON_ASCII_DIGITS),
    ("POST /public/resetPassword", "user_id", {"secret": "x", "password": "Zq8!long-enough", "password_confirm": "Zq8!long-enough"},
     NON_ASCII_DIGITS),
    ("PATCH /offerings/{offering_id}", "capitalization_id", {}, NON_ASCII_DIGITS),
    ("PATCH /offerings/{offering_id}", "primary_offering_id", {}, NON_ASCII_DIGITS),
    ("PATCH /offerings/{offering_id}", "num_of_shares", {}, NON_ASCII_DIGITS),
    ("PATCH /offerings/{offering_id}", "is_featured", {}, ("١",)),
    ("PATCH /offerings/{offering_id}", "funding_goal", {}, NOT_PLAIN_AMOUNTS),
    ("PATCH /offerings/{offering_id}", "valuation", {}, NOT_PLAIN_AMOUNTS),
    ("POST /organizations/{organization_id}/offerings", "funding_goal", {}, NOT_PLAIN_AMOUNTS),
    ("POST /offerings/{offering_id}/investments", "investment_amount", {}, NOT_PLAIN_AMOUNTS),
    ("PATCH /investments/{investment_id}", "investment_amount", {}, NOT_PLAIN_AMOUNTS),
    ("POST /self/applications", "funding_goal", {"life_cycle_stage": 0}, NOT_PLAIN_AMOUNTS),
    ("POST /self/applications", "life_cycle_stage", {}, ("١",)),
    ("PATCH /self", "image", {}, NON_ASCII_DIGITS),
    ("PATCH /self", "visibility", {}, ("١",)),
    ("PATCH /organizations/{organization_id}", "visibility", {}, ("١",)),
    ("POST /self/documents", "group_id", DOCUMENT, NON_ASCII_DIGITS),
    ("PATCH /admin/users/{user_id}/roles", "is_vip", {}, ("١",)),
]


@pytest.mark.parametrize(("key", "field", "rest", "values"), BODY_NUMBERS, ids=lambda v: v if isinstance(v, str) else "")
async def test_a_body_id_or_amount_in_anything_but_plain_ascii_digits_is_refused_naming_it(
        stack, http, cast, world, fuzzer, quiet, key, field, rest, values):
    """`"user_id": "²"`, `"funding_goal": "10_0"`: numbers are written in plain ASCII decimal notation."""
    method, path = key.split(" ", 1)
    caller = fuzzer if path.startswith("/self") else cast.admin.headers
    for value in values:
        status, answer = await call(http, method, f"{stack.url}/v1/demo{path.format(**world)}", headers=caller,
                                    json=rest | {field: value})
        assert status == 400 and names(answer, field), (value, answer)
    assert await fingerprint(stack) == quiet


REQUIRED = [  # explicit null for a field that has no default: 400 naming it
    ("POST /organizations", "display_name", {}),
    ("PATCH /organizations/{organization_id}", "display_name", {}),
    ("POST /organizations/{organization_id}/offerings", "funding_goal", {"name": "Null goal"}),
    ("PATCH /offerings/{offering_id}", "funding_goal", {}),
    ("PATCH /self", "given_name", {}),
    ("PATCH /self", "family_name", {}),
    ("POST /offerings/{offering_id}/bulletins", "title", {}),
    ("POST /dealrooms/{dealroom_id}/topics", "title", {}),
    ("POST /topics/{topic_id}/posts", "body", {}),
    ("POST /posts/{post_id}/comments", "body", {}),
    ("POST /self/documents", "url", {}),
    ("POST /offerings/{offering_id}/investments", "investment_amount", {}),
    ("PATCH /investments/{investment_id}", "investment_amount", {}),
]


@pytest.mark.parametrize(("key", "field", "rest"), REQUIRED, ids=lambda v: v if isinstance(v, str) else "")
async def test_an_explicit_null_for_a_required_field_is_refused_naming_it(
        stack, http, cast, world, fuzzer, quiet, key, field, rest):
    method, path = key.split(" ", 1)
    caller = fuzzer if path.startswith("/self") else cast.author.headers if "/organizations" in path else cast.admin.headers
    status, answer = await call(http, method, f"{stack.url}/v1/demo{path.format(**world)}", headers=caller,
                                json=rest | {field: None})
    assert status == 400 and names(answer, field), answer
    assert await fingerprint(stack) == quiet


async def test_an_explicit_null_for_a_field_with_a_default_means_the_default(stack, http, cast, world):
    """`visibility`, `is_secondary_offering`, `external_commitments`: null is the documented default."""
    url, author = f"{stack.url}/v1/demo", cast.author.headers
    offering_id = await create_offering(stack, http, cast, is_secondary_offering=None, external_commitments=None)
    offering = (await call(http, "GET", f"{url}/offerings/{offering_id}", headers=author))[1]["data"]["offering"]
    assert (offering["is_secondary_offering"], offering["external_commitments"]) == (False, "0.00")
    status, answer = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=author,
                                json={"is_secondary_offering": True, "external_commitments": "500"})
    assert status == 200, answer
    status, answer = await call(http, "PATCH", f"{url}/offerings/{offering_id}", headers=author,
                                json={"is_secondary_offering": None, "external_commitments": None})
    assert status == 200, answer
    offering = (await call(http, "GET", f"{url}/offerings/{offering_id}", headers=author))[1]["data"]["offering"]
    assert (offering["is_secondary_offering"], offering["external_commitments"]) == (False, "0.00")
    for path in ("/self", f"/organizations/{cast.organization_id}"):
        assert (await call(http, "PATCH", url + path, headers=author, json={"visibility": 1}))[0] == 200
        status, answer = await call(http, "PATCH", url + path, headers=author, json={"visibility": None})
        assert status == 200, answer
        shown = (await call(http, "GET", url + path, headers=author))[1]["data"]
        assert next(iter(shown.values()))["visibility"] == 0, shown


async def raw_request(stack, head: bytes) -> tuple[int, dict, bytes]:
    """Send bytes as they are (no client would send them), read the whole answer."""
    host, port = stack.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=10)
    finally:
        writer.close()
    head_part, _, body = raw.partition(b"\r\n\r\n")
    status = int(head_part.split(b" ", 2)[1])
    assert b"application/json" in head_part.lower(), raw
    return status, json.loads(body), raw


CREDENTIAL = 'AuthToken ApiKey="key-that-must-not-echo", Username="victim@demo.example", Password="c2VjcmV0LXNlY3JldA=="'
HTTP_ATTACKS = {
    "an over-long URL": (b"GET /v1/demo/public/globals?" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n"
                         b"cv-auth: " + CREDENTIAL.encode() + b"\r\n\r\n", 414),
    "an over-long header": (b"GET /v1/demo/public/globals HTTP/1.1\r\nHost: x\r\ncv-auth: " + CREDENTIAL.encode()
                            + b"A" * 20_000 + b"\r\n\r\n", 431),
    "too many headers": (b"GET /v1/demo/public/globals HTTP/1.1\r\nHost: x\r\ncv-auth: " + CREDENTIAL.encode() + b"\r\n"
                         + b"".join(b"X-Filler-%d: 1\r\n" % i for i in range(200)) + b"\r\n", 431),
    "a malformed request line": (b"GET /v1/demo/public/globals HTTP/1.1 extra\r\nHost: x\r\ncv-auth: "
                                 + CREDENTIAL.encode() + b"\r\n\r\n", 400),
    "a request line that is not HTTP": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03cv-auth: " + CREDENTIAL.encode()
                                        + b"\r\n\r\n", 400),
    "a header without a colon": (b"GET /v1/demo/public/globals HTTP/1.1\r\nHost: x\r\ncv-auth " + CREDENTIAL.encode()
                                 + b"\r\n\r\n", 400),
}


@pytest.mark.parametrize("attack", HTTP_ATTACKS)
async def test_a_request_the_http_parser_refuses_gets_the_error_envelope_without_echoing_a_credential(stack, attack):
    head, expected = HTTP_ATTACKS[attack]
    status, answer, raw = await raw_request(stack, head)
    assert (status, answer["outcome"], answer["status"]) == (expected, "error", expected), answer
    assert answer["data"]["code"] and answer["data"]["user_message"] and answer["data"]["developer_message"]
    for secret in (b"key-that-must-not-echo", b"victim@demo.example", b"c2VjcmV0LXNlY3JldA", b"AuthToken"):
        assert secret not in raw, raw


async def test_metrics_are_served_on_their_own_port_never_on_the_public_one(stack, http, cast):
    async with http.get(f"{stack.url}/metrics", headers=cast.admin.headers) as response:
        answer = await response.json(content_type=None)
    assert_error(response.status, answer, 404, 10104)
    await call(http, "GET", f"{stack.url}/v1/demo/public/globals")
    for name, url in stack.metrics_urls.items():
        async with http.get(url) as response:
            text = await response.text()
        assert response.status == 200 and "cv_http_requests_total" in text, (name, text[:300])
        assert name != "gateway" or 'route="/v1/{network}/public/globals"' in text
    for url in stack.service_urls.values():
        async with http.get(f"{url}/metrics") as response:
            assert response.status >= 400, url


@pytest.mark.parametrize("provider", ["facebook", "twitter", "linkedin"])
async def test_a_nul_character_in_a_query_parameter_is_refused_naming_it(stack, http, provider):
    """Last in the module: its digest header leaves a nonce behind, which the tests comparing
    fingerprints above would count as stored."""
    digest = {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)}
    status, answer = await call(http, "GET", f"{stack.url}/v1/demo/social/{provider}/link"
                                f"?redirect_uri=https://app.example/cb%00", headers=digest)
    assert status == 400 and names(answer, "redirect_uri"), answer
