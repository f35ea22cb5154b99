"""Issuance on settlement: each settled investment becomes the investor's capitalization, taken
from the offered one; an offering's investments are issued together, in one transaction, from its
OfferingSettledV1; the same investment settled twice (a redelivery, a duplicate) issues once; the
organization's register still sums to what was authorized."""

import itertools
import uuid
from decimal import Decimal

import pytest

from common.events import offerings
from common.events.offerings import InvestmentSettledV1, OfferingSettledV1
from common.messaging.envelope import IntegrationEvent
from common.uow import Tenant
from registry.domain.capitalizations import Stage
from registry.entrypoints.consumers import CONSUMES
from registry.service.settlement import SettledInvestment, issue
from registry.service.unit_of_work import RegistryUnitOfWork

pytestmark = pytest.mark.asyncio(loop_scope="session")
_investments = itertools.count(1)
_offering_investments = itertools.count(500_000)  # investment ids the offerings' events name
SETTLED = 8  # offerings' stage Settled, as its events carry it


async def settle(registry, settled: SettledInvestment) -> int | None:
    async with RegistryUnitOfWork(registry.pool, Tenant(registry.network, registry.network_id)) as uow:
        issued = await issue(uow, settled)
        await uow.commit()
    return issued


def investment(investor: int, offered: int, organization: int, amount: str, shares: int | None = None,
               secondary: bool = False) -> SettledInvestment:
    return SettledInvestment(investment_id=next(_investments), offering_id=77, investor_id=investor,
                             amount=Decimal(amount), number_of_shares=shares, price_per_share=Decimal("2.50"),
                             capitalization_id=offered, organization_id=organization, is_secondary_offering=secondary)


async def test_settled_investments_issue_shares_once_and_the_register_keeps_its_total(registry_service):
    organization = 880_001
    offered = await registry_service.seed(None, 10_000, "0", Stage.AUTHORIZED, organization_id=organization)
    first, second = await registry_service.user(), await registry_service.user()
    one = investment(first, offered, organization, "1001.00")  # 400 shares, 1.00 left over
    two = investment(second, offered, organization, "500.00", shares=150)
    issued = await settle(registry_service, one)
    assert await settle(registry_service, one) is None  # settled again: nothing more
    assert await settle(registry_service, two) is not None
    rows = await registry_service.pool.fetch(
        "SELECT owner_id, number_of_shares, price_per_share, life_cycle_stage, parent_id FROM capitalizations "
        "WHERE organization_id = $1 ORDER BY id", organization)
    assert [tuple(row) for row in rows] == [
        (None, 9_450, Decimal("0.0000"), Stage.AUTHORIZED, None),
        (first, 400, Decimal("2.5000"), Stage.ISSUED, offered),
        (second, 150, Decimal("2.5000"), Stage.ISSUED, offered)]
    assert await registry_service.pool.fetchval(
        "SELECT remainder FROM issuances WHERE investment_id = $1", one.investment_id) == Decimal("1.00")
    changes = await registry_service.pool.fetch(
        "SELECT operation FROM capitalization_changes WHERE capitalization_id = $1 ORDER BY id", issued)
    assert len(changes) == 1
    status, body = await registry_service.call("GET", "/v1/regdemo/self/portfolio", registry_service.person(first))
    assert status == 200, body
    assert [(p["number_of_shares"], p["investment_cost"]) for p in body["data"]["portfolio"]] == [(400, "1000.0000")]


async def test_a_secondary_sale_moves_shares_from_the_sellers_capitalization(registry_service):
    organization = 880_002
    seller, buyer = await registry_service.user(), await registry_service.user()
    sellers = await registry_service.seed(seller, 100, "2.00", Stage.OFFERED, organization_id=organization)
    await settle(registry_service, investment(buyer, sellers, organization, "100.00", secondary=True))
    status, body = await registry_service.call("GET", "/v1/regdemo/self/capitalizations", registry_service.person(buyer))
    assert [c["number_of_shares"] for c in body["data"]["list"]] == ["40"]
    status, body = await registry_service.call("GET", "/v1/regdemo/self/portfolio", registry_service.person(seller))
    [holding] = body["data"]["portfolio"]
    assert (holding["number_of_shares"], holding["sales_proceeds"], holding["capital_gains_realised"]) == (
        60, "100.0000", "20.0000")  # 40 sold at 2.50, bought at 2.00


async def test_what_can_not_be_issued_is_kept_as_refused(registry_service):
    organization = 880_003
    offered = await registry_service.seed(None, 10, "0", Stage.AUTHORIZED, organization_id=organization)
    too_many = investment(await registry_service.user(), offered, organization, "0", shares=11)
    assert await settle(registry_service, too_many) is None
    assert await registry_service.pool.fetchval(
        "SELECT refused FROM issuances WHERE investment_id = $1", too_many.investment_id)
    assert await registry_service.pool.fetchval("SELECT number_of_shares FROM capitalizations WHERE id = $1", offered) == 10


async def deliver(registry, event: IntegrationEvent, event_id: uuid.UUID) -> None:
    """The event handled as the registry's consumer handles a delivery: inbox, handler, one commit."""
    async with registry.unit_of_work() as uow:
        if await uow.consumed("registry", event_id):
            await CONSUMES[type(event)](uow, event)
        await uow.commit()


def offering_settled(offered: int, organization: int, *shares: int) -> OfferingSettledV1:
    """An offering of ``offered`` at 2.50 a share, settled with one investment per ``shares``."""
    investments = [offerings.SettledInvestment(investment_id=next(_offering_investments), user_id=900 + n,
                                               investment_amount=Decimal(count) * Decimal("2.50"), number_of_shares=count)
                   for n, count in enumerate(shares)]
    return OfferingSettledV1(offering_id=next(_offering_investments), organization_id=organization,
                             life_cycle_stage=SETTLED, fields=["life_cycle_stage"], price_per_share=Decimal("2.50"),
                             capitalization_id=offered, settled_investment_ids=[i.investment_id for i in investments],
                             investments=investments)


def investment_settled(offering: OfferingSettledV1, investment: offerings.SettledInvestment,
                       with_offering: bool) -> InvestmentSettledV1:
    return InvestmentSettledV1(
        investment_id=investment.investment_id, offering_id=offering.offering_id, user_id=investment.user_id,
        investment_amount=investment.investment_amount, number_of_shares=investment.number_of_shares,
        life_cycle_stage=4, organization_id=offering.organization_id, price_per_share=offering.price_per_share,
        capitalization_id=offering.capitalization_id, with_offering=with_offering)


async def register_of(registry, organization: int) -> list[tuple]:
    rows = await registry.pool.fetch(
        "SELECT owner_id, number_of_shares, life_cycle_stage, xmin::text AS transaction FROM capitalizations "
        "WHERE organization_id = $1 ORDER BY id", organization)
    return [tuple(row) for row in rows]


async def issuances_of(registry, offering: OfferingSettledV1) -> list[tuple]:
    rows = await registry.pool.fetch(
        "SELECT investment_id, number_of_shares, refused IS NOT NULL AS refused FROM issuances "
        "WHERE offering_id = $1 ORDER BY investment_id", offering.offering_id)
    return [tuple(row) for row in rows]


async def test_an_offerings_investments_are_issued_together_in_one_transaction(registry_service):
    organization = 880_004
    offered = await registry_service.seed(None, 500, "0", Stage.AUTHORIZED, organization_id=organization)
    offering = offering_settled(offered, organization, 200, 200, 200)  # the last one finds 100 left
    await deliver(registry_service, offering, uuid.uuid4())
    register = await register_of(registry_service, organization)
    assert [row[:3] for row in register] == [
        (None, 100, Stage.AUTHORIZED), (900, 200, Stage.ISSUED), (901, 200, Stage.ISSUED)]
    assert len({row[3] for row in register}) == 1  # every row the offering touched, written by one transaction
    first, second, last = offering.investments
    assert await issuances_of(registry_service, offering) == [
        (first.investment_id, 200, False), (second.investment_id, 200, False), (last.investment_id, 0, True)]


async def test_a_redelivered_offering_settlement_changes_nothing(registry_service):
    organization = 880_005
    offered = await registry_service.seed(None, 1_000, "0", Stage.AUTHORIZED, organization_id=organization)
    offering = offering_settled(offered, organization, 100, 300)
    event_id = uuid.uuid4()
    await deliver(registry_service, offering, event_id)
    register, issuances = await register_of(registry_service, organization), await issuances_of(registry_service, offering)
    assert [row[1] for row in register] == [600, 100, 300]
    await deliver(registry_service, offering, event_id)  # the very event again: the inbox drops it
    await deliver(registry_service, offering, uuid.uuid4())  # a copy under another id: each investment has its issuance
    assert await register_of(registry_service, organization) == register
    assert await issuances_of(registry_service, offering) == issuances


async def test_an_investment_settled_with_its_offering_is_issued_from_the_offerings_event_only(registry_service):
    organization = 880_006
    offered = await registry_service.seed(None, 1_000, "0", Stage.AUTHORIZED, organization_id=organization)
    offering = offering_settled(offered, organization, 100)
    [investment] = offering.investments
    await deliver(registry_service, investment_settled(offering, investment, with_offering=True), uuid.uuid4())
    assert [row[1] for row in await register_of(registry_service, organization)] == [1_000]  # the offering's event issues it
    await deliver(registry_service, offering, uuid.uuid4())
    register = await register_of(registry_service, organization)
    assert [row[1] for row in register] == [900, 100]
    await deliver(registry_service, investment_settled(offering, investment, with_offering=True), uuid.uuid4())
    await deliver(registry_service, investment_settled(offering, investment, with_offering=False), uuid.uuid4())
    assert await register_of(registry_service, organization) == register  # issued once, by investment


async def test_an_investment_settled_on_its_own_is_issued_from_its_event(registry_service):
    organization = 880_007
    offered = await registry_service.seed(None, 1_000, "0", Stage.AUTHORIZED, organization_id=organization)
    offering = offering_settled(offered, organization)  # the offering settled earlier, without this investment
    alone = offerings.SettledInvestment(investment_id=next(_offering_investments), user_id=950,
                                        investment_amount=Decimal("250.00"))
    await deliver(registry_service, investment_settled(offering, alone, with_offering=False), uuid.uuid4())
    assert [row[:3] for row in await register_of(registry_service, organization)] == [
        (None, 900, Stage.AUTHORIZED), (950, 100, Stage.ISSUED)]
