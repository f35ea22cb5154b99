"""How an error becomes the Crowd Valley error envelope, and the errors only the HTTP layer
raises with a status of their own. The catalogs are in ``common.errors``."""

from typing import Any

from common.errors import DomainError


class ApiError(DomainError):
    """An error with the status given outright: an upstream's answer passed on, or an HTTP-level
    refusal that no domain catalog names."""

    def __init__(self, code: int, status: int, user_message: str, developer_message: str,
                 fields: dict[str, str] | None = None, retry_after: int | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(code, user_message, developer_message, fields, retry_after)
        self._status = status
        self.headers = headers or {}

    @classmethod
    def with_headers(cls, error: DomainError, headers: dict[str, str]) -> "ApiError":
        """``error`` answered with HTTP headers of its own (``Allow`` on a 405)."""
        return cls(error.code, error.status, error.user_message, error.developer_message, error.fields,
                   error.retry_after, headers)

    @property
    def status(self) -> int:
        return self._status


def error_body(error: DomainError) -> dict[str, Any]:
    """The Crowd Valley error envelope for ``error``."""
    data: dict[str, Any] = {"code": error.code, "user_message": error.user_message,
                            "developer_message": error.developer_message}
    if error.fields:
        data["fields"] = error.fields
    return {"outcome": "error", "data": data, "status": error.status}
