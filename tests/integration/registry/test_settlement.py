"""Issuance on settlement: each settled investment becomes the investor's capitalization, taken
from the offered one; the same investment settled twice (a redelivery, a duplicate) issues once;
the organization's register still sums to what was authorized."""

import itertools
from decimal import Decimal

import pytest

from common.uow import Tenant
from registry.domain.capitalizations import Stage
from registry.service.settlement import SettledInvestment, issue
from registry.service.unit_of_work import RegistryUnitOfWork

pytestmark = pytest.mark.asyncio(loop_scope="session")
_investments = itertools.count(1)


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
