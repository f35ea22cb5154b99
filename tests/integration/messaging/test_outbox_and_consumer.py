"""The outbox relay and the idempotent consumer against the real PostgreSQL and RabbitMQ."""

import asyncio
import uuid
from collections import Counter

import aio_pika
import pytest
from pydantic import Field

from common.db import migrate, pool_context
from common.messaging import MESSAGING_MIGRATIONS, EventEnvelope, IntegrationEvent, record_event
from common.messaging.consumer import ATTEMPT_HEADER, ERROR_HEADER, EventConsumer
from common.messaging.relay import OutboxRelay
from common.messaging.topology import ConsumerQueues, declare_events_exchange
from common.testing import wait_until
from common.uow import UnitOfWork


class ThingPingedV1(IntegrationEvent):
    n: int
    ref: uuid.UUID = Field(default_factory=uuid.uuid4)


class ThingPoisonedV1(IntegrationEvent):
    pass


Pinged, Poisoned = ThingPingedV1, ThingPoisonedV1


class Handling(UnitOfWork):
    context = ThingPingedV1.context

    def bind(self, connection) -> None:
        self.connection = connection


class Broker:
    def __init__(self, connection, prefix: str, cleanup: list) -> None:
        self.connection, self.prefix, self.cleanup = connection, prefix, cleanup
        self.exchange_name = f"{prefix}.events"
        cleanup.append(("exchange", self.exchange_name))

    async def exchange(self):
        channel = await self.connection.channel(publisher_confirms=True)
        return await declare_events_exchange(channel, self.exchange_name)

    async def tap(self) -> aio_pika.abc.AbstractQueue:
        """A plain queue that sees every event on the wire, duplicates included."""
        channel = await self.connection.channel()
        queue = await channel.declare_queue(f"{self.prefix}.tap", durable=False)
        self.cleanup.append(("queue", queue.name))
        await queue.bind(await declare_events_exchange(channel, self.exchange_name), "#")
        return queue

    async def consumer(self, pool, name: str, handlers, delays=(0.05, 0.05)) -> ConsumerQueues:
        queues = ConsumerQueues(self.prefix, name, delays)
        self.cleanup.extend(("queue", q) for q in queues.all_names())
        channel = await self.connection.channel(publisher_confirms=True)
        await EventConsumer(name, handlers, Handling, pool, channel, queues).start(self.exchange_name)
        return queues


@pytest.fixture
async def pool(make_database):
    dsn = await make_database(f"msg_{uuid.uuid4().hex[:6]}")
    async with pool_context(dsn, 1, 5) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [MESSAGING_MIGRATIONS])
            await conn.execute("CREATE TABLE handled (event_id uuid NOT NULL, n int)")
        yield pool


@pytest.fixture
async def broker(infra, broker_prefix, broker_cleanup):
    connection = await aio_pika.connect_robust(infra.amqp_url)
    yield Broker(connection, f"{broker_prefix}.{uuid.uuid4().hex[:6]}", broker_cleanup)
    await connection.close()


async def record(pool, *events: IntegrationEvent) -> list[uuid.UUID]:
    envelopes = [EventEnvelope.wrap(event, "demo", 1) for event in events]
    async with pool.acquire() as conn, conn.transaction():
        for envelope in envelopes:
            await record_event(conn, envelope)
    return [getattr(event, "ref", envelope.id) for event, envelope in zip(events, envelopes, strict=True)]


async def remember(uow: Handling, event: ThingPingedV1) -> None:
    await uow.connection.execute("INSERT INTO handled (event_id, n) VALUES ($1, $2)", event.ref, event.n)


async def handled(pool) -> Counter:
    async with pool.acquire() as conn:
        return Counter(row["event_id"] for row in await conn.fetch("SELECT event_id FROM handled"))


async def queue_depth(broker: Broker, name: str) -> int:
    channel = await broker.connection.channel()
    try:
        return (await channel.declare_queue(name, passive=True)).declaration_result.message_count
    finally:
        await channel.close()


async def test_an_event_of_a_rolled_back_transaction_is_never_published(pool, broker):
    with pytest.raises(RuntimeError):
        async with pool.acquire() as conn, conn.transaction():
            await record_event(conn, EventEnvelope.wrap(Pinged(n=1), "demo", 1))
            raise RuntimeError("the change failed")
    assert await OutboxRelay(pool, await broker.exchange()).publish_pending() == 0


async def test_events_committed_while_the_relay_was_down_arrive_exactly_once(pool, broker):
    ids = await record(pool, Pinged(n=1), Pinged(n=2), Pinged(n=3))  # no relay running yet
    await broker.consumer(pool, "late", {Pinged: remember})
    relay = OutboxRelay(pool, await broker.exchange())
    assert await relay.publish_pending() == 3
    assert await relay.publish_pending() == 0
    sentinel = (await record(pool, Pinged(n=4)))[0]
    await relay.publish_pending()
    await wait_until(lambda: _has(pool, sentinel))
    assert await handled(pool) == Counter({**{i: 1 for i in ids}, sentinel: 1})


async def _has(pool, event_id) -> bool:
    return event_id in await handled(pool)


class CrashingRelay(OutboxRelay):
    """Dies after the broker confirmed the events and before they are marked published."""

    async def _mark_published(self, conn, ids) -> None:
        raise RuntimeError("relay process killed")


async def test_a_relay_crash_after_publishing_duplicates_on_the_wire_but_not_in_effect(pool, broker):
    tap = await broker.tap()
    await broker.consumer(pool, "dedupe", {Pinged: remember})
    ids = await record(pool, Pinged(n=1), Pinged(n=2))
    with pytest.raises(RuntimeError, match="killed"):
        await CrashingRelay(pool, await broker.exchange()).publish_pending()
    assert await OutboxRelay(pool, await broker.exchange()).publish_pending() == 2  # restarted relay
    await wait_until(lambda: _depth_is(broker, tap.name, 4))
    await wait_until(lambda: _all_handled(pool, ids))
    sentinel = (await record(pool, Pinged(n=3)))[0]
    await OutboxRelay(pool, await broker.exchange()).publish_pending()
    await wait_until(lambda: _has(pool, sentinel))
    counts = await handled(pool)
    assert [counts[i] for i in ids] == [1, 1]


async def _depth_is(broker, name, depth) -> bool:
    return await queue_depth(broker, name) == depth


async def _all_handled(pool, ids) -> bool:
    counts = await handled(pool)
    return all(counts[i] for i in ids)


async def test_two_relays_at_once_publish_each_event_once(pool, broker):
    tap = await broker.tap()
    await record(pool, *(Pinged(n=n) for n in range(300)))
    first, second = OutboxRelay(pool, await broker.exchange(), batch_size=20), OutboxRelay(
        pool, await broker.exchange(), batch_size=20)
    counts = await asyncio.gather(first.publish_pending(), second.publish_pending())
    assert sum(counts) == 300
    await wait_until(lambda: _depth_is(broker, tap.name, 300))
    channel = await broker.connection.channel()
    queue = await channel.declare_queue(tap.name, passive=True)
    seen = Counter()
    for _ in range(300):
        message = await queue.get(timeout=5)
        seen[message.message_id] += 1
        await message.ack()
    assert len(seen) == 300 and set(seen.values()) == {1}


async def test_the_relay_wakes_on_notify(pool, broker):
    await broker.consumer(pool, "notified", {Pinged: remember})
    relay = OutboxRelay(pool, await broker.exchange(), poll_seconds=60)
    task = asyncio.create_task(relay.run())
    try:
        await asyncio.sleep(0.2)  # let it LISTEN and find the outbox empty
        event_id = (await record(pool, Pinged(n=1)))[0]
        await wait_until(lambda: _has(pool, event_id), timeout=10)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_failing_event_ends_dead_lettered_without_blocking_the_others(pool, broker):
    async def always_fails(uow, event):
        raise ValueError("cannot handle this one")

    queues = await broker.consumer(pool, "dlq", {Pinged: remember, Poisoned: always_fails})
    poison = (await record(pool, Poisoned()))[0]
    good = await record(pool, *(Pinged(n=n) for n in range(5)))
    await OutboxRelay(pool, await broker.exchange()).publish_pending()
    await wait_until(lambda: _all_handled(pool, good))
    await wait_until(lambda: _depth_is(broker, queues.dead, 1))
    channel = await broker.connection.channel()
    dead = await (await channel.declare_queue(queues.dead, passive=True)).get(timeout=5)
    assert dead.message_id == str(poison)
    assert dead.headers[ATTEMPT_HEADER] == 3  # the first try and two retries
    assert "cannot handle this one" in dead.headers[ERROR_HEADER]
    assert poison not in await handled(pool)


async def test_a_handler_failing_twice_then_succeeding_is_handled_once(pool, broker):
    failures = Counter()

    async def flaky(uow, event):
        await remember(uow, event)  # rolled back with the failure
        if failures[event.ref] < 2:
            failures[event.ref] += 1
            raise ConnectionError("downstream not ready")

    queues = await broker.consumer(pool, "flaky", {Pinged: flaky})
    event_id = (await record(pool, Pinged(n=1)))[0]
    await OutboxRelay(pool, await broker.exchange()).publish_pending()
    await wait_until(lambda: _has(pool, event_id))
    assert (await handled(pool))[event_id] == 1
    assert failures[event_id] == 2
    assert await queue_depth(broker, queues.dead) == 0
