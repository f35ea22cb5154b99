"""The unit of work against the real PostgreSQL: the change and the events it publishes commit
together or not at all, only the context's own declared contracts can be published, a unit of
work on a connection that already holds one is its savepoint, and the inbox makes a redelivered
event change nothing."""

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from common.db import migrate, pool_context
from common.events.offerings import OfferingCreatedV1
from common.json import loads
from common.messaging import MESSAGING_MIGRATIONS, IntegrationEvent
from common.messaging.envelope import UndeclaredEvent
from common.uow import Tenant, UnitOfWork

TENANT = Tenant("demo", 1)


class WidgetFact(IntegrationEvent):
    """A base sharing fields: not a contract."""

    widget_id: int


class WidgetMadeV1(WidgetFact):
    name: str


class Widgets(UnitOfWork):
    context = WidgetMadeV1.context

    def bind(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def make(self, name: str) -> int:
        widget_id = await self.connection.fetchval("INSERT INTO widgets (name) VALUES ($1) RETURNING id", name)
        self.publish(WidgetMadeV1(widget_id=widget_id, name=name))
        return widget_id


class Failure(Exception):
    pass


@pytest.fixture(scope="module")
async def pool(make_database) -> AsyncIterator[asyncpg.Pool]:
    dsn = await make_database(f"uow_{uuid.uuid4().hex[:6]}")
    async with pool_context(dsn, 1, 4) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [MESSAGING_MIGRATIONS])
            await conn.execute("CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL)")
        yield pool


async def widgets(pool: asyncpg.Pool, name: str) -> list[int]:
    return [row["id"] for row in await pool.fetch("SELECT id FROM widgets WHERE name = $1", name)]


async def events(pool: asyncpg.Pool, name: str) -> list[dict]:
    """What the outbox holds for the widget of that name: routing key, network and payload."""
    rows = await pool.fetch("SELECT routing_key, envelope FROM outbox WHERE envelope->'payload'->>'name' = $1", name)
    envelopes = [(row["routing_key"], loads(row["envelope"])) for row in rows]
    return [{"routing_key": key, "network": [envelope["network"], envelope["network_id"]], "payload": envelope["payload"]}
            for key, envelope in envelopes]


@pytest.fixture
def name() -> str:
    return uuid.uuid4().hex


async def test_commit_writes_the_change_and_its_events_together(pool, name):
    async with Widgets(pool, TENANT) as uow:
        widget_id = await uow.make(name)
        assert (await widgets(pool, name), await events(pool, name)) == ([], [])  # not before the commit
        await uow.commit()
    assert await widgets(pool, name) == [widget_id]
    assert await events(pool, name) == [{"routing_key": WidgetMadeV1.routing_key, "network": ["demo", 1],
                                         "payload": {"widget_id": widget_id, "name": name}}]


async def test_leaving_without_commit_rolls_back_the_change_and_its_events(pool, name):
    async with Widgets(pool, TENANT) as uow:
        await uow.make(name)
    assert (await widgets(pool, name), await events(pool, name)) == ([], [])


async def test_an_error_rolls_back_the_change_and_its_events(pool, name):
    with pytest.raises(Failure):
        async with Widgets(pool, TENANT) as uow:
            await uow.make(name)
            raise Failure
    assert (await widgets(pool, name), await events(pool, name)) == ([], [])


async def test_an_event_without_a_network_fails_the_commit_and_rolls_back_the_change(pool, name):
    with pytest.raises(UndeclaredEvent):
        async with Widgets(pool, None) as uow:
            await uow.make(name)
            await uow.commit()
    assert (await widgets(pool, name), await events(pool, name)) == ([], [])


@pytest.mark.parametrize("event", [OfferingCreatedV1(offering_id=1, organization_id=1, life_cycle_stage=0, fields=[]),
                                   WidgetFact(widget_id=1)], ids=["another context's contract", "a base"])
async def test_only_the_contexts_own_declared_contracts_can_be_published(pool, event):
    async with Widgets(pool, TENANT) as uow:
        with pytest.raises(UndeclaredEvent):
            uow.publish(event)


async def test_a_unit_of_work_on_a_connection_already_in_one_is_a_savepoint(pool, name):
    inner_name = name + "-inner"
    async with Widgets(pool, TENANT) as outer:
        outer_id = await outer.make(name)
        async with Widgets(pool, TENANT, outer.connection) as inner:
            await inner.make(inner_name)  # left without commit: back to the savepoint
        async with Widgets(pool, TENANT, outer.connection) as inner:
            with pytest.raises(asyncpg.UndefinedTableError):  # a failed statement is undone with it...
                await inner.connection.execute("SELECT * FROM no_such_table")
        await outer.commit()  # ...and the outer work goes on
    assert (await widgets(pool, name), len(await events(pool, name))) == ([outer_id], 1)
    assert (await widgets(pool, inner_name), await events(pool, inner_name)) == ([], [])


async def test_a_committed_savepoint_is_undone_with_the_outer_work(pool, name):
    async with Widgets(pool, TENANT) as outer:
        async with Widgets(pool, TENANT, outer.connection) as inner:
            await inner.make(name)
            await inner.commit()
    assert (await widgets(pool, name), await events(pool, name)) == ([], [])


async def deliver(pool: asyncpg.Pool, event_id: uuid.UUID, name: str, fail: bool = False) -> None:
    """What the consumer does with one delivery: handle it once, in one unit of work."""
    async with Widgets(pool, TENANT) as uow:
        if await uow.consumed("widget-maker", event_id):
            await uow.make(name)
            if fail:
                raise Failure
        await uow.commit()


async def test_a_redelivered_event_changes_nothing(pool, name):
    event_id = uuid.uuid4()
    await deliver(pool, event_id, name)
    await deliver(pool, event_id, name)
    assert (len(await widgets(pool, name)), len(await events(pool, name))) == (1, 1)


async def test_a_delivery_whose_handler_failed_is_not_remembered_and_the_next_one_is_handled(pool, name):
    event_id = uuid.uuid4()
    with pytest.raises(Failure):
        await deliver(pool, event_id, name, fail=True)
    assert await widgets(pool, name) == []
    await deliver(pool, event_id, name)
    assert len(await widgets(pool, name)) == 1



async def make_after_a_caught_failure(uow: Widgets, name: str) -> None:
    await uow.connection.execute("INSERT INTO widgets (name) VALUES ($1)", name)
    with pytest.raises(asyncpg.UndefinedTableError):  # the use case catches a statement's error...
        await uow.connection.execute("SELECT * FROM no_such_table")
    await uow.commit()  # ...and commits, which PostgreSQL answers with a silent rollback


async def test_a_commit_after_a_failed_statement_raises_instead_of_losing_the_change(pool, name):
    with pytest.raises(asyncpg.InFailedSQLTransactionError):
        async with Widgets(pool, TENANT) as uow:
            await make_after_a_caught_failure(uow, name)
    assert await widgets(pool, name) == []


async def test_a_savepoint_commit_after_a_failed_statement_raises_and_the_outer_work_goes_on(pool, name):
    async with Widgets(pool, TENANT) as outer:
        outer_id = await outer.make(name)
        with pytest.raises(asyncpg.InFailedSQLTransactionError):
            async with Widgets(pool, TENANT, outer.connection) as inner:
                await make_after_a_caught_failure(inner, name + "-inner")
        await outer.commit()
    assert (await widgets(pool, name), await widgets(pool, name + "-inner")) == ([outer_id], [])
