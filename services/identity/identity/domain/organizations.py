"""Organizations: the life-cycle state machine, who may see one and who may change it."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from common.vocabulary import Visibility


class Stage(IntEnum):
    DRAFT = 0
    SUBMITTED = 1
    REJECTED = 2
    APPROVED = 3
    RESTRICTED = 4
    PUBLISHED = 5
    ARCHIVED = 6
    CANCELED = 7


class MemberType(StrEnum):
    AUTHOR = "author"  # acts for the organization: changes it, adds and removes members
    MEMBER = "member"


# the roles that move an organization through its life cycle: (from, to) -> who may make the move
AUTHOR, ADMIN = "author", "admin"
MOVES: dict[tuple[Stage, Stage], frozenset[str]] = {
    (Stage.DRAFT, Stage.SUBMITTED): frozenset({AUTHOR, ADMIN}),
    (Stage.SUBMITTED, Stage.APPROVED): frozenset({ADMIN}),
    (Stage.SUBMITTED, Stage.REJECTED): frozenset({ADMIN}),
    (Stage.APPROVED, Stage.RESTRICTED): frozenset({ADMIN}),
    (Stage.APPROVED, Stage.PUBLISHED): frozenset({ADMIN}),
    (Stage.RESTRICTED, Stage.PUBLISHED): frozenset({ADMIN}),
    (Stage.PUBLISHED, Stage.ARCHIVED): frozenset({ADMIN}),
} | {(stage, Stage.CANCELED): frozenset({AUTHOR, ADMIN}) for stage in Stage if stage != Stage.CANCELED}

STAMPS = {Stage.SUBMITTED: "submitted_at", Stage.APPROVED: "approved_at", Stage.CANCELED: "canceled_at"}
LISTED_STAGES = (Stage.APPROVED, Stage.PUBLISHED)  # GET /organizations for everyone but admins
PUBLIC_STAGES = (Stage.APPROVED, Stage.RESTRICTED, Stage.PUBLISHED)  # the /public views


@dataclass(frozen=True)
class Organization:
    id: int
    network_id: int
    display_name: str
    life_cycle_stage: Stage
    visibility: Visibility
    contact_point: int
    user_id: int  # who created it
    profile: dict[str, Any]
    address: dict[str, Any]
    custom: dict[str, Any]
    submitted_at: datetime | None
    approved_at: datetime | None
    canceled_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def is_public(self) -> bool:
        """Identity's rule for who sees an organization: everyone, when it is not Hidden and its
        stage is a public one; otherwise only its members and the network's admins. Other
        contexts are told the answer in the organization's events and store it."""
        return self.visibility != Visibility.HIDDEN and self.life_cycle_stage in PUBLIC_STAGES


def role_of(is_network_admin: bool, member_type: MemberType | None) -> str | None:
    """The caller's role in changing an organization: an admin of the network, an author, or none."""
    if is_network_admin:
        return ADMIN
    return AUTHOR if member_type == MemberType.AUTHOR else None


@dataclass(frozen=True)
class OrganizationEdit:
    """A change to an organization, sorted by where it is kept."""

    fields: list[str]  # every field given, as the event names them
    columns: dict[str, Any] = field(default_factory=dict)  # display_name, visibility
    stage: Stage | None = None  # the stage to move to
    profile: dict[str, Any] = field(default_factory=dict)  # the other scalar fields, as stored (dates as text)
    address: dict[str, Any] = field(default_factory=dict)
    custom: dict[str, Any] = field(default_factory=dict)
