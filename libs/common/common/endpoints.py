"""The API document's endpoints (endpoints.tsv: method, path, owning service, access, title).

The gateway builds its route table from it; each service answers 501 for the rows it
owns but does not implement yet. Beside it: admin_endpoints.tsv (the admin API),
sdk_endpoints.tsv (endpoints the official SDKs call that the document does not list) and
endpoint_aliases.tsv (old paths the SDKs still call, each answered as a documented endpoint).
"""

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

API_PREFIX = "/v1/{network}"
NETWORK_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")  # what {network} can be (use fullmatch)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as in the document, without the /v1/{network} prefix
    service: str
    access: str  # public | credentials | user
    title: str
    alias_of: str = ""  # an old path's documented endpoint, which the service serves in its place

    @property
    def full_path(self) -> str:
        return API_PREFIX + self.path

    @property
    def served_path(self) -> str:
        """The path the owning service routes: the documented one for an alias, else the endpoint's own."""
        return API_PREFIX + (self.alias_of or self.path)


def _read_rows(name: str) -> list[list[str]]:
    lines = files("common").joinpath(name).read_text().splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


def _read_table(name: str) -> tuple[Endpoint, ...]:
    return tuple(Endpoint(*row) for row in _read_rows(name))


@cache
def document_endpoints() -> tuple[Endpoint, ...]:
    return _read_table("endpoints.tsv")


@cache
def admin_endpoints() -> tuple[Endpoint, ...]:
    """The admin API (not in the document); later issues add its rows to admin_endpoints.tsv."""
    return _read_table("admin_endpoints.tsv")


@cache
def sdk_endpoints() -> tuple[Endpoint, ...]:
    """Endpoints the official SDKs call though the document does not list them."""
    return _read_table("sdk_endpoints.tsv")


def all_endpoints() -> tuple[Endpoint, ...]:
    return document_endpoints() + admin_endpoints() + sdk_endpoints()


@cache
def alias_endpoints() -> tuple[Endpoint, ...]:
    """Old paths the SDKs still call: each takes the method, owner and access of the documented
    endpoint it names, which the gateway forwards it to; services never see an alias."""
    documented = {(e.method, e.path): e for e in document_endpoints()}
    return tuple(replace(documented[method, alias_of], path=path, alias_of=alias_of)
                 for method, path, alias_of, _client in _read_rows("endpoint_aliases.tsv"))


def endpoints_of(service: str) -> tuple[Endpoint, ...]:
    return tuple(e for e in all_endpoints() if e.service == service)
