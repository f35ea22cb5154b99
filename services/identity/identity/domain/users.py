"""A user of a network, as identity keeps them."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from common.vocabulary import Visibility


class UserStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class User:
    id: int
    network_id: int
    email: str
    password_hash: str | None
    given_name: str
    family_name: str
    is_admin: bool
    is_vip: bool
    status: UserStatus
    email_verified: bool
    profile: dict[str, Any]
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    term_service_accepted: bool
    registration_complete: bool
    has_been_approved: bool
    visibility: Visibility
    custom: dict[str, Any]
    blocked_until: date | None
    block_message: str | None
    deleted_at: datetime | None
    verified_email: str | None  # the address a mailed link last verified

    @property
    def is_blocked(self) -> bool:
        """Blocked, unless the block's expiration date has come (it lifts by itself)."""
        return self.status == UserStatus.BLOCKED and (self.blocked_until is None or self.blocked_until > date.today())

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)

    def verified_by_link(self, email: str) -> bool:
        """Whether our own mailed link verified this very address (a verified flag alone may stem
        from another address the user had)."""
        return self.verified_email is not None and self.verified_email.lower() == email.lower()


def full_name(given_name: str, family_name: str) -> str:
    return f"{given_name} {family_name}".strip()
