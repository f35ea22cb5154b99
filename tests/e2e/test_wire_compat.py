"""Wire compatibility through the gateway, each request in the exact form the real client sends it:
any valid encoding of a URL, the PHP SDK's old paths, the SDK's GET on a wallet's transactions,
and cache-busting or tracking query parameters."""

import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from actors import PASSWORD, call, login, reset_password
from yarl import URL

from common.testing import assert_error, wait_until
from common.testing.cvauth import cv_auth_header
from common.testing.mail import Mailbox, link_parameters


async def exact(http, method: str, url: str, **kwargs) -> tuple[int, dict]:
    """Send the URL's bytes as written: no client-side re-encoding."""
    return await call(http, method, URL(url, encoded=True), **kwargs)


def digest(stack) -> dict[str, str]:
    return {"cv-auth": cv_auth_header(stack.demo.api_key, stack.demo.api_secret)}


def redirect_uri_of(answer: dict) -> str:
    return parse_qs(urlsplit(answer["data"]["url"]).query)["redirect_uri"][0]


# 1. any valid encoding of a URL is answered as its decoded equivalent

async def test_a_percent_encoded_redirect_uri_reaches_the_linkedin_link(stack, http):
    link = f"{stack.url}/v1/demo/social/linkedin/link?redirect_uri="
    for encoded in ("https%3A%2F%2Fwww.yoursite.com%2Fli-callback", "https%3a%2f%2fwww.yoursite.com%2fli-callback",
                    "https://www.yoursite.com/li-callback", "https%3A//www.yoursite.com/li%2Dcallback"):
        status, answer = await exact(http, "GET", link + encoded, headers=digest(stack))
        assert status == 200, (encoded, answer)
        assert redirect_uri_of(answer) == "https://www.yoursite.com/li-callback", encoded


async def test_plus_and_utf8_in_a_query_value_arrive_decoded(stack, http):
    path = "/v1/demo/social/linkedin/link?redirect_uri="
    wanted = "https://app.example/résumé page?a=1&b=2"
    forms = ["https%3A%2F%2Fapp.example%2Fr%C3%A9sum%C3%A9+page%3Fa%3D1%26b%3D2",
             "https://app.example/r%c3%a9sum%c3%a9%20page?a=1%26b=2", "https://app.example/r%C3%A9sum%C3%A9+page?a=1%26b=2"]
    for encoded in forms:
        status, answer = await exact(http, "GET", stack.url + path + encoded, headers=digest(stack))
        assert status == 200, (encoded, answer)
        assert redirect_uri_of(answer) == wanted, encoded


async def test_an_escaped_sort_sign_sorts_like_the_plain_one(stack, http, world):
    url = f"{stack.url}/v1/demo/public/offerings?sort="
    status, plain = await exact(http, "GET", url + "-created_at")
    assert status == 200, plain
    for encoded in ("%2Dcreated_at", "%2dcreated_at", "%2D%63reated_at"):
        status, answer = await exact(http, "GET", url + encoded)
        assert (status, answer) == (200, plain), encoded


async def test_an_escaped_letter_in_any_parameter_is_no_bad_signature(stack, http, cast):
    for query in ("x=%41", "x=%2f&y=%2F", "x=a+b", "x=%E2%82%AC", "x=%7e"):
        status, answer = await exact(http, "GET", f"{stack.url}/v1/demo/self?{query}", headers=cast.admin.headers)
        assert status == 200, (query, answer)
        assert answer["data"]["user"]["id"] == cast.admin.user_id


async def test_encoded_path_segments_reach_the_same_endpoint(stack, http, cast, world):
    offering = world["offering_id"]
    escaped_id = "".join(f"%{ord(digit):02X}" for digit in str(offering))
    same = {
        "/v1/demo/self": ("/v1/demo/%73elf", "/v1/%64emo/self", "/v1/demo/%73%65%6c%66"),
        f"/v1/demo/public/offerings/{offering}": (f"/v1/demo/public/offerings/{escaped_id}",
                                                   f"/v1/demo/public%2Fofferings/{offering}"),
        "/v1/demo/public/offerings?filter[life_cycle_stage]=8": (
            "/v1/demo/public/offerings?filter%5Blife_cycle_stage%5D=8",
            "/v1/demo/public/offerings?filter%5blife_cycle_stage%5d=%38"),
    }
    for plain, forms in same.items():
        expected = await exact(http, "GET", stack.url + plain, headers=cast.admin.headers)
        assert expected[0] == 200, (plain, expected)
        for form in forms:
            assert await exact(http, "GET", stack.url + form, headers=cast.admin.headers) == expected, form


async def test_an_unknown_network_written_with_escapes_is_not_found(stack, http):
    plain = await exact(http, "GET", f"{stack.url}/v1/nosuch/public/globals")
    assert plain[0] == 404, plain
    for network in ("no%20such", "no%3Fsuch", "%E2%82%AC"):
        status, body = await exact(http, "GET", f"{stack.url}/v1/{network}/public/globals")
        assert_error(status, body, 404, plain[1]["data"]["code"])


# 2. the PHP SDK's old /self paths answer as their /public endpoints

async def test_the_php_sdks_old_paths_verify_reset_and_sign_up(stack, http, cast):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    email = f"old-sdk-{secrets.token_hex(3)}@demo.example"
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/users", headers=digest(stack),
                              json={"email": email, "password": PASSWORD, "url": "https://app.example/v"})
    assert status == 200, body
    user_id, secret = link_parameters(await mailbox.wait_for(email, "Confirm your email"))
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/verifyEmail", headers=digest(stack),
                              json={"user_id": user_id, "secret": secret})
    assert status == 200, body
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/admin/users?filter[email_verified]=true"
                              "&sort=-id&limit=100", headers=cast.admin.headers)
    assert user_id in [user["id"] for user in body["data"]["list"]], body

    await reset_password(stack, http, mailbox, email, "a new long phrase", via="self")
    assert await login(stack, http, email, "a new long phrase")

    reader = f"reader-{secrets.token_hex(3)}@demo.example"
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/self/newsletterSignUp", headers=digest(stack),
                              json={"email": reader})
    assert status == 200, body

    async def signed_up() -> bool:
        listed = (await call(http, "GET", f"{stack.url}/v1/demo/admin/newsletterSignUps?limit=100",
                             headers=cast.admin.headers))[1]
        return reader in str(listed["data"])

    await wait_until(signed_up, timeout=5)


async def test_an_old_path_refuses_what_its_public_endpoint_refuses(stack, http):
    for alias in ("verifyEmail", "forgotPassword", "resetPassword", "newsletterSignUp"):
        old = await call(http, "POST", f"{stack.url}/v1/demo/self/{alias}", headers=digest(stack), json={})
        public = await call(http, "POST", f"{stack.url}/v1/demo/public/{alias}", headers=digest(stack), json={})
        assert old == public and old[0] == 400, (alias, old, public)
        status, body = await call(http, "GET", f"{stack.url}/v1/demo/self/{alias}")
        assert_error(status, body, 405, 10105)


# 3. the SDK's GET /wallets/{id}/transactions is routed to payments

async def test_the_sdks_wallet_transactions_get_is_answered_by_payments(stack, http, cast):
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/wallets/1/transactions", headers=cast.user.headers)
    assert_error(status, body, 404, 14000)  # payments: no wallet of this user's
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/wallets/1/transactions")
    assert status == 401, body


# 4. cache-busters and tracking parameters are ignored; unknown filter and sort fields are not

async def test_a_cache_buster_and_tracking_parameters_are_ignored_everywhere(stack, http, cast, world):
    noise = "_=1700000000&utm_source=newsletter&utm_medium=email&fbclid=abc"
    offering, organization = world["offering_id"], world["organization_id"]
    for path in ("/public/globals", "/public/users", "/self", "/self/organizations", f"/organizations/{organization}",
                 "/public/offerings", f"/public/offerings/{offering}", f"/offerings/{offering}/investments",
                 "/self/investments", "/self/documents", "/self/wallets", "/self/portfolio"):
        plain = await call(http, "GET", f"{stack.url}/v1/demo{path}", headers=cast.admin.headers)
        assert plain[0] in (200, 501), (path, plain)
        for query in (noise, f"sort=-id&{noise}", f"limit=5&{noise}&offset=0"):
            sorted_or_paged = "sort" in query or "limit" in query
            answer = await call(http, "GET", f"{stack.url}/v1/demo{path}?{query}", headers=cast.admin.headers)
            assert answer[0] == plain[0] and (sorted_or_paged or answer == plain), (path, query, answer)
    status, body = await call(http, "POST", f"{stack.url}/v1/demo/public/newsletterSignUp?_=1700000000",
                              headers=digest(stack), json={"email": f"busted-{secrets.token_hex(3)}@demo.example"})
    assert status == 200, body


async def test_unknown_filter_and_sort_fields_stay_refused(stack, http, cast):
    for path in ("/self/organizations", "/public/users", "/public/offerings", "/self/investments"):
        for query, field in (("filter[nope]=1", "filter[nope]"), ("_=1&filter%5Bnope%5D=1", "filter[nope]"),
                             ("sort=nope&utm_source=x", "sort"), ("filter[no-pe]=1", "filter[no-pe]"),
                             ("start_date=2026-01-01", "start_date")):
            status, body = await exact(http, "GET", f"{stack.url}/v1/demo{path}?{query}", headers=cast.admin.headers)
            assert_error(status, body, 400, 10102)
            assert field in body["data"]["fields"], (path, query, body)
