"""Per-address token buckets for log-in style endpoints, for anonymous callers (in memory, per gateway
process: a flood guard; every limit on password checks lives in identity's database)."""

import time
from dataclasses import dataclass, field

from common.errors import PlatformError

MAX_CLIENTS = 100_000


@dataclass
class RateLimiter:
    per_minute: int
    burst: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)

    def check(self, key: str) -> None:
        """Take one token for ``key`` or raise RATE_LIMITED with the seconds to wait."""
        now = time.monotonic()
        rate = self.per_minute / 60
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * rate)
        if tokens < 1:
            wait = max(1, round((1 - tokens) / rate))
            raise PlatformError.RATE_LIMITED.error(retry_after=wait)
        if len(self._buckets) > MAX_CLIENTS:
            self._buckets.clear()
        self._buckets[key] = (tokens - 1, now)
