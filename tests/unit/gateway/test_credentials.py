"""Reading cv-auth, jwt-auth and Bearer credentials from headers."""

import pytest

from common.errors import DomainError
from common.testing.cvauth import cv_auth_header
from gateway.credentials import read_credential


def test_the_sdk_digest_header_is_read_field_by_field():
    header = cv_auth_header("key", "secret", "a@b.example", "pw", nonce="n1", created="2026-11-23T19:38:49+00:00")
    body = read_credential({"cv-auth": header}).body
    assert body["kind"] == "digest"
    assert (body["api_key"], body["nonce"], body["created"], body["username"]) == (
        "key", "n1", "2026-11-23T19:38:49+00:00", "a@b.example")


def test_fields_may_come_in_any_order_and_user_is_optional():
    header = 'AuthToken Created="c", Nonce="n", TokenDigest="d", ApiKey="k"'
    body = read_credential({"cv-auth": header}).body
    assert (body["api_key"], body["username"], body["password"]) == ("k", None, None)


@pytest.mark.parametrize("headers", [{"cv-auth": "tok"}, {"jwt-auth": "tok"}, {"Authorization": "Bearer tok"},
                                     {"Authorization": "bearer tok"}])
def test_session_tokens_come_from_three_headers(headers):
    assert read_credential(headers).body == {"kind": "token", "token": "tok"}


def test_no_credential_is_none():
    assert read_credential({"Authorization": "Basic abc"}) is None


@pytest.mark.parametrize("value", ['AuthToken ApiKey="k"', 'AuthToken ApiKey=k, Nonce="n"', "AuthToken garbage"])
def test_malformed_digest_headers_are_refused(value):
    with pytest.raises(DomainError) as caught:
        read_credential({"cv-auth": value})
    assert caught.value.code == 10201

