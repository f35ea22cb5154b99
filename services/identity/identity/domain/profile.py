"""What a user may change about themselves, sorted by where it is kept."""

from dataclasses import dataclass, field
from typing import Any

ADDRESS_FIELDS = ("building", "sub_building", "street_address", "city", "address_locality", "region",
                  "postal_code", "country")
BANK_ACCOUNT_FIELDS = ("bank_name", "bank_account_number", "bank_swift_code", "bank_routing_number",
                       "bank_address", "bank_currency", "bank_country")
PUBLIC_ADDRESS_FIELDS = ("city", "address_locality", "region", "country")
COLUMN_FIELDS = frozenset({"given_name", "family_name", "visibility"})
RECORD_FIELDS = frozenset({"address", "bank_accounts", "custom"})


@dataclass(frozen=True)
class ProfileEdit:
    """A change to a user's profile. An address or bank account with an ``id`` changes that
    record of the user's, one without adds a record; custom keys replace or add."""

    fields: list[str]  # every field given, as the event names them
    columns: dict[str, Any] = field(default_factory=dict)  # given_name, family_name, visibility
    profile: dict[str, Any] = field(default_factory=dict)  # the other scalar fields, as stored (dates as text)
    custom: dict[str, Any] = field(default_factory=dict)
    address: dict[str, Any] | None = None
    bank_accounts: list[dict[str, Any]] = field(default_factory=list)
