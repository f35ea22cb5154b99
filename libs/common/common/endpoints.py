"""The API document's endpoints (endpoints.tsv: method, path, owning service, access, title).

The gateway builds its route table from it; each service answers 501 for the rows it
owns but does not implement yet.
"""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

API_PREFIX = "/v1/{network}"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as in the document, without the /v1/{network} prefix
    service: str
    access: str  # public | credentials | user
    title: str

    @property
    def full_path(self) -> str:
        return API_PREFIX + self.path


def _read_table(name: str) -> tuple[Endpoint, ...]:
    lines = files("common").joinpath(name).read_text().splitlines()
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    return tuple(Endpoint(*row) for row in rows)


@cache
def document_endpoints() -> tuple[Endpoint, ...]:
    return _read_table("endpoints.tsv")


@cache
def admin_endpoints() -> tuple[Endpoint, ...]:
    """The admin API (not in the document); later issues add its rows to admin_endpoints.tsv."""
    return _read_table("admin_endpoints.tsv")


def all_endpoints() -> tuple[Endpoint, ...]:
    return document_endpoints() + admin_endpoints()


def endpoints_of(service: str) -> tuple[Endpoint, ...]:
    return tuple(e for e in all_endpoints() if e.service == service)
