"""The user as the document writes it (`GET /self`): every listed field, null where unknown."""

from typing import Any

from identity.adapters.db.store import User

_ADDRESS_FIELDS = ("building", "sub_building", "street_address", "city", "address_locality",
                   "region", "postal_code", "country")
_PROFILE_FIELDS = (
    "additional_name", "additional_type", "affiliate_code", "biography", "birth_country",
    "birth_date", "birth_place", "driving_license_number", "external_reference_id",
    "fundamerica_entity_id", "gbg_pass_id", "gcen_client_id", "gender", "honorific_prefix",
    "honorific_suffix", "image", "income_range", "job_title", "location", "mangopay_card_id",
    "mangopay_user_id", "nationality", "passport_country", "passport_expiry", "passport_number",
    "phone_1", "phone_2", "referral_code", "reyker_id", "sector", "tagline", "tax_id", "time_zone",
    "web_site",
)
_PROFILE_FLAGS = ("has_been_approved", "password_expired", "phone_verified",
                  "registration_complete", "term_service_accepted")


def self_view(user: User) -> dict[str, Any]:
    profile = user.profile
    view: dict[str, Any] = {name: profile.get(name) for name in _PROFILE_FIELDS}
    view |= {name: bool(profile.get(name, False)) for name in _PROFILE_FLAGS}
    view |= {
        "id": user.id,
        "email": user.email,
        "email_verified": user.email_verified,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "full_name": f"{user.given_name} {user.family_name}".strip(),
        "is_admin": user.is_admin,
        "is_vip": user.is_vip,
        "has_been_blocked": user.is_blocked,
        "visibility": profile.get("visibility", 0),
        "address": {name: (profile.get("address") or {}).get(name) for name in _ADDRESS_FIELDS},
        "addresses": profile.get("addresses", []),
        "bank_accounts": profile.get("bank_accounts", []),
        "custom": profile.get("custom", {}),
        "info": profile.get("info", []),
        "documents": [],
        "organizations": [],
        "last_login_at": user.last_login_at,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }
    return dict(sorted(view.items()))
