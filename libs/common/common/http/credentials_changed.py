"""The answer header by which identity tells the gateway that carried a request whose cached
credentials to drop before the answer is passed on (the event reaches the other replicas).

Only the gateway reads it, only on identity's answers, and it strips it from every answer, so
no client sees it and no client can make the gateway act on one.
"""

from collections.abc import Iterable

CREDENTIALS_CHANGED_HEADER = "X-CV-Credentials-Changed"


def format_user_ids(user_ids: Iterable[int]) -> str:
    return ",".join(str(user_id) for user_id in sorted(user_ids))


def parse_user_ids(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip().isascii() and part.strip().isdigit()]
