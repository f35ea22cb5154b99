"""Each use case publishes its own declared contract, in the transaction of its change; settling
an offering publishes its settlement and one InvestmentSettledV1 per investment settled with it,
carrying what a register issues shares from."""

from decimal import Decimal

from common.events.offerings import (
    DocumentAddedV1,
    InvestmentApprovedV1,
    InvestmentCreatedV1,
    InvestmentSettledV1,
    InvestmentWithdrawnV1,
    OfferingCreatedV1,
    OfferingPublishedV1,
    OfferingSettledV1,
    OfferingSubmittedV1,
    OfferingUpdatedV1,
)
from common.json import loads
from common.messaging.envelope import DECLARED
from common.testing import assert_error


async def invest(svc, offering_id: int, user_id: int, amount: str, **fields) -> int:
    status, body = await svc.call("POST", f"/v1/demo/offerings/{offering_id}/investments", svc.investor(user_id),
                                  json={"investment_amount": amount} | fields)
    assert status == 200, body
    return body["data"]["investment_id"]


async def published(svc, key: str, value: int) -> list[tuple[str, dict]]:
    """The (routing key, payload) of each event in the outbox whose payload's ``key`` is ``value``."""
    async with svc.pool.acquire() as conn:
        rows = await conn.fetch("SELECT routing_key, envelope->'payload' AS payload FROM outbox "
                                "WHERE (envelope->'payload'->>$1)::bigint = $2 ORDER BY created_at", key, value)
    return [(row["routing_key"], loads(row["payload"])) for row in rows]


async def test_every_event_offerings_writes_is_a_declared_contract(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    investment_id = await invest(svc, offering_id, 11001, "100")
    await svc.call("PATCH", f"/v1/demo/investments/{investment_id}", svc.author, json={"life_cycle_stage": 2})
    await svc.call("PATCH", f"/v1/demo/investments/{investment_id}", svc.investor(11001), json={"life_cycle_stage": 3})
    await svc.call("POST", f"/v1/demo/offerings/{offering_id}/documents", svc.author, json={"url": "https://cdn.example/a"})
    async with svc.pool.acquire() as conn:
        written = await conn.fetch("SELECT DISTINCT routing_key, (envelope->>'version')::int AS version FROM outbox")
    assert {(row["routing_key"], row["version"]) for row in written} <= set(DECLARED)
    investment_keys = [key for key, _ in await published(svc, "investment_id", investment_id)]
    assert sorted(investment_keys) == sorted([InvestmentCreatedV1.routing_key, InvestmentApprovedV1.routing_key,
                                              InvestmentWithdrawnV1.routing_key])
    offering_keys = {key for key, _ in await published(svc, "offering_id", offering_id)}
    assert {OfferingCreatedV1.routing_key, OfferingSubmittedV1.routing_key, OfferingPublishedV1.routing_key} <= offering_keys
    assert DocumentAddedV1.routing_key in {key for key, _ in await published(svc, "owner_id", offering_id)}


async def test_settling_an_offering_tells_what_each_settled_investment_issues(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(price_per_share="2.5000", num_of_shares=4000, currency="EUR",
                                               capitalization_id=77)
    approved = [await invest(svc, offering_id, 11101, "250", life_cycle_stage=2, number_of_shares=100),
                await invest(svc, offering_id, 11102, "500.50", life_cycle_stage=2)]
    still_open = await invest(svc, offering_id, 11103, "100")
    for stage in (6, 7, 8):
        assert (await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.admin, json={"life_cycle_stage": stage}))[0] == 200

    settlement = [payload for key, payload in await published(svc, "offering_id", offering_id)
                  if key == OfferingSettledV1.routing_key]
    assert len(settlement) == 1
    offering = OfferingSettledV1.model_validate(settlement[0])
    assert (offering.life_cycle_stage, offering.currency, offering.price_per_share, offering.num_of_shares,
            offering.capitalization_id, offering.amount_raised) == (8, "EUR", Decimal("2.5000"), 4000, 77,
                                                                    Decimal("750.50"))
    assert sorted(offering.settled_investment_ids) == approved and offering.settled_at is not None

    settled = {}
    for investment_id in (*approved, still_open):
        for key, payload in await published(svc, "investment_id", investment_id):
            if key == InvestmentSettledV1.routing_key:
                settled[investment_id] = InvestmentSettledV1.model_validate(payload)
    assert set(settled) == set(approved)
    first, second = settled[approved[0]], settled[approved[1]]
    assert (first.user_id, first.investment_amount, first.number_of_shares, first.price_per_share,
            first.capitalization_id, first.currency, first.life_cycle_stage) == (
        11101, Decimal("250.00"), 100, Decimal("2.5000"), 77, "EUR", 4)
    assert (second.investment_amount, second.number_of_shares, second.organization_id) == (Decimal("500.50"), None, 10)
    assert first.settled_at == offering.settled_at


async def test_an_investment_settled_on_its_own_tells_the_same(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(price_per_share="10", capitalization_id=78)
    investment_id = await invest(svc, offering_id, 11201, "100", life_cycle_stage=2)
    assert (await svc.call("PATCH", f"/v1/demo/investments/{investment_id}", svc.author, json={"life_cycle_stage": 4}))[0] == 200
    events = dict(await published(svc, "investment_id", investment_id))
    settled = InvestmentSettledV1.model_validate(events[InvestmentSettledV1.routing_key])
    assert (settled.price_per_share, settled.capitalization_id, settled.offering_id) == (Decimal("10.0000"), 78, offering_id)


async def test_a_refused_change_publishes_nothing(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering(max_commitment="100")
    before = await published(svc, "offering_id", offering_id)
    assert_error(*await svc.call("POST", f"/v1/demo/offerings/{offering_id}/investments", svc.investor(11301),
                                 json={"investment_amount": "101"}), 400, 12104)
    assert_error(*await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.investor(11301),
                                 json={"name": "Mine"}), 403, 12003)
    assert await published(svc, "offering_id", offering_id) == before
    status, _ = await svc.call("PATCH", f"/v1/demo/offerings/{offering_id}", svc.author, json={"category": "Energy"})
    assert status == 200
    assert [key for key, _ in await published(svc, "offering_id", offering_id)][len(before):] == [OfferingUpdatedV1.routing_key]
