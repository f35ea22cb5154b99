"""Which users' credentials the request being handled changed (blocked, deleted, new password,
new roles), so that the answer can tell the gateway that carried it to drop them at once."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_changed: ContextVar[set[int] | None] = ContextVar("credentials_changed", default=None)


def credentials_changed(user_id: int) -> None:
    """Note the user for the current request's answer (a no-op outside a request, e.g. in cvctl)."""
    changed = _changed.get()
    if changed is not None:
        changed.add(user_id)


@contextmanager
def collecting_changed_credentials() -> Iterator[set[int]]:
    changed: set[int] = set()
    token = _changed.set(changed)
    try:
        yield changed
    finally:
        _changed.reset(token)
