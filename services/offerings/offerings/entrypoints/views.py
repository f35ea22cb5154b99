"""What the API shows of offerings, investments and the forum: every documented field, and
nothing the viewer may not know."""

from decimal import Decimal
from typing import Any

from common.vocabulary import Visibility
from offerings.domain.investments import names_investor
from offerings.domain.offerings import PROFILE_FIELDS, Offering, figures

ZERO = Decimal("0.00")
OFFERING_FIELDS = (
    "id", "organization_id", "user_id", "name", "life_cycle_stage", "is_featured", "is_secondary_offering",
    "funding_goal", "currency", "min_commitment", "max_commitment", "max_overfunding_amount", "external_commitments",
    "valuation", "price_per_share", "num_of_shares", "equity_offered", "interest_rate", "term", "open_date",
    "close_date", "investment_count", "investor_count", "published_at", "settled_at", "created_at", "updated_at")
PROVIDER_IDS = ("fundamerica_offering_id", "gcen_client_id", "loanbook_id", "mangopay_wallet_id")
INVESTMENT_FIELDS = ("id", "offering_id", "user_id", "investment_amount", "number_of_shares", "interest_rate", "term",
                     "visibility", "life_cycle_stage", "custom", "settled_at", "created_at", "updated_at", "currency",
                     "funding_goal", "org_id", "org_name", "offering_name")


def info(custom: dict[str, Any]) -> list[dict[str, Any]]:
    """The custom fields as the document's ``info`` list."""
    return [{"type": name, "value": value} for name, value in custom.items()]


def offering_view(offering: Offering, documents: list[dict[str, Any]], history: list[dict[str, Any]]) -> dict[str, Any]:
    """The offering with every documented field; figures from the maintained columns; the
    history of its terms, so investors see what changed after they relied on it, and why."""
    view = {name: offering.profile.get(name) for name in (*PROFILE_FIELDS, *PROVIDER_IDS)}
    view |= {name: getattr(offering, name) for name in OFFERING_FIELDS}
    view |= figures(offering.funding_goal, offering.invested, offering.external_commitments, offering.valuation)
    view |= {
        "custom": offering.custom,
        "info": info(offering.custom),
        "documents": documents,
        "history": history,
        "sum_outstanding_payouts": {"dividends": ZERO, "capitalgains": ZERO, "loanrepayments": ZERO},
        "capital_outstanding": ZERO,
        "repayments_remaining": 0,
    }
    return dict(sorted(view.items()))


def is_investment_party(row: dict[str, Any], viewer_id: int | None) -> bool:
    """The investor and the offering's managers: they see every stage and its documents."""
    return row["user_id"] == viewer_id or row["managed"]


def investment_view(row: dict[str, Any], documents: list[dict[str, Any]], viewer_id: int | None,
                    viewer_is_admin: bool) -> dict[str, Any]:
    """The investment with every documented field; its documents for its parties only. An
    Anonymous investor is named to the investor, the offering's managers and admins only, and an
    email only to the investor and admins (as identity shows users)."""
    own = row["user_id"] == viewer_id
    party = is_investment_party(row, viewer_id)
    named = names_investor(row["visibility"], party)
    view = {name: row[name] for name in INVESTMENT_FIELDS} | {
        "raised_percent": figures(row["funding_goal"], row["invested"], row["external_commitments"], None)["raised_percent"],
        "user_name": f"{row['given_name']} {row['family_name']}".strip() if named and row["investor_known"] else None,
        "user_email": row["email"] if row["investor_known"] and (own or viewer_is_admin) else None,
        "capital_outstanding": ZERO, "interest_outstanding": ZERO, "repayments_remaining": 0,
        "divested_amount": ZERO, "divested_shares": 0, "is_loanbook": False, "fundamerica_investment_id": None,
        "documents": documents if party else [],
        "info": info(row["custom"]),
    }
    if not named:
        view["user_id"] = None
    return dict(sorted(view.items()))


def deal_room_view(room: dict[str, Any], documents: list[dict[str, Any]]) -> dict[str, Any]:
    """A deal room with every documented field. Access and document groups are not modelled
    yet (every user of the room reads all of it), so both are empty lists."""
    return room | {"info": info(room["custom"]), "documents": documents, "access_groups": [], "document_groups": []}


def forum_entry_view(entry: dict[str, Any]) -> dict[str, Any]:
    """A topic, post or comment with its author's name, unless it was written anonymously."""
    view = dict(entry)
    anonymous = view.get("visibility") == Visibility.ANONYMOUS
    view["user_name"] = None if anonymous else f"{view.get('given_name') or ''} {view.get('family_name') or ''}".strip()
    if anonymous:
        view["given_name"] = view["family_name"] = view["user_id"] = None
    return view


def application_view(application: dict[str, Any]) -> dict[str, Any]:
    view = {name: value for name, value in application.items() if name != "network_id"}
    return view | {"info": info(view["custom"]), "author_id": view["user_id"]}
