"""Payout schedules: created by the offering's organization (its members) and admins, read by
them and by the payout's investor; an offering payout, once paid, is distributed by a worker."""

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timezone
from typing import Any

from common.events.payments import (
    PayoutCreatedV1,
    PayoutPaidV1,
    PayoutUpdatedV1,
    TransactionCreatedV1,
)
from common.http.listing import ListQuery
from common.http.principal import Principal
from payments.adapters.db.ledger import Posting
from payments.adapters.db.records import payout_view
from payments.domain import schedules
from payments.domain.distribution import pro_rata
from payments.domain.errors import PaymentsError
from payments.domain.jobs import DISTRIBUTE
from payments.domain.ledger import PaymentService, PaymentStatus, offering_account
from payments.domain.stats import investment_stats
from payments.service.unit_of_work import PaymentsUnitOfWork

IsMember = Callable[[Principal, int], Awaitable[bool]]  # asks identity: is the caller in this organization?


async def _check_manager(principal: Principal, organization_id: int, is_member: IsMember) -> None:
    if not principal.is_admin and not (principal.user_id and await is_member(principal, organization_id)):
        raise PaymentsError.NOT_ALLOWED.error("Only the offering's organization and admins manage its payouts")


async def _offering(uow: PaymentsUnitOfWork, offering_id: int) -> int:
    organization_id = await uow.known.organization_of(uow.network_id, offering_id)
    if organization_id is None:
        raise PaymentsError.OFFERING_NOT_FOUND.error()
    return organization_id


async def _investment(uow: PaymentsUnitOfWork, investment_id: int) -> Any:
    investment = await uow.known.investment(uow.network_id, investment_id)
    if investment is None or investment["organization_id"] is None:
        raise PaymentsError.INVESTMENT_NOT_FOUND.error()
    return investment


def _due(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), timezone.utc)


async def _add(uow: PaymentsUnitOfWork, target: dict[str, Any], fields: dict[str, Any]) -> int:
    fields = {name: value for name, value in fields.items() if name != "investment_id"}
    row = target | fields | {"network_id": uow.network_id, "due_date": _due(fields.get("due_date"))}
    payout_id = await uow.payouts.add(row)
    uow.publish(PayoutCreatedV1(**_fact(await uow.payouts.get(uow.network_id, payout_id))))
    return payout_id


async def target_of(uow: PaymentsUnitOfWork, principal: Principal, is_member: IsMember, *,
                    offering_id: int | None = None, investment_id: int | None = None) -> dict[str, Any]:
    """Where new payouts go (an offering, or an investment and its investor), once the caller is
    allowed to create them there."""
    if investment_id is not None:
        investment = await _investment(uow, investment_id)
        await _check_manager(principal, investment["organization_id"], is_member)
        return {"offering_id": investment["offering_id"], "investment_id": investment_id,
                "user_id": investment["user_id"]}
    await _check_manager(principal, await _offering(uow, offering_id), is_member)
    return {"offering_id": offering_id}


async def create(uow: PaymentsUnitOfWork, target: dict[str, Any], items: list[dict[str, Any]]) -> list[int]:
    return [await _add(uow, target, fields) for fields in items]


def from_terms(terms: Any) -> list[dict[str, Any]]:
    """The payouts of a loan's terms (payments.domain.schedules)."""
    return [{"currency": terms.currency, "due_date": item.due_date, "payout_amount": item.amount,
             "payout_type": terms.payout_type, "minimum_payment": item.amount,
             "additional_type": f"{terms.method}: principal {item.principal}, interest {item.interest}"}
            for item in schedules.schedule(terms.principal, terms.annual_rate, terms.term_months, terms.start_date,
                                           terms.method)]


async def _readable(uow: PaymentsUnitOfWork, principal: Principal, payout_id: int, is_member: IsMember) -> Any:
    payout = await uow.payouts.get(uow.network_id, payout_id)
    if payout is None:
        raise PaymentsError.PAYOUT_NOT_FOUND.error()
    if principal.is_admin or (principal.user_id and payout["user_id"] == principal.user_id):
        return payout
    organization_id = await uow.known.organization_of(uow.network_id, payout["offering_id"])
    if principal.user_id and organization_id is not None and await is_member(principal, organization_id):
        return payout
    raise PaymentsError.PAYOUT_NOT_FOUND.error()


async def view(uow: PaymentsUnitOfWork, principal: Principal, payout_id: int, is_member: IsMember) -> dict:
    return payout_view(await _readable(uow, principal, payout_id, is_member))


async def transactions_page(uow: PaymentsUnitOfWork, principal: Principal, payout_id: int, is_member: IsMember,
                            query: ListQuery) -> tuple[int, list]:
    await _readable(uow, principal, payout_id, is_member)
    return await uow.transactions.page("payout_id = $1", [payout_id], query)


async def page_of_offering(uow: PaymentsUnitOfWork, principal: Principal, offering_id: int, is_member: IsMember,
                           query: ListQuery) -> tuple[int, list]:
    await _check_manager(principal, await _offering(uow, offering_id), is_member)
    return await uow.payouts.page("network_id = $1 AND offering_id = $2 AND investment_id IS NULL",
                                  [uow.network_id, offering_id], query)


async def page_of_investment(uow: PaymentsUnitOfWork, principal: Principal, investment_id: int,
                             is_member: IsMember, query: ListQuery) -> tuple[int, list]:
    investment = await _investment(uow, investment_id)
    if investment["user_id"] != principal.user_id:
        await _check_manager(principal, investment["organization_id"], is_member)
    return await uow.payouts.page("network_id = $1 AND investment_id = $2", [uow.network_id, investment_id], query)


async def page_of_user(uow: PaymentsUnitOfWork, principal: Principal, is_member: IsMember,
                       query: ListQuery) -> tuple[int, list]:
    return await uow.payouts.page("network_id = $1 AND user_id = $2", [uow.network_id, principal.user_id], query)


async def update(uow: PaymentsUnitOfWork, principal: Principal, payout_id: int, is_member: IsMember,
                 change: dict[str, Any]) -> None:
    payout = await uow.payouts.get(uow.network_id, payout_id, for_update=True)
    if payout is None:
        raise PaymentsError.PAYOUT_NOT_FOUND.error()
    await _check_manager(principal, await _offering(uow, payout["offering_id"]), is_member)
    if "due_date" in change:
        change["due_date"] = _due(change["due_date"])
    await uow.payouts.save(payout_id, change)
    updated = await uow.payouts.get(uow.network_id, payout_id)
    uow.publish(PayoutUpdatedV1(**_fact(updated)))
    if payout["paid_at"] is None and updated["paid_at"] is not None:
        await paid(uow, updated)


async def paid(uow: PaymentsUnitOfWork, payout: Any) -> None:
    """A payout has just been paid: an offering's is queued for distribution to its investors."""
    uow.publish(PayoutPaidV1(**_fact(payout)))
    if payout["investment_id"] is None:
        await uow.jobs.enqueue(uow.network_id, uow.tenant.name, DISTRIBUTE, f"{DISTRIBUTE}:{payout['id']}",
                               {"payout_id": payout["id"]})


async def distribute(uow: PaymentsUnitOfWork, payout_id: int) -> int:
    """Split a paid offering payout among the offering's settled investments: for each, an
    investment payout and a Paid credit to the investor's wallet, from the offering's account.
    Running it again changes nothing (each share's payout and transfer exist once). Returns how
    many shares it paid now."""
    payout = await uow.payouts.get(uow.network_id, payout_id, for_update=True)
    investments = await uow.known.settled_investments(uow.network_id, payout["offering_id"])
    shares = pro_rata(payout["payout_amount"], {row["investment_id"]: row["investment_amount"] for row in investments})
    investors = {row["investment_id"]: row["user_id"] for row in investments}
    source = await uow.ledger.counter_account(uow.network_id, offering_account(payout["offering_id"]),
                                              payout["currency"])
    paid_now = 0
    for investment_id, share in shares.items():
        if share > 0 and await _pay_share(uow, payout, investment_id, investors[investment_id], share, source):
            paid_now += 1
    return paid_now


async def _pay_share(uow: PaymentsUnitOfWork, payout: Any, investment_id: int, user_id: int, share: Any,
                     source: int) -> bool:
    child = await uow.payouts.add({
        "network_id": uow.network_id, "offering_id": payout["offering_id"], "investment_id": investment_id,
        "user_id": user_id, "parent_payout_id": payout["id"], "currency": payout["currency"],
        "due_date": payout["due_date"], "payout_amount": share, "payout_type": payout["payout_type"],
        "additional_type": payout["additional_type"]})
    if child is None:
        return False  # distributed before
    currency = payout["currency"]
    wallet_id = (await uow.ledger.first_wallet(uow.network_id, user_id, currency)
                 or await uow.ledger.open_wallet(uow.network_id, user_id, currency))
    transaction_id = await uow.transactions.add({
        "network_id": uow.network_id, "wallet_id": wallet_id, "user_id": user_id, "transaction_amount": share,
        "transaction_currency": currency, "transaction_description": f"Payout {payout['id']}",
        "payment_status": PaymentStatus.PAID, "payment_service": PaymentService.OFFLINE, "payout_id": child})
    await uow.ledger.post(uow.network_id, Posting(f"distribution:{payout['id']}:{investment_id}", source,
                                                  wallet_id, share))
    await uow.payouts.count_paid(child)
    transaction = await uow.transactions.get(uow.network_id, transaction_id)
    uow.publish(TransactionCreatedV1(
        transaction_id=transaction_id, wallet_id=wallet_id, user_id=user_id, transaction_amount=share,
        transaction_currency=currency, payment_status=PaymentStatus.PAID, payout_id=transaction["payout_id"]))
    uow.publish(PayoutPaidV1(**_fact(await uow.payouts.get(uow.network_id, child))))
    return True


async def stats(uow: PaymentsUnitOfWork, principal: Principal, start: date | None, end: date | None) -> dict:
    rows = await uow.known.stats_rows(uow.network_id, principal.user_id, start, end)
    return investment_stats((row["payout_type"], row["payout_amount"], row["paid"]) for row in rows)


def _fact(payout: Any) -> dict[str, Any]:
    return {name: payout[name] for name in ("offering_id", "investment_id", "user_id", "payout_type",
                                            "payout_amount", "currency", "due_date", "transactions_paid",
                                            "paid_at")} | {"payout_id": payout["id"]}
