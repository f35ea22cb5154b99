"""The front-ends a network registers, and the only URLs a mailed link may be built on.

A link carries a one-time secret (or an invitation), so it may only ever point at a page of the
network's own front-end: an ``https`` URL (``http`` only on the local machine) whose origin
(scheme, host and port) is registered, naming no user, and holding nothing that could break out
of an HTML attribute or a mail header.
"""

import re

from yarl import URL

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_URL_LENGTH = 2048
_UNSAFE = re.compile(r'[\x00-\x20\x7f-\x9f"<>\\^`{|}]')  # never part of a URL as RFC 3986 writes it


def _web_url(url: str) -> URL | None:
    """The URL when it is an absolute https URL (http for a local host) naming no user, else None."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH or _UNSAFE.search(url):
        return None
    try:
        parsed = URL(url)
    except ValueError:
        return None
    if not parsed.absolute or not parsed.host or parsed.user is not None or parsed.password is not None:
        return None
    if parsed.scheme == "https" or (parsed.scheme == "http" and parsed.host in LOCAL_HOSTS):
        return parsed
    return None


def frontend_origin(url: str) -> str | None:
    """The normalized origin (``https://app.example``, ``http://localhost:3000``) that ``url``
    names, or None when it is not an origin a network may register."""
    parsed = _web_url(url)
    if parsed is None or parsed.raw_path not in ("", "/") or parsed.raw_query_string or parsed.raw_fragment:
        return None
    return str(parsed.origin())


def link_base(url: str, registered_origins: list[str]) -> URL | None:
    """``url`` as the base of a mailed link, or None when its origin is not a registered one."""
    parsed = _web_url(url)
    if parsed is None or str(parsed.origin()) not in registered_origins:
        return None
    return parsed


def link_to(base: URL, **parameters: str | int) -> str:
    """The front-end page with ``parameters`` added to its query (replacing any of the same name)."""
    return str(base.update_query(parameters))
