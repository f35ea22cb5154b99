"""The register in the Open Cap Format (OCF) of the Open Cap Table Coalition: the issuer, its stock
classes (one per capitalization type that is stock), its stakeholders (the holders), and the
transactions that made the register: an issuance for each capitalization created or issued, a
transfer for each that gave its shares to children (a split, a merge, an issuance from it).

The register does not know where or when the organization was formed: the formation date is the
day of its first capitalization and the country is the caller's (``country``, default US).
Debt is no stock, so debt capitalizations are left out (OCF models them as convertibles)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from registry.domain.capitalizations import Capitalization, CapitalizationType

OCF_VERSION = "1.2.0"
STOCK_CLASSES = {CapitalizationType.EQUITY: ("COMMON", "Common Stock", "CS"),
                 CapitalizationType.PREFERRED_EQUITY: ("PREFERRED", "Preferred Stock", "PS")}


def _date(moment: datetime) -> str:
    return moment.date().isoformat()


def _numeric(value: Decimal | int) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def document(organization_id: int, name: str, caps: list[Capitalization], holders: dict[int, str],
             currency: str = "USD", country: str = "US") -> dict[str, Any]:
    stock = [cap for cap in caps if cap.capitalization_type in STOCK_CLASSES]
    issuer_id = f"issuer-{organization_id}"
    classes = sorted({cap.capitalization_type for cap in stock})
    children: dict[int, list[Capitalization]] = {}
    for cap in stock:
        if cap.parent_id is not None:
            children.setdefault(cap.parent_id, []).append(cap)
    return {
        "ocf_version": OCF_VERSION,
        "issuer": {"object_type": "ISSUER", "id": issuer_id, "legal_name": name or f"Organization {organization_id}",
                   "formation_date": _date(min((cap.created_at for cap in caps), default=datetime.now())),
                   "country_of_formation": country},
        "stock_classes": [stock_class(kind, stock, currency) for kind in classes],
        "stakeholders": [{"object_type": "STAKEHOLDER", "id": f"stakeholder-{owner}",
                          "name": {"legal_name": holders.get(owner) or f"User {owner}"},
                          "stakeholder_type": "INDIVIDUAL"}
                         for owner in sorted({cap.owner_id for cap in stock if cap.owner_id is not None})],
        "transactions": [*(issuance(cap, currency) for cap in stock if cap.owner_id is not None),
                         *(transfer(cap, children[cap.id]) for cap in stock if cap.id in children and cap.owner_id is not None)],
    }


def stock_class(kind: CapitalizationType, caps: list[Capitalization], currency: str) -> dict[str, Any]:
    class_type, name, prefix = STOCK_CLASSES[kind]
    authorized = sum(cap.number_of_shares for cap in caps if cap.capitalization_type == kind)
    return {"object_type": "STOCK_CLASS", "id": f"class-{int(kind)}", "name": name, "class_type": class_type,
            "default_id_prefix": prefix, "initial_shares_authorized": _numeric(authorized),
            "votes_per_share": "1", "seniority": "1" if kind == CapitalizationType.EQUITY else "2"}


def issuance(cap: Capitalization, currency: str) -> dict[str, Any]:
    return {"object_type": "TX_STOCK_ISSUANCE", "id": f"issuance-{cap.id}", "date": _date(cap.created_at),
            "security_id": f"security-{cap.id}", "custom_id": f"CAP-{cap.id}",
            "stakeholder_id": f"stakeholder-{cap.owner_id}", "stock_class_id": f"class-{int(cap.capitalization_type)}",
            "share_price": {"amount": _numeric(cap.price_per_share_at_acquisition), "currency": currency},
            "quantity": _numeric(cap.number_of_shares_at_acquisition), "stock_legend_ids": [],
            "security_law_exemptions": []}


def transfer(parent: Capitalization, children: list[Capitalization]) -> dict[str, Any]:
    moved = sum(child.number_of_shares_at_acquisition for child in children)
    return {"object_type": "TX_STOCK_TRANSFER", "id": f"transfer-{parent.id}",
            "date": _date(max(child.created_at for child in children)), "security_id": f"security-{parent.id}",
            "quantity": _numeric(moved), "resulting_security_ids": [f"security-{child.id}" for child in children],
            **({"balance_security_id": f"security-{parent.id}"} if parent.number_of_shares else {})}
