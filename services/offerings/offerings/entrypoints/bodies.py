"""The request bodies the offerings endpoints read, as the wire sends them (validation of
shape and range; the rules are the domain's)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from common.http.requests import (
    Flag,
    Int32,
    Int64,
    NotNull,
    digits_as_int,
    null_means,
    plain_decimal,
)
from common.money import Money, Price
from common.vocabulary import Visibility
from offerings.domain.documents import SourceType
from offerings.domain.investments import InvestmentStage
from offerings.domain.offerings import Stage

# what the columns hold: numeric(20,2) and (20,4) for amounts and prices, numeric(9,4) for rates
Rate = Annotated[Decimal, BeforeValidator(plain_decimal), Field(ge=0, lt=100000, decimal_places=4)]
Text = Annotated[str, StringConstraints(max_length=2000)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=100000)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=500)]
EntryVisibility = Annotated[Visibility, BeforeValidator(digits_as_int)]


class OfferingChange(BaseModel):
    """Every editable field (funding_goal is required on creation only)."""

    model_config = ConfigDict(extra="forbid")

    funding_goal: NotNull[Money] = None
    name: Text | None = None
    life_cycle_stage: NotNull[Annotated[Stage, BeforeValidator(digits_as_int)]] = None
    additional_type: Text | None = None
    capitalization_id: Int64 | None = None
    category: Text | None = None
    close_date: date | None = None
    credit_score: Text | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True)] | None = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    equity_offered: Rate | None = None
    external_commitments: Annotated[Money | None, null_means(Decimal(0))] = None
    interest_rate: Rate | None = None
    is_featured: Annotated[Flag | None, null_means(False)] = None
    is_secondary_offering: Annotated[Flag | None, null_means(False)] = None
    max_commitment: Money | None = None
    max_overfunding_amount: Money | None = None
    min_commitment: Money | None = None
    num_of_shares: Int64 | None = None
    offering_description: Annotated[str, StringConstraints(max_length=100000)] | None = None
    open_date: date | None = None
    price_per_share: Price | None = None
    primary_offering_id: Int64 | None = None
    term: Int32 | None = None
    valuation: Money | None = None
    change_reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)] | None = None


class InvestmentChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    investment_amount: NotNull[Money] = None
    number_of_shares: Int64 | None = None
    interest_rate: Rate | None = None
    term: Int32 | None = None
    visibility: Annotated[Visibility | None, BeforeValidator(digits_as_int), null_means(Visibility.OPEN)] = None
    life_cycle_stage: NotNull[Annotated[InvestmentStage, BeforeValidator(digits_as_int)]] = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None


class TopicBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title
    body: str = ""
    visibility: EntryVisibility = Visibility.OPEN


class PostBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Body
    visibility: EntryVisibility = Visibility.OPEN


class CommentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Body
    visibility: EntryVisibility = Visibility.OPEN


class BulletinBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title
    body: str = ""


class NewDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=r"^https?://")]
    file_name: str | None = None
    file_type: str | None = None
    file_alias: str | None = None
    file_description: str | None = None
    group_id: Int64 | None = None
    source_type: Annotated[SourceType, BeforeValidator(digits_as_int)] = SourceType.EXTERNAL_CDN
    tag: str | None = None


class Application(BaseModel):
    model_config = ConfigDict(extra="forbid")
    life_cycle_stage: Annotated[int, BeforeValidator(digits_as_int)]
    additional_type: str | None = None
    code: str | None = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    description: str | None = None
    funding_goal: Money | None = None
    interest_rate: Rate | None = None
    investment_amount: Money | None = None
    number_of_shares: Int64 | None = None
    offering: Int64 | None = None
    organization: Int64 | None = None
    price_per_share: Price | None = None
    term: Int32 | None = None

