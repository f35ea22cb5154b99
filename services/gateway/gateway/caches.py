"""Short-lived caches of identity's answers: networks by name, verified credentials by value."""

import time
from dataclasses import dataclass, field

from common.errors import DomainError
from common.http.principal import Principal
from gateway.identity_client import IdentityClient, NetworkInfo

MAX_ENTRIES = 100_000


@dataclass
class NetworkDirectory:
    identity: IdentityClient
    ttl_seconds: float
    _entries: dict[str, tuple[float, NetworkInfo | DomainError]] = field(default_factory=dict)

    async def get(self, name: str) -> NetworkInfo:
        """The network, or raise its lookup error (an unknown name is remembered too)."""
        cached = self._entries.get(name)
        if cached is None or cached[0] < time.monotonic():
            try:
                value: NetworkInfo | DomainError = await self.identity.network(name)
            except DomainError as exc:
                if exc.status >= 500:
                    raise
                value = exc
            if len(self._entries) > MAX_ENTRIES:
                self._entries.clear()
            cached = self._entries[name] = (time.monotonic() + self.ttl_seconds, value)
        if isinstance(cached[1], DomainError):
            raise cached[1]
        return cached[1]


@dataclass
class CredentialCache:
    """Verified principals by credential; a user's entries go at once when identity says so."""

    max_seconds: float
    _entries: dict[str, tuple[float, Principal]] = field(default_factory=dict)
    _by_user: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    evictions: int = 0  # how many times a user's entries were dropped so far

    def put(self, key: str, principal: Principal, seconds: float, evictions_before: int) -> None:
        """Cache a verification unless some user's entries were dropped while it was under way
        (``evictions_before`` is ``evictions`` as it was when it began): it may predate the change."""
        seconds = min(seconds, self.max_seconds)
        if seconds <= 0 or self.evictions != evictions_before:
            return
        if len(self._entries) > MAX_ENTRIES:
            self._entries.clear()
            self._by_user.clear()
        self._entries[key] = (time.monotonic() + seconds, principal)
        if principal.user_id is not None:
            self._by_user.setdefault((principal.network, principal.user_id), set()).add(key)

    def get(self, key: str) -> Principal | None:
        cached = self._entries.get(key)
        if cached is None:
            return None
        if cached[0] < time.monotonic():
            del self._entries[key]
            return None
        return cached[1]

    def evict_user(self, network: str, user_id: int) -> None:
        self.evictions += 1
        for key in self._by_user.pop((network, user_id), set()):
            self._entries.pop(key, None)
