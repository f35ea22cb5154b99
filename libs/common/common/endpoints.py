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


@cache
def document_endpoints() -> tuple[Endpoint, ...]:
    lines = files("common").joinpath("endpoints.tsv").read_text().splitlines()
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    return tuple(Endpoint(*row) for row in rows)


def endpoints_of(service: str) -> tuple[Endpoint, ...]:
    return tuple(e for e in document_endpoints() if e.service == service)
