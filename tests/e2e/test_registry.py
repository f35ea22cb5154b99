"""The register end to end, through the gateway and RabbitMQ: an offering that names a
capitalization settles, and each investor's shares are issued from it; the same settlement
delivered again (the very event, and a copy under another id) changes nothing."""

import asyncio
import json
import uuid
from decimal import Decimal
from pathlib import Path

import aio_pika
import asyncpg
import pytest
from actors import call, create_offering, move, person

from common.events.offerings import InvestmentSettledV1
from common.testing import wait_until
from common.testing.mail import Mailbox

pytestmark = pytest.mark.skipif("capitalization_id" not in InvestmentSettledV1.model_fields,
                                reason="offerings' InvestmentSettledV1 does not carry the settlement terms yet")
AUTHORIZED = 100_000


async def shares_of(stack, http, who) -> list[str]:
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self/capitalizations", headers=who.headers)
    assert status == 200, body
    return [cap["number_of_shares"] for cap in body["data"]["list"]]


async def redeliver_settlements(stack, investment_ids: list[int]) -> None:
    """Offerings' InvestmentSettledV1 events published again: as they were, and under new ids."""
    offerings = await asyncpg.connect(f"{stack.env['CV_DATABASE_URL']}/{stack.env['CV_OFFERINGS_DATABASE']}")
    try:
        rows = await offerings.fetch("SELECT routing_key, envelope::text AS body FROM outbox WHERE routing_key = $1",
                                     InvestmentSettledV1.routing_key)
    finally:
        await offerings.close()
    envelopes = [json.loads(row["body"]) for row in rows]
    envelopes = [e for e in envelopes if e["payload"]["investment_id"] in investment_ids]
    assert len(envelopes) == len(investment_ids)
    connection = await aio_pika.connect_robust(stack.env["CV_AMQP_URL"])
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{stack.env['CV_BROKER_PREFIX']}.events")
        for envelope in envelopes:
            for copy in (envelope, envelope | {"id": str(uuid.uuid4())}):
                await exchange.publish(aio_pika.Message(json.dumps(copy).encode(), message_id=copy["id"],
                                                        content_type="application/json"),
                                       routing_key=InvestmentSettledV1.routing_key)


async def test_a_settled_offering_issues_each_investors_shares_once(stack, http, cast):
    mailbox = Mailbox(Path(stack.env["CV_MAIL_DIR"]))
    register = f"{stack.url}/v1/demo/organizations/{cast.organization_id}/capitalizations"
    status, body = await call(http, "POST", register, headers=cast.author.headers, json={
        "number_of_shares": str(AUTHORIZED), "price_per_share": "0", "life_cycle_stage": "0", "capitalization_type": "0"})
    assert status == 200, body
    offered = body["data"]["capitalization_id"]
    offering_id = await create_offering(stack, http, cast, funding_goal="50000", price_per_share="2.50",
                                        capitalization_id=offered)
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    first, second = [await person(stack, http, mailbox, name) for name in ("holder", "buyer")]
    investment_ids = []
    for investor, amount in ((first, "1000.00"), (second, "2501.00")):
        status, body = await call(http, "POST", f"{stack.url}/v1/demo/offerings/{offering_id}/investments",
                                  headers=investor.headers, json={"investment_amount": amount})
        assert status == 200, body
        investment_ids.append(body["data"]["investment_id"])
        status, body = await call(http, "PATCH", f"{stack.url}/v1/demo/investments/{investment_ids[-1]}",
                                  headers=cast.author.headers, json={"life_cycle_stage": 2})
        assert status == 200, body
    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200

    async def issued() -> bool:
        return await shares_of(stack, http, first) == ["400"] and await shares_of(stack, http, second) == ["1000"]

    await wait_until(issued, timeout=20)
    status, body = await call(http, "GET", f"{stack.url}/v1/demo/self/portfolio", headers=second.headers)
    [holding] = body["data"]["portfolio"]
    assert (holding["name"], holding["number_of_shares"], Decimal(holding["investment_cost"])) == (
        "Author & Co", 1000, Decimal("2500"))  # 2501.00 at 2.50: 1000 shares, 1.00 left over

    await redeliver_settlements(stack, investment_ids)
    await asyncio.sleep(2)  # time for the consumer to drop them
    assert (await shares_of(stack, http, first), await shares_of(stack, http, second)) == (["400"], ["1000"])
    status, body = await call(http, "GET", f"{register}?limit=100", headers=cast.author.headers)
    assert sum(int(cap["number_of_shares"]) for cap in body["data"]["list"]) == AUTHORIZED
    assert body["data"]["count"] == 3
