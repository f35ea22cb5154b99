import pytest
from yarl import URL

from common.http.principal import (
    InvalidPrincipal,
    Principal,
    request_target,
    sign_principal,
    verify_principal,
)

SECRET = b"s3cret"
ALICE = Principal(network="demo", network_id=1, user_id=7, is_admin=False, is_vip=True, request_id="r1")


def test_a_signed_principal_verifies_for_the_same_request():
    header = sign_principal(ALICE, SECRET, "GET", "/v1/demo/self?x=1", now=1000)
    assert verify_principal(header, SECRET, "GET", "/v1/demo/self?x=1", now=1010) == ALICE


@pytest.mark.parametrize(
    ("method", "path", "secret", "now"),
    [
        ("POST", "/v1/demo/self", SECRET, 1000),  # another method
        ("GET", "/v1/other/self", SECRET, 1000),  # another path
        ("GET", "/v1/demo/self", b"other", 1000),  # another key
        ("GET", "/v1/demo/self", SECRET, 1000 + 61),  # too old
    ],
)
def test_a_principal_is_refused_outside_what_it_was_signed_for(method, path, secret, now):
    header = sign_principal(ALICE, SECRET, "GET", "/v1/demo/self", now=1000)
    with pytest.raises(InvalidPrincipal):
        verify_principal(header, secret, method, path, now=now)


def test_a_tampered_payload_is_refused():
    header = sign_principal(ALICE, SECRET, "GET", "/v1/demo/self", now=1000)
    forged = sign_principal(Principal("demo", 1, 1, is_admin=True), SECRET, "GET", "/x", now=1000)
    with pytest.raises(InvalidPrincipal):
        verify_principal(forged.split(".")[0] + "." + header.split(".")[1], SECRET, "GET", "/v1/demo/self", now=1000)


@pytest.mark.parametrize("header", [None, "", "no-dot"])
def test_a_missing_principal_is_refused(header):
    with pytest.raises(InvalidPrincipal):
        verify_principal(header, SECRET, "GET", "/v1/demo/self")


def test_every_encoding_of_a_url_has_one_request_target():
    spellings = ("/v1/demo/self?sort=%2Dcreated_at&x=%41&y=a+b", "/v1/demo/%73elf?sort=%2dcreated_at&x=A&y=a%20b",
                 "/v1/d%65mo/self?%73ort=-created_at&x=A&y=a+b")
    targets = {request_target(URL(s, encoded=True).path, URL(s, encoded=True).query) for s in spellings}
    assert targets == {"/v1/demo/self?sort=-created_at&x=A&y=a+b"}
    again = URL(targets.pop(), encoded=True)
    assert request_target(again.path, again.query) == "/v1/demo/self?sort=-created_at&x=A&y=a+b"
