"""Domain errors: what a rule refuses, as a code and a message, with no HTTP in sight.

Each service keeps its catalog in ``<service>/domain/errors.py``: an ``ErrorCatalog`` whose
members are the codes and whose specs give the messages and the status the entrypoint layer
answers with. Domain code raises ``Catalog.MEMBER.error(...)``; the HTTP error middleware turns
the ``DomainError`` into the envelope.

Codes 10001-10022 are the API document's (identity owns them). Other ranges:
10100-10199 platform, 10200-10299 authentication (gateway and identity),
11000-11999 identity, 12000-12999 offerings, 13000-13999 registry, 14000-14999 payments.
"""

from dataclasses import dataclass, field
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


class PlatformError(ErrorCatalog):
    VALIDATION_FAILED = 10100
    MALFORMED_JSON = 10101
    BAD_LIST_QUERY = 10102
    NOT_FOUND = 10103
    ROUTE_NOT_FOUND = 10104
    METHOD_NOT_ALLOWED = 10105
    NOT_IMPLEMENTED = 10106
    PAYLOAD_TOO_LARGE = 10107
    RATE_LIMITED = 10108
    UPSTREAM_UNAVAILABLE = 10109
    BAD_GATEWAY = 10110
    UPSTREAM_TIMEOUT = 10111
    INTERNAL_ERROR = 10112
    FORBIDDEN = 10113
    PRINCIPAL_INVALID = 10114
    UNKNOWN_NETWORK = 10115
    IDEMPOTENCY_CONFLICT = 10116
    IDEMPOTENCY_IN_PROGRESS = 10117
    IDEMPOTENCY_ANSWER_WITHHELD = 10118
    BAD_HTTP_REQUEST = 10119
    URL_TOO_LONG = 10120
    HEADERS_TOO_LARGE = 10121

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _PLATFORM_SPECS


_PLATFORM_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    PlatformError.VALIDATION_FAILED: ErrorSpec(400, "Some of the information you entered is not valid", "Request validation failed; see fields"),
    PlatformError.MALFORMED_JSON: ErrorSpec(400, "The request could not be understood", "The request body is not valid JSON object"),
    PlatformError.BAD_LIST_QUERY: ErrorSpec(400, "The list could not be loaded", "Invalid offset, limit, sort or filter parameter"),
    PlatformError.NOT_FOUND: ErrorSpec(404, "The item you requested was not found", "No such resource"),
    PlatformError.ROUTE_NOT_FOUND: ErrorSpec(404, "The page you requested was not found", "No endpoint matches this path"),
    PlatformError.METHOD_NOT_ALLOWED: ErrorSpec(405, "This action is not available", "The endpoint does not accept this HTTP method"),
    PlatformError.NOT_IMPLEMENTED: ErrorSpec(501, "This feature is not available yet", "The endpoint is not implemented yet"),
    PlatformError.PAYLOAD_TOO_LARGE: ErrorSpec(413, "The request is too large", "The request body exceeds the size limit"),
    PlatformError.RATE_LIMITED: ErrorSpec(429, "Too many attempts - please wait a moment and try again", "Rate limit exceeded; see Retry-After"),
    PlatformError.UPSTREAM_UNAVAILABLE: ErrorSpec(503, "The service is temporarily unavailable - please try again shortly", "The owning service could not be reached"),
    PlatformError.BAD_GATEWAY: ErrorSpec(502, "The service is temporarily unavailable - please try again shortly", "The owning service answered with an invalid response"),
    PlatformError.UPSTREAM_TIMEOUT: ErrorSpec(504, "The service took too long to answer - please try again", "The owning service did not answer in time"),
    PlatformError.INTERNAL_ERROR: ErrorSpec(500, "Something went wrong on our side - please try again", "Unexpected error; quote the request id to support"),
    PlatformError.FORBIDDEN: ErrorSpec(403, "You are not allowed to do this", "The caller lacks the role this action needs"),
    PlatformError.PRINCIPAL_INVALID: ErrorSpec(401, "You are not allowed to do this", "Missing or invalid internal principal; call through the gateway"),
    PlatformError.UNKNOWN_NETWORK: ErrorSpec(404, "The platform you requested was not found", "No network with this name"),
    PlatformError.IDEMPOTENCY_CONFLICT: ErrorSpec(422, "This request was already made with different details", "Idempotency-Key reused with a different request body"),
    PlatformError.IDEMPOTENCY_IN_PROGRESS: ErrorSpec(409, "This request is still being processed", "A request with this Idempotency-Key is in progress"),
    PlatformError.IDEMPOTENCY_ANSWER_WITHHELD: ErrorSpec(409, "This request was already made - please log in again", "The first request with this Idempotency-Key succeeded; its answer carried a credential, which is never kept, so it cannot be replayed: log in for a new session token"),
    PlatformError.BAD_HTTP_REQUEST: ErrorSpec(400, "The request could not be understood", "Malformed HTTP request: request line or headers do not follow HTTP/1.1"),
    PlatformError.URL_TOO_LONG: ErrorSpec(414, "The request could not be understood", "The request line (method, URL and version) is too long"),
    PlatformError.HEADERS_TOO_LARGE: ErrorSpec(431, "The request could not be understood", "A header is too large, or there are too many headers"),
}


@dataclass
class FieldErrors:
    """Collects per-field validation messages, then raises one VALIDATION_FAILED error."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise PlatformError.VALIDATION_FAILED.error(fields=self.fields)


class AuthError(ErrorCatalog):
    """Authentication failures, shared by the gateway (header parsing) and identity (checks)."""

    AUTH_REQUIRED = 10200
    AUTH_HEADER_MALFORMED = 10201
    UNKNOWN_API_KEY = 10202
    DIGEST_MISMATCH = 10203
    CREATED_OUT_OF_WINDOW = 10204
    NONCE_REUSED = 10205
    BAD_CREDENTIALS = 10206
    TOKEN_INVALID = 10207
    TOKEN_EXPIRED = 10208
    TOKEN_REVOKED = 10209
    WRONG_NETWORK = 10210
    USER_BLOCKED = 10211
    USER_REQUIRED = 10212
    TOKEN_WRONG_NETWORK = 10213

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _AUTH_SPECS


_LOGIN_AGAIN = "Your session is not valid - please log in again"
_AUTH_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    AuthError.AUTH_REQUIRED: ErrorSpec(401, "Please log in to continue", "This endpoint requires authentication: send cv-auth, jwt-auth or Authorization: Bearer"),
    AuthError.AUTH_HEADER_MALFORMED: ErrorSpec(401, _LOGIN_AGAIN, "The cv-auth header is malformed; expected AuthToken ApiKey=\"...\", TokenDigest=\"...\", Nonce=\"...\", Created=\"...\""),
    AuthError.UNKNOWN_API_KEY: ErrorSpec(401, _LOGIN_AGAIN, "Unknown API key"),
    AuthError.DIGEST_MISMATCH: ErrorSpec(401, _LOGIN_AGAIN, "TokenDigest does not match base64(SHA-1(Nonce + Created + api_secret))"),
    AuthError.CREATED_OUT_OF_WINDOW: ErrorSpec(401, _LOGIN_AGAIN, "Created is outside the accepted freshness window; generate a new header"),
    AuthError.NONCE_REUSED: ErrorSpec(401, _LOGIN_AGAIN, "This Nonce was already used with another Created value"),
    AuthError.BAD_CREDENTIALS: ErrorSpec(401, "Incorrect email address or password", "Username or Password does not match a user of this network"),
    AuthError.TOKEN_INVALID: ErrorSpec(401, _LOGIN_AGAIN, "The session token is invalid"),
    AuthError.TOKEN_EXPIRED: ErrorSpec(401, "Your session has expired - please log in again", "The session token has expired"),
    AuthError.TOKEN_REVOKED: ErrorSpec(401, _LOGIN_AGAIN, "The session token was revoked"),
    AuthError.WRONG_NETWORK: ErrorSpec(401, _LOGIN_AGAIN, "The API key belongs to another network than the one in the path"),
    AuthError.USER_BLOCKED: ErrorSpec(401, "Your account has been blocked", "The user is blocked"),
    AuthError.USER_REQUIRED: ErrorSpec(401, "Please log in to continue", "This endpoint needs a logged-in user (Username and Password, or a session token)"),
    AuthError.TOKEN_WRONG_NETWORK: ErrorSpec(401, _LOGIN_AGAIN, "The session token was issued by another network than the one in the path"),
}
