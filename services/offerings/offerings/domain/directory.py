"""What offerings knows of identity's users, as identity last told it: their block and the
onboarding steps they passed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from offerings.domain.errors import OfferingsError

ONBOARDING_FLAGS = ("term_service_accepted", "email_verified", "registration_complete", "has_been_approved")


@dataclass(frozen=True)
class KnownUser:
    blocked: bool = False
    blocked_until: date | None = None  # identity's block lifts on this day
    passed: frozenset[str] = frozenset()  # the onboarding flags identity reported as passed


def check_not_blocked(user: KnownUser, today: date) -> None:
    """Identity's block as it sent it: for good, or until the day it named."""
    if user.blocked and (user.blocked_until is None or user.blocked_until > today):
        raise OfferingsError.USER_BLOCKED.error()


def check_onboarded(user: KnownUser, required: Iterable[str]) -> None:
    """The network's investment requirements among the onboarding steps the user passed."""
    missing = [flag for flag in ONBOARDING_FLAGS if flag in required and flag not in user.passed]
    if missing:
        raise OfferingsError.ONBOARDING_INCOMPLETE.error(f"Missing: {', '.join(missing)}")
