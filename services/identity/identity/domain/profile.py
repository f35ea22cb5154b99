"""What a user may change about themselves (PATCH /self, and the optional fields of POST /users)."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from common.http.requests import Int64, NotNull, digits_as_int, null_means

Country = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$", to_upper=True)]
Text = Annotated[str, StringConstraints(max_length=2000)]


RecordId = Int64


class AddressChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: RecordId | None = None
    building: Text | None = None
    sub_building: Text | None = None
    street_address: Text | None = None
    city: Text | None = None
    address_locality: Text | None = None
    region: Text | None = None
    postal_code: Text | None = None
    country: Country | None = None


def address_as_line(value: Any) -> Any:
    """The request tables type bank_address as an Address, the answers as one line of text: an
    Address is kept as that line."""
    if not isinstance(value, dict):
        return value
    address = AddressChange.model_validate(value).model_dump(exclude={"id"}, exclude_none=True)
    return ", ".join(str(part) for part in address.values())


class BankAccountChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: RecordId | None = None
    bank_name: Text | None = None
    bank_account_number: Text | None = None
    bank_swift_code: Text | None = None
    bank_routing_number: Text | None = None
    bank_address: Annotated[Text, BeforeValidator(address_as_line)] | None = None
    bank_currency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True)] | None = None
    bank_country: Country | None = None


def one_as_list(value: Any) -> Any:
    """The POST /users table shows bank_accounts as one object, PATCH /self as a list: both are read."""
    return [value] if isinstance(value, dict) else value


class ProfileChange(BaseModel):
    """Every editable field; each optional. Unknown or non-editable fields are refused by the caller."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    given_name: NotNull[Text] = None
    family_name: NotNull[Text] = None
    visibility: Annotated[Literal[0, 1, 2] | None, BeforeValidator(digits_as_int), null_means(0)] = None
    address: AddressChange | None = None
    bank_accounts: Annotated[list[BankAccountChange], BeforeValidator(one_as_list)] | None = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    additional_type: Text | None = None
    affiliate_code: Text | None = None
    biography: Annotated[str, StringConstraints(max_length=20000)] | None = None
    birth_country: Country | None = None
    birth_date: date | None = None
    birth_place: Text | None = None
    driving_license_number: Text | None = None
    external_reference_id: Text | None = None
    gender: Literal["M", "F"] | None = None
    honorific_prefix: Text | None = None
    honorific_suffix: Text | None = None
    image: RecordId | None = None
    income_range: Text | None = None
    job_title: Text | None = None
    location: Text | None = None
    nationality: Country | None = None
    passport_country: Country | None = None
    passport_expiry: Text | None = None
    passport_number: Text | None = None
    phone_1: Text | None = None
    phone_2: Text | None = None
    referral_code: Text | None = None
    sector: Text | None = None
    tagline: Text | None = None
    tax_id: Text | None = None
    time_zone: Text | None = Field(default=None, alias="timezone")
    web_site: Text | None = None


COLUMN_FIELDS = frozenset({"given_name", "family_name", "visibility"})
RECORD_FIELDS = frozenset({"address", "bank_accounts", "custom"})
REGISTRATION_ONLY = frozenset({"email", "password", "url"})


def profile_values(change: ProfileChange) -> dict[str, Any]:
    """The scalar fields given, as stored in the user's profile (dates as ISO strings)."""
    return change.model_dump(exclude_unset=True, exclude=COLUMN_FIELDS | RECORD_FIELDS, mode="json")
