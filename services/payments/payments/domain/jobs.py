"""The payment workers' jobs."""

from datetime import timedelta
from enum import IntEnum


class JobState(IntEnum):
    READY = 0
    DONE = 1
    DEAD = 2  # failed MAX_ATTEMPTS times: an operator looks at last_error


MAX_ATTEMPTS = 5
DISTRIBUTE = "distribute"  # an offering payout, paid, split among its settled investors


def backoff(attempts: int) -> timedelta:
    """How long a job that failed ``attempts`` times waits before the next try: 1, 2, 4, 8... s."""
    return timedelta(seconds=2 ** (attempts - 1))
