"""Events the identity context publishes."""

from datetime import date
from typing import Any

from common.messaging.envelope import IntegrationEvent


class NetworkCreatedV1(IntegrationEvent):
    network_id: int
    name: str


class NetworkSettingsChangedV1(IntegrationEvent):
    """The network's settings as they are now (e.g. investment_requirements, auto_approve_investments)."""

    settings: dict[str, Any]


class UserRegisteredV1(IntegrationEvent):
    user_id: int
    email: str
    given_name: str = ""
    family_name: str = ""
    is_admin: bool = False


class UserUpdatedV1(IntegrationEvent):
    """Which fields changed, and the user's identifying fields as they are now."""

    user_id: int
    fields: list[str]
    email: str = ""
    given_name: str = ""
    family_name: str = ""
    email_verified: bool = False
    term_service_accepted: bool = False
    registration_complete: bool = False
    has_been_approved: bool = False
    blocked: bool = False  # as identity stored it; a block with blocked_until lifts on that day
    blocked_until: date | None = None


class UserBlockedV1(IntegrationEvent):
    """The user is blocked, for good or until ``until`` (the block lifts on that day)."""

    user_id: int
    until: date | None = None


class UserDeletedV1(IntegrationEvent):
    """The user asked to delete their account: it is blocked for good; records are kept."""

    user_id: int


class UserSessionsRevokedV1(IntegrationEvent):
    user_id: int
    reason: str


class OrganizationCreatedV1(IntegrationEvent):
    organization_id: int
    contact_point: int
    display_name: str = ""
    is_public: bool = False  # identity's rule: whether everyone may see it (never on creation today)


class OrganizationUpdatedV1(IntegrationEvent):
    organization_id: int
    life_cycle_stage: int
    fields: list[str]
    display_name: str = ""
    is_public: bool = False  # identity's rule: whether everyone may see it now; consumers store it


class MemberAddedV1(IntegrationEvent):
    organization_id: int
    user_id: int
    member_type: str


class MemberRemovedV1(IntegrationEvent):
    organization_id: int
    user_id: int
