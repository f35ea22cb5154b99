"""Users as the document writes them: their own account (`GET /self`) and as others see them."""

from typing import Any

from common.vocabulary import Visibility
from identity.domain.profile import ADDRESS_FIELDS, PUBLIC_ADDRESS_FIELDS
from identity.domain.users import User, UserStatus

_PROFILE_FIELDS = (
    "additional_name", "additional_type", "affiliate_code", "biography", "birth_country",
    "birth_date", "birth_place", "driving_license_number", "external_reference_id",
    "fundamerica_entity_id", "gbg_pass_id", "gcen_client_id", "gender", "honorific_prefix",
    "honorific_suffix", "image", "income_range", "job_title", "location", "mangopay_card_id",
    "mangopay_user_id", "nationality", "passport_country", "passport_expiry", "passport_number",
    "phone_1", "phone_2", "referral_code", "reyker_id", "sector", "tagline", "tax_id", "time_zone",
    "web_site",
)
_PROFILE_FLAGS = ("password_expired", "phone_verified")


def self_view(user: User, addresses: list[dict[str, Any]], bank_accounts: list[dict[str, Any]],
              memberships: list[dict[str, Any]], documents: list[dict[str, Any]]) -> dict[str, Any]:
    profile = user.profile
    view: dict[str, Any] = {name: profile.get(name) for name in _PROFILE_FIELDS}
    view |= {name: bool(profile.get(name, False)) for name in _PROFILE_FLAGS}
    view |= {
        "id": user.id,
        "email": user.email,
        "email_verified": user.email_verified,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "full_name": user.full_name,
        "is_admin": user.is_admin,
        "is_vip": user.is_vip,
        "has_been_blocked": user.is_blocked,
        "has_been_approved": user.has_been_approved,
        "registration_complete": user.registration_complete,
        "term_service_accepted": user.term_service_accepted,
        "visibility": int(user.visibility),
        "address": addresses[0] if addresses else {name: None for name in ("id", *ADDRESS_FIELDS)},
        "addresses": addresses,
        "bank_accounts": bank_accounts,
        "custom": user.custom,
        "info": [{"type": name, "value": value} for name, value in user.custom.items()],
        "documents": documents,
        "organizations": memberships,
        "last_login_at": user.last_login_at,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }
    return dict(sorted(view.items()))


_PUBLIC_PROFILE_FIELDS = (
    "additional_type", "affiliate_code", "biography", "external_reference_id", "gender", "honorific_prefix",
    "honorific_suffix", "image", "job_title", "location", "referral_code", "sector", "tagline", "time_zone",
    "web_site",
)
WITHHELD_ADDRESS_FIELDS = ("building", "street_address", "postal_code")  # documented, but private: always null


def public_view(user: User, address: dict[str, Any] | None, show_email: bool,
                documents: list[dict[str, Any]] | None = None,
                memberships: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Another user as the document shows them: every documented key, the private ones (phone
    numbers, address lines) always null; an Anonymous user without a name."""
    profile = user.profile
    named = user.visibility != Visibility.ANONYMOUS
    view: dict[str, Any] = {name: profile.get(name) for name in _PUBLIC_PROFILE_FIELDS}
    view |= {
        "id": user.id,
        "email": user.email if show_email else None,
        "given_name": user.given_name if named else None,
        "family_name": user.family_name if named else None,
        "full_name": user.full_name if named else "Anonymous",
        "is_admin": user.is_admin,
        "is_vip": user.is_vip,
        "has_been_approved": user.has_been_approved,
        "has_been_blocked": user.is_blocked,
        "registration_complete": user.registration_complete,
        "visibility": int(user.visibility),
        "address": {name: (address or {}).get(name) for name in PUBLIC_ADDRESS_FIELDS}
        | dict.fromkeys(WITHHELD_ADDRESS_FIELDS),
        "phone_1": None,
        "phone_2": None,
        "custom": user.custom,
        "info": [{"type": name, "value": value} for name, value in user.custom.items()],
        "documents": documents or [],
        "organizations": memberships or [],
        "status": str(UserStatus.BLOCKED if user.is_blocked else UserStatus.ACTIVE),
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }
    return dict(sorted(view.items()))
