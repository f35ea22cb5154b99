"""Domain errors: what a rule refuses, as a code and a message, with no HTTP in sight.

Each service keeps its catalog in ``<service>/domain/errors.py``: an ``ErrorCatalog`` whose
members are the codes and whose specs give the messages and the status the entrypoint layer
answers with. Domain code raises ``Catalog.MEMBER.error(...)``; the HTTP error middleware turns
the ``DomainError`` into the envelope.

Codes 10001-10022 are the API document's (identity owns them). Other ranges:
10100-10199 platform, 10200-10299 authentication (gateway and identity),
11000-11999 identity, 12000-12999 offerings, 13000-13999 registry, 14000-14999 payments.
"""

from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class ErrorSpec:
    status: int  # the answer's class, for the entrypoint layer (404 not found, 409 conflict...)
    user_message: str
    developer_message: str


class DomainError(Exception):
    """A refusal: its code, what to show the user, what to tell the developer, per-field notes,
    and when a refusal that is only a matter of time may be tried again (seconds)."""

    def __init__(self, reason: "ErrorCatalog | int", user_message: str, developer_message: str,
                 fields: dict[str, str] | None = None, retry_after: int | None = None) -> None:
        super().__init__(f"{int(reason)}: {developer_message}")
        self.reason = reason
        self.code = int(reason)
        self.user_message = user_message
        self.developer_message = developer_message
        self.fields = fields
        self.retry_after = retry_after

    @property
    def status(self) -> int:
        return self.reason.spec().status if isinstance(self.reason, ErrorCatalog) else 500


class ErrorCatalog(IntEnum):
    """Base for a service's catalog: each member's value is its code, ``specs()`` its texts."""

    def spec(self) -> ErrorSpec:
        return type(self).specs()[self]

    @classmethod
    def specs(cls) -> dict["ErrorCatalog", ErrorSpec]:
        raise NotImplementedError

    def error(self, developer_message: str | None = None, *, fields: dict[str, str] | None = None,
              user_message: str | None = None, retry_after: int | None = None) -> DomainError:
        spec = self.spec()
        return DomainError(self, user_message or spec.user_message, developer_message or spec.developer_message,
                           fields, retry_after)
