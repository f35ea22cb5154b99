"""Organizations: their editable fields and the life-cycle state machine."""

from datetime import date
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

from common.http.requests import Int64, NotNull, digits_as_int, null_means
from identity.domain.profile import AddressChange, Text


class Stage(IntEnum):
    DRAFT = 0
    SUBMITTED = 1
    REJECTED = 2
    APPROVED = 3
    RESTRICTED = 4
    PUBLISHED = 5
    ARCHIVED = 6
    CANCELED = 7


# (from, to) -> who may make the move
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


class OrganizationChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: NotNull[Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]] = None
    life_cycle_stage: NotNull[Annotated[Stage, BeforeValidator(digits_as_int)]] = None
    visibility: Annotated[Literal[0, 1, 2] | None, BeforeValidator(digits_as_int), null_means(0)] = None
    address: Annotated[AddressChange | None, null_means({})] = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    additional_type: Text | None = None
    alternate_name: Text | None = None
    brief_desc: Text | None = None
    credit_score: Text | None = None
    company_number: Text | None = None
    detail_desc: Annotated[str, StringConstraints(max_length=50000)] | None = None
    facebook: Text | None = None
    founding_date: date | None = None
    founding_location: Text | None = None
    legal_name: Text | None = None
    linkedin: Text | None = None
    location: Text | None = None
    logo: Int64 | None = None
    org_email: Text | None = None
    sector: Text | None = None
    tax_id: Text | None = None
    telephone: Text | None = None
    twitter: Text | None = None
    website: Text | None = None
    youtube: Text | None = None


PROFILE_EXCLUDE = {"display_name", "life_cycle_stage", "visibility", "address", "custom"}
