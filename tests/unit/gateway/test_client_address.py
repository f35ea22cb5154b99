"""Whose address the rate limits key on, behind the proxies an operator trusts."""

from aiohttp.test_utils import make_mocked_request

from gateway.proxy import client_address


def test_the_client_address_behind_trusted_proxies():
    request = make_mocked_request("GET", "/", headers={"X-Forwarded-For": "6.6.6.6, 10.0.0.7, 203.0.113.9"})
    assert client_address(request, 1) == "203.0.113.9"  # what the ingress saw; earlier entries are the client's claim
    assert client_address(request, 2) == "10.0.0.7"
    assert client_address(make_mocked_request("GET", "/", headers={}), 1) == client_address(request, 0)
