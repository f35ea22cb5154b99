"""Offerings: creation by an organization's members, changes, the life cycle, who sees what."""

from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg

from common.events.offerings import OfferingFact
from common.http.errors import PlatformError
from common.http.principal import Principal
from common.lifecycle import stage_change
from common.messaging import EventEnvelope, record_event
from common.money import exact_cents
from offerings.adapters.db import offerings as rows
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import (
    ADMIN,
    MEMBER,
    MONEY_FIELDS,
    MOVES,
    PROFILE_FIELDS,
    STAMPS,
    TERMS,
    USER_STAGES,
    VIP_STAGES,
    OfferingChange,
    Stage,
    check_terms_change,
    figures,
)
from offerings.service import directory

OFFERING_FACTS = OfferingFact.__subclasses__()  # until the use cases publish their own contract


async def role_of(conn: asyncpg.Connection, organization_id: int, principal: Principal) -> str | None:
    if principal.is_admin:
        return ADMIN
    return MEMBER if await directory.is_member(conn, organization_id, principal.user_id) else None


async def manages(conn: asyncpg.Connection, principal: Principal, offering: rows.Offering) -> bool:
    """The organization's members and admins: they see the offering at every stage, and its investors."""
    return await role_of(conn, offering.organization_id, principal) is not None


def stages_for(principal: Principal) -> tuple[Stage, ...]:
    return VIP_STAGES if principal.is_vip else USER_STAGES


async def may_view(conn: asyncpg.Connection, offering: rows.Offering, principal: Principal) -> bool:
    if offering.life_cycle_stage in stages_for(principal):
        return True
    return await role_of(conn, offering.organization_id, principal) is not None


def visible_scope(principal: Principal, first_param: int) -> tuple[str, list[Any]]:
    """SQL (and its arguments) keeping the offerings the caller may see."""
    if principal.is_admin:
        return "TRUE", []
    return (f"(life_cycle_stage = ANY(${first_param}) OR organization_id IN "
            f"(SELECT organization_id FROM directory_members WHERE user_id = ${first_param + 1}))",
            [[int(s) for s in stages_for(principal)], principal.user_id or 0])


def _money(change: OfferingChange) -> dict[str, Decimal]:
    given = change.model_dump(exclude_unset=True)
    amounts = {}
    for name in MONEY_FIELDS:
        if given.get(name) is not None:
            amount = exact_cents(given[name])
            if amount is None:
                raise PlatformError.VALIDATION_FAILED.error(
                    fields={name: "Must be an amount of at least 0 with at most two decimal places"})
            amounts[name] = amount
    return amounts


def _term_changes(offering: rows.Offering, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The terms this change really changes (an unchanged value sent again is no change)."""
    changes = {}
    for name in TERMS & values.keys():
        before = offering.profile.get(name) if name in PROFILE_FIELDS else getattr(offering, name)
        if values[name] != before:
            changes[name] = {"from": before, "to": values[name]}
    return changes


async def _apply(conn: asyncpg.Connection, principal: Principal, offering: rows.Offering, change: OfferingChange,
                 role: str, now: datetime) -> list[str]:
    given = change.model_dump(exclude_unset=True, exclude={"change_reason"})
    if given.get("is_featured", offering.is_featured) != offering.is_featured and role != ADMIN:
        raise OfferingsError.FEATURING_FORBIDDEN.error()
    columns = {name: value for name, value in given.items() if name in rows.SETTABLE and name != "life_cycle_stage"}
    columns |= _money(change)
    profile = {name: given[name] for name in PROFILE_FIELDS if name in given}
    changes = _term_changes(offering, columns | profile)
    recorded = check_terms_change(Stage(offering.life_cycle_stage), role, set(changes), change.change_reason)
    columns |= stage_change(MOVES, STAMPS, Stage(offering.life_cycle_stage), change.life_cycle_stage, role, now,
                            OfferingsError.ILLEGAL_STAGE_CHANGE, OfferingsError.STAGE_CHANGE_FORBIDDEN)
    await rows.update(conn, offering.id, columns, profile, change.custom or {})
    if recorded:
        await rows.add_history(conn, offering, principal.user_id, changes, change.change_reason)
    return sorted(given)


async def _publish(conn: asyncpg.Connection, principal: Principal, offering_id: int, action: str,
                   fields: list[str]) -> None:
    offering = await rows.by_id(conn, principal.network_id, offering_id)
    contract = next(c for c in OFFERING_FACTS if c.routing_key.endswith(f".{action}"))
    event = contract(offering_id=offering_id, organization_id=offering.organization_id,
                     life_cycle_stage=offering.life_cycle_stage, fields=fields)
    await record_event(conn, EventEnvelope.wrap(event, principal.network, principal.network_id))


async def create(conn: asyncpg.Connection, principal: Principal, organization_id: int, change: OfferingChange,
                 now: datetime) -> int:
    if await directory.organization_name(conn, principal.network_id, organization_id) is None:
        raise OfferingsError.ORGANIZATION_NOT_FOUND.error()
    role = await role_of(conn, organization_id, principal)
    if role is None:
        raise OfferingsError.NOT_A_MEMBER.error()
    goal = _money(change).get("funding_goal")
    if goal is None:
        raise PlatformError.VALIDATION_FAILED.error(fields={"funding_goal": "This field is required"})
    async with conn.transaction():
        offering_id = await rows.insert(conn, principal.network_id, organization_id, principal.user_id, goal)
        offering = await rows.by_id(conn, principal.network_id, offering_id)
        fields = await _apply(conn, principal, offering, change, role, now)
        await _publish(conn, principal, offering_id, "created", fields)
    return offering_id


async def editable(conn: asyncpg.Connection, principal: Principal, offering_id: int) -> tuple[rows.Offering, str]:
    """The offering (locked) and the caller's role; 404 if unseen, 403 if not a member or admin."""
    offering = await rows.by_id(conn, principal.network_id, offering_id, lock=True)
    if offering is None or not await may_view(conn, offering, principal):
        raise OfferingsError.OFFERING_NOT_FOUND.error()
    role = await role_of(conn, offering.organization_id, principal)
    if role is None:
        raise OfferingsError.NOT_A_MEMBER.error()
    return offering, role


STAGE_ACTIONS = {Stage.SUBMITTED: "submitted", Stage.APPROVED: "approved", Stage.REJECTED: "rejected",
                 Stage.RESTRICTED: "restricted", Stage.PUBLISHED: "published", Stage.LIVE: "live",
                 Stage.CLOSING: "closing", Stage.SETTLED: "settled", Stage.CANCELED: "canceled"}


async def update(conn: asyncpg.Connection, principal: Principal, offering_id: int, change: OfferingChange,
                 now: datetime) -> None:
    async with conn.transaction():
        offering, role = await editable(conn, principal, offering_id)
        fields = await _apply(conn, principal, offering, change, role, now)
        moved = change.life_cycle_stage is not None and change.life_cycle_stage != offering.life_cycle_stage
        if moved and change.life_cycle_stage == Stage.SETTLED:  # its Approved investments settle with it
            await conn.execute("UPDATE investments SET life_cycle_stage = 4, settled_at = $2, updated_at = now() "
                               "WHERE offering_id = $1 AND life_cycle_stage = 2", offering_id, now)
        action = STAGE_ACTIONS[change.life_cycle_stage] if moved else "updated"
        await _publish(conn, principal, offering_id, action, fields)


async def cancel(conn: asyncpg.Connection, principal: Principal, offering_id: int, now: datetime) -> None:
    await update(conn, principal, offering_id, OfferingChange(life_cycle_stage=Stage.CANCELED), now)


def view(offering: rows.Offering, documents: list[dict[str, Any]] | None = None,
         history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The offering with every documented field; figures from the maintained columns; the
    history of its terms, so investors see what changed after they relied on it, and why."""
    numbers = figures(offering.funding_goal, offering.invested, offering.external_commitments, offering.valuation)
    document = {name: offering.profile.get(name) for name in (*PROFILE_FIELDS, "fundamerica_offering_id",
                                                               "gcen_client_id", "loanbook_id", "mangopay_wallet_id")}
    document |= {name: getattr(offering, name) for name in (
        "id", "organization_id", "user_id", "name", "life_cycle_stage", "is_featured", "is_secondary_offering",
        "funding_goal", "currency", "min_commitment", "max_commitment", "max_overfunding_amount",
        "external_commitments", "valuation", "price_per_share", "num_of_shares", "equity_offered", "interest_rate",
        "term", "open_date", "close_date", "investment_count", "investor_count", "published_at", "settled_at",
        "created_at", "updated_at")}
    zero = Decimal("0.00")
    document |= numbers | {
        "custom": offering.custom,
        "info": [{"type": name, "value": value} for name, value in offering.custom.items()],
        "documents": documents or [],
        "history": history or [],
        "sum_outstanding_payouts": {"dividends": zero, "capitalgains": zero, "loanrepayments": zero},
        "capital_outstanding": zero,
        "repayments_remaining": 0,
    }
    return dict(sorted(document.items()))
