"""Which URLs a network may register as front-ends, and which a mailed link may be built on."""

import pytest

from identity.domain.frontends import frontend_origin, link_base, link_to

REGISTERED = ["https://app.example", "http://localhost:3000"]


@pytest.mark.parametrize(("url", "origin"), [
    ("https://app.example", "https://app.example"),
    ("https://APP.example:443/", "https://app.example"),
    ("https://app.example:8443", "https://app.example:8443"),
    ("http://localhost:3000", "http://localhost:3000"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
    ("https://bücher.example", "https://xn--bcher-kva.example"),
    ("http://app.example", None),  # plain http only on this machine
    ("https://app.example/reset", None),  # an origin has no path
    ("https://app.example/?x=1", None),
    ("https://user@app.example", None),
    ("javascript:alert(1)", None),
    ("app.example", None),
])
def test_a_network_registers_only_https_origins(url, origin):
    assert frontend_origin(url) == origin


@pytest.mark.parametrize("url", [
    "https://evil.example/reset", "http://app.example/reset", "https://app.example:444/reset",
    "https://app.example@evil.example/", "https://app.example:x@evil.example/", "https://app.example\\@evil.example/",
    "javascript:alert(1)", "data:text/html,hi", "//app.example/reset", "/reset", "",
    'https://app.example/r"onmouseover="x', "https://app.example/r<script>", "https://app.example/r x",
    "https://app.example/r\nBcc: x@y.example", "http://localhost:3001/reset", "https://app.example/" + "r" * 2100,
])
def test_a_link_is_refused_off_the_registered_origins(url):
    assert link_base(url, REGISTERED) is None


def test_a_link_keeps_the_pages_query_and_fragment_and_replaces_our_parameters():
    base = link_base("https://app.example/reset?lang=pt&user_id=666#top", REGISTERED)
    assert link_to(base, user_id=5, secret="s3") == "https://app.example/reset?lang=pt&user_id=5&secret=s3#top"
    assert link_to(link_base("http://localhost:3000/v", REGISTERED), user_id=1) == "http://localhost:3000/v?user_id=1"
