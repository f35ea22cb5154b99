"""Identity's error catalog: the document's codes it owns and 11000-11999 of its own."""

from common.http.errors import ErrorCatalog, ErrorSpec


class IdentityError(ErrorCatalog):
    USER_NOT_FOUND = 11000

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _SPECS


_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    IdentityError.USER_NOT_FOUND: ErrorSpec(404, "The user was not found", "No user with this id in this network"),
}
