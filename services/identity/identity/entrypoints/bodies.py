"""The bodies of the requests that change users and organizations, read the way clients send
them (``common.http.requests``), and the domain's edit each one makes."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from common.http.requests import Int64, NotNull, digits_as_int, null_means
from common.vocabulary import Visibility
from identity.domain.organizations import OrganizationEdit, Stage
from identity.domain.profile import COLUMN_FIELDS, RECORD_FIELDS, ProfileEdit

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
    visibility: Annotated[Visibility | None, BeforeValidator(digits_as_int), null_means(Visibility.OPEN)] = None
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

    def edit(self) -> ProfileEdit:
        given = self.model_dump(exclude_unset=True)
        return ProfileEdit(
            fields=list(given),
            columns={name: given[name] for name in COLUMN_FIELDS & given.keys()},
            profile=self.model_dump(exclude_unset=True, exclude=COLUMN_FIELDS | RECORD_FIELDS, mode="json"),
            custom=self.custom or {},
            address=self.address.model_dump(exclude_unset=True) if self.address is not None else None,
            bank_accounts=[account.model_dump(exclude_unset=True) for account in self.bank_accounts or []],
        )


REGISTRATION_ONLY = frozenset({"email", "password", "url"})


class OrganizationChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: NotNull[Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]] = None
    life_cycle_stage: NotNull[Annotated[Stage, BeforeValidator(digits_as_int)]] = None
    visibility: Annotated[Visibility | None, BeforeValidator(digits_as_int), null_means(Visibility.OPEN)] = None
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

    def edit(self) -> OrganizationEdit:
        given = self.model_dump(exclude_unset=True)
        return OrganizationEdit(
            fields=sorted(given),
            columns={name: given[name] for name in ("display_name", "visibility") if name in given},
            stage=self.life_cycle_stage,
            profile=self.model_dump(exclude_unset=True, exclude=_ORGANIZATION_COLUMNS, mode="json"),
            address=self.address.model_dump(exclude_unset=True, exclude={"id"}) if self.address else {},
            custom=self.custom or {},
        )


_ORGANIZATION_COLUMNS = {"display_name", "life_cycle_stage", "visibility", "address", "custom"}
