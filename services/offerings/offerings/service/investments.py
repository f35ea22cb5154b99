"""Investments: creation under the offering's rules, changes and stage moves, kept figures."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from common.events.offerings import InvestmentFact
from common.http.errors import PlatformError
from common.http.principal import Principal
from common.json import dumps_str, loads
from common.messaging import EventEnvelope, record_event
from common.money import exact_cents
from offerings.adapters.db import documents as document_rows
from offerings.adapters.db import offerings as offering_rows
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import (
    COUNTED,
    INVESTOR,
    LIVE,
    MANAGER,
    MOVES,
    InvestmentChange,
    InvestmentStage,
    check_amount,
    check_approvable,
    check_open,
    check_overfunding,
)
from offerings.domain.offerings import Stage
from offerings.service import directory
from offerings.service import offerings as offering_service

INVESTMENT_FACTS = InvestmentFact.__subclasses__()  # until the use cases publish their own contract

COLUMNS = ("id, network_id, offering_id, user_id, investment_amount, number_of_shares, interest_rate, term, "
           "visibility, life_cycle_stage, custom, settled_at, created_at, updated_at")
HIDDEN, ANONYMOUS = 1, 2


def _cents(amount: Decimal | None) -> Decimal:
    value = exact_cents(amount if amount is not None else Decimal(0))
    if value is None:
        raise PlatformError.VALIDATION_FAILED.error(
            fields={"investment_amount": "Must be an amount of at least 0 with at most two decimal places"})
    return value


async def _live_total(conn: asyncpg.Connection, offering_id: int, user_id: int | None = None,
                      leave_out: int = 0) -> Decimal:
    """What the offering's Open, Approved and Settled investments commit (one user's, or everyone's)."""
    return await conn.fetchval(
        "SELECT coalesce(sum(investment_amount), 0) FROM investments WHERE offering_id = $1 "
        "AND ($2::bigint IS NULL OR user_id = $2) AND life_cycle_stage = ANY($3) AND id <> $4",
        offering_id, user_id, [int(s) for s in LIVE], leave_out)


async def _check_submission_fits(conn: asyncpg.Connection, offering: offering_rows.Offering, amount: Decimal,
                                 leave_out: int = 0) -> None:
    """The cap stops new investments being submitted: every live one counts, so all of them can be approved."""
    submitted = await _live_total(conn, offering.id, leave_out=leave_out)
    check_overfunding(submitted + offering.external_commitments, amount, offering.max_overfunding_amount,
                      "submitted investments")


async def _count(conn: asyncpg.Connection, offering_id: int, user_id: int, amount: Decimal, direction: int) -> None:
    """Add (direction 1) or take away (-1) one counted investment of ``amount``."""
    if amount <= 0:
        return  # never counted: only an amount is approved (earlier zero approvals were recounted out)
    counted = await conn.fetchval(
        "INSERT INTO offering_investors (offering_id, user_id, counted) VALUES ($1, $2, greatest($3, 0)) "
        "ON CONFLICT (offering_id, user_id) DO UPDATE SET counted = offering_investors.counted + $3 "
        "RETURNING counted", offering_id, user_id, direction)
    new_investor = 1 if direction == 1 and counted == 1 else -1 if direction == -1 and counted == 0 else 0
    await conn.execute(
        "UPDATE offerings SET invested = invested + $2, investment_count = investment_count + $3, "
        "investor_count = investor_count + $4, updated_at = now() WHERE id = $1",
        offering_id, amount * direction, direction, new_investor)


async def _publish(conn: asyncpg.Connection, principal: Principal, row: asyncpg.Record, action: str) -> None:
    contract = next(c for c in INVESTMENT_FACTS if c.routing_key.endswith(f".{action}"))
    event = contract(investment_id=row["id"], offering_id=row["offering_id"], user_id=row["user_id"],
                     investment_amount=row["investment_amount"], life_cycle_stage=row["life_cycle_stage"])
    await record_event(conn, EventEnvelope.wrap(event, principal.network, principal.network_id))


async def _refuse_blocked(conn: asyncpg.Connection, principal: Principal, today: date) -> None:
    if await directory.is_blocked(conn, principal.network_id, principal.user_id, today):
        raise OfferingsError.USER_BLOCKED.error()


async def _open_offering(conn: asyncpg.Connection, principal: Principal, offering_id: int) -> offering_rows.Offering:
    offering = await offering_rows.by_id(conn, principal.network_id, offering_id, lock=True)  # one at a time
    if offering is None or not await offering_service.may_view(conn, offering, principal):
        raise OfferingsError.OFFERING_NOT_FOUND.error()
    return offering


async def create(conn: asyncpg.Connection, principal: Principal, offering_id: int, change: InvestmentChange,
                 today: date) -> int:
    stage = change.life_cycle_stage or InvestmentStage.OPEN
    if stage not in (InvestmentStage.OPEN, InvestmentStage.APPROVED):
        raise OfferingsError.ILLEGAL_INVESTMENT_STAGE.error("A new investment is Open (0) or Approved (2)")
    amount = _cents(change.investment_amount)
    async with conn.transaction():
        await _refuse_blocked(conn, principal, today)
        settings = await directory.network_settings(conn, principal.network_id)
        missing = await directory.missing_onboarding(conn, principal.network_id, principal.user_id,
                                                     settings.get("investment_requirements", []))
        if missing:
            raise OfferingsError.ONBOARDING_INCOMPLETE.error(f"Missing: {', '.join(missing)}")
        if not settings.get("auto_approve_investments", True):
            stage = InvestmentStage.OPEN  # the network approves investments itself
        offering = await _open_offering(conn, principal, offering_id)
        check_open(Stage(offering.life_cycle_stage), principal.is_vip, today, offering.open_date, offering.close_date)
        total = await _live_total(conn, offering.id, principal.user_id)
        check_amount(amount, total, offering.min_commitment, offering.max_commitment)
        await _check_submission_fits(conn, offering, amount)
        if stage in COUNTED:
            check_approvable(Stage(offering.life_cycle_stage), amount)
            check_overfunding(offering.invested + offering.external_commitments, amount, offering.max_overfunding_amount)
        row = await conn.fetchrow(
            f"INSERT INTO investments (network_id, offering_id, user_id, investment_amount, number_of_shares, "
            f"interest_rate, term, visibility, life_cycle_stage, custom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
            f"$10::jsonb) RETURNING {COLUMNS}", principal.network_id, offering.id, principal.user_id, amount,
            change.number_of_shares, change.interest_rate, change.term, change.visibility or 0, int(stage),
            dumps_str(change.custom or {}))
        if stage in COUNTED:
            await _count(conn, offering.id, principal.user_id, amount, 1)
        await _publish(conn, principal, row, "created")
    return row["id"]


async def _role(conn: asyncpg.Connection, principal: Principal, offering: offering_rows.Offering,
                row: asyncpg.Record) -> str | None:
    if await offering_service.role_of(conn, offering.organization_id, principal):
        return MANAGER
    return INVESTOR if row["user_id"] == principal.user_id else None


async def change(conn: asyncpg.Connection, principal: Principal, investment_id: int, change_: InvestmentChange,
                 now: datetime) -> None:
    async with conn.transaction():
        row = await conn.fetchrow(f"SELECT {COLUMNS} FROM investments WHERE network_id = $1 AND id = $2",
                                  principal.network_id, investment_id)
        if row is None:
            raise OfferingsError.INVESTMENT_NOT_FOUND.error()
        offering = await offering_rows.by_id(conn, principal.network_id, row["offering_id"], lock=True)
        row = await conn.fetchrow(f"SELECT {COLUMNS} FROM investments WHERE id = $1 FOR UPDATE", investment_id)
        role = await _role(conn, principal, offering, row)
        if role is None and not await may_view(conn, principal, offering, row):
            raise OfferingsError.INVESTMENT_NOT_FOUND.error()
        if role is None:
            raise OfferingsError.INVESTMENT_CHANGE_FORBIDDEN.error()
        await _change_fields(conn, principal, offering, row, change_, role, now.date())
        if change_.life_cycle_stage is not None and change_.life_cycle_stage != row["life_cycle_stage"]:
            await _move(conn, offering, row, change_.life_cycle_stage, role, now)
        updated = await conn.fetchrow(f"SELECT {COLUMNS} FROM investments WHERE id = $1", investment_id)
        action = {2: "approved", 1: "rejected", 3: "withdrawn", 4: "settled"}.get(
            int(change_.life_cycle_stage) if change_.life_cycle_stage is not None else -1, "updated")
        await _publish(conn, principal, updated, action)


async def _change_fields(conn: asyncpg.Connection, principal: Principal, offering: offering_rows.Offering,
                         row: asyncpg.Record, change_: InvestmentChange, role: str, today: date) -> None:
    fields = change_.model_dump(exclude_unset=True, exclude={"life_cycle_stage"})
    if not fields:
        return
    if role != INVESTOR or row["life_cycle_stage"] != InvestmentStage.OPEN:
        raise OfferingsError.INVESTMENT_CHANGE_FORBIDDEN.error("Only the investor changes an investment, while it is Open")
    if "investment_amount" in fields:  # a new amount is a new commitment: the offering must still take it
        await _refuse_blocked(conn, principal, today)
        check_open(Stage(offering.life_cycle_stage), principal.is_vip, today, offering.open_date, offering.close_date)
        fields["investment_amount"] = _cents(change_.investment_amount)
        total = await _live_total(conn, offering.id, row["user_id"], leave_out=row["id"])
        check_amount(fields["investment_amount"], total, offering.min_commitment, offering.max_commitment)
        if fields["investment_amount"] > row["investment_amount"]:  # a smaller commitment always fits
            await _check_submission_fits(conn, offering, fields["investment_amount"], leave_out=row["id"])
    custom = fields.pop("custom", None)
    names = list(fields)
    assignments = "".join(f", {name} = ${i}" for i, name in enumerate(names, start=3))
    await conn.execute(f"UPDATE investments SET custom = custom || $2::jsonb, updated_at = now(){assignments} "
                       f"WHERE id = $1", row["id"], dumps_str(custom or {}), *(fields[n] for n in names))


async def _move(conn: asyncpg.Connection, offering: offering_rows.Offering, row: asyncpg.Record,
                target: InvestmentStage, role: str, now: datetime) -> None:
    current = InvestmentStage(row["life_cycle_stage"])
    allowed = MOVES.get((current, target))
    if allowed is None:
        raise OfferingsError.ILLEGAL_INVESTMENT_STAGE.error(f"An investment can not move from {int(current)} to {int(target)}")
    if allowed != role:
        raise OfferingsError.INVESTMENT_CHANGE_FORBIDDEN.error()
    amount = await conn.fetchval("SELECT investment_amount FROM investments WHERE id = $1", row["id"])
    if target in COUNTED and current not in COUNTED:
        check_approvable(Stage(offering.life_cycle_stage), amount)
        total = await _live_total(conn, offering.id, row["user_id"], leave_out=row["id"])
        check_amount(amount, total, offering.min_commitment, offering.max_commitment)  # as the offering stands now
        check_overfunding(offering.invested + offering.external_commitments, amount, offering.max_overfunding_amount)
        await _count(conn, offering.id, row["user_id"], amount, 1)
    if current in COUNTED and target not in COUNTED:
        await _count(conn, offering.id, row["user_id"], amount, -1)
    await conn.execute("UPDATE investments SET life_cycle_stage = $2::smallint, updated_at = now(), "
                       "settled_at = CASE WHEN $2::smallint = 4 THEN $3 ELSE settled_at END WHERE id = $1",
                       row["id"], int(target), now)


async def is_party(conn: asyncpg.Connection, principal: Principal, offering: offering_rows.Offering,
                   row: asyncpg.Record) -> bool:
    """The investor, the organization's members and admins: they see every stage and the documents."""
    return row["user_id"] == principal.user_id or await offering_service.manages(conn, principal, offering)


def disclosed_sql(first_param: int) -> str:
    """SQL keeping the investments whose investor the caller may know (``$first_param`` the caller's
    id): Open ones, and Anonymous and Hidden ones in offerings of the caller's organizations."""
    return (f"(visibility = 0 OR offering_id IN (SELECT o.id FROM offerings o JOIN directory_members m "
            f"ON m.organization_id = o.organization_id WHERE m.user_id = ${first_param}))")


async def may_view(conn: asyncpg.Connection, principal: Principal, offering: offering_rows.Offering,
                   row: asyncpg.Record) -> bool:
    """The parties to the investment; others Approved or Settled ones they may see."""
    if await is_party(conn, principal, offering, row):
        return True
    return (row["life_cycle_stage"] in COUNTED and row["visibility"] != HIDDEN
            and await offering_service.may_view(conn, offering, principal))


async def view(conn: asyncpg.Connection, row: asyncpg.Record, offering: offering_rows.Offering,
               principal: Principal, manager: bool) -> dict[str, Any]:
    """The investment with every documented field; its documents for its parties only. An
    Anonymous investor is named to the investor, the offering's managers and admins only, and an
    email only to the investor and admins (as identity shows users)."""
    own = row["user_id"] == principal.user_id
    party = own or manager
    show_user = party or row["visibility"] != ANONYMOUS
    show_email = own or principal.is_admin
    user = await conn.fetchrow("SELECT email, given_name, family_name FROM directory_users "
                               "WHERE network_id = $1 AND user_id = $2", row["network_id"], row["user_id"])
    numbers = offering_service.view(offering)
    zero = Decimal("0.00")
    document = dict(row) | {
        "custom": loads(row["custom"]),
        "currency": offering.currency,
        "funding_goal": offering.funding_goal,
        "raised_percent": numbers["raised_percent"],
        "org_id": offering.organization_id,
        "org_name": await directory.organization_name(conn, offering.network_id, offering.organization_id),
        "offering_name": offering.name,
        "user_name": f"{user['given_name']} {user['family_name']}".strip() if user and show_user else None,
        "user_email": user["email"] if user and show_email else None,
        "capital_outstanding": zero, "interest_outstanding": zero, "repayments_remaining": 0,
        "divested_amount": zero, "divested_shares": 0, "is_loanbook": False, "fundamerica_investment_id": None,
        "documents": [],
    }
    if party:
        document["documents"] = await document_rows.of_owner(conn, row["network_id"], "Investment", row["id"])
    if not show_user:
        document["user_id"] = None
    document.pop("network_id")
    document["info"] = [{"type": k, "value": v} for k, v in document["custom"].items()]
    return dict(sorted(document.items()))
