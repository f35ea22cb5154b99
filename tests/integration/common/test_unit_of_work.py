"""The unit of work against the real PostgreSQL: the change and the events it publishes commit
together or not at all, only the context's own declared contracts can be published, a unit of
work on a connection that already holds one is its savepoint, and the inbox makes a redelivered
event change nothing."""

import uuid

import asyncpg
import pytest
from effect_service import EffectFact, EffectMadeV1, Effects

from common.events.offerings import OfferingCreatedV1
from common.json import loads
from common.messaging.envelope import UndeclaredEvent
from common.uow import Tenant

TENANT = Tenant("demo", 1)


class Failure(Exception):
    pass


@pytest.fixture(scope="module")
def pool(effects_database) -> asyncpg.Pool:
    return effects_database[1]


async def effects(pool: asyncpg.Pool, note: str) -> list[int]:
    return [row["id"] for row in await pool.fetch("SELECT id FROM effects WHERE note = $1", note)]


async def events(pool: asyncpg.Pool, note: str) -> list[dict]:
    """What the outbox holds for the effect with that note: routing key, network and payload."""
    rows = await pool.fetch("SELECT routing_key, envelope FROM outbox WHERE envelope->'payload'->>'note' = $1", note)
    envelopes = [(row["routing_key"], loads(row["envelope"])) for row in rows]
    return [{"routing_key": key, "network": [envelope["network"], envelope["network_id"]], "payload": envelope["payload"]}
            for key, envelope in envelopes]


@pytest.fixture
def note() -> str:
    return uuid.uuid4().hex


async def test_commit_writes_the_change_and_its_events_together(pool, note):
    async with Effects(pool, TENANT) as uow:
        effect_id = await uow.make(note)
        assert (await effects(pool, note), await events(pool, note)) == ([], [])  # not before the commit
        await uow.commit()
    assert await effects(pool, note) == [effect_id]
    assert await events(pool, note) == [{"routing_key": EffectMadeV1.routing_key, "network": ["demo", 1],
                                         "payload": {"effect_id": effect_id, "note": note}}]


async def test_leaving_without_commit_rolls_back_the_change_and_its_events(pool, note):
    async with Effects(pool, TENANT) as uow:
        await uow.make(note)
    assert (await effects(pool, note), await events(pool, note)) == ([], [])


async def test_an_error_rolls_back_the_change_and_its_events(pool, note):
    with pytest.raises(Failure):
        async with Effects(pool, TENANT) as uow:
            await uow.make(note)
            raise Failure
    assert (await effects(pool, note), await events(pool, note)) == ([], [])


async def test_an_event_without_a_network_fails_the_commit_and_rolls_back_the_change(pool, note):
    with pytest.raises(UndeclaredEvent):
        async with Effects(pool, None) as uow:
            await uow.make(note)
            await uow.commit()
    assert (await effects(pool, note), await events(pool, note)) == ([], [])


@pytest.mark.parametrize("event", [OfferingCreatedV1(offering_id=1, organization_id=1, life_cycle_stage=0, fields=[]),
                                   EffectFact(effect_id=1)], ids=["another context's contract", "a base"])
async def test_only_the_contexts_own_declared_contracts_can_be_published(pool, event):
    async with Effects(pool, TENANT) as uow:
        with pytest.raises(UndeclaredEvent):
            uow.publish(event)


async def test_a_unit_of_work_on_a_connection_already_in_one_is_a_savepoint(pool, note):
    inner_note = note + "-inner"
    async with Effects(pool, TENANT) as outer:
        outer_id = await outer.make(note)
        async with Effects(pool, TENANT, outer.connection) as inner:
            await inner.make(inner_note)  # left without commit: back to the savepoint
        async with Effects(pool, TENANT, outer.connection) as inner:
            with pytest.raises(asyncpg.UndefinedTableError):  # a failed statement is undone with it...
                await inner.connection.execute("SELECT * FROM no_such_table")
        await outer.commit()  # ...and the outer work goes on
    assert (await effects(pool, note), len(await events(pool, note))) == ([outer_id], 1)
    assert (await effects(pool, inner_note), await events(pool, inner_note)) == ([], [])


async def test_a_committed_savepoint_is_undone_with_the_outer_work(pool, note):
    async with Effects(pool, TENANT) as outer:
        async with Effects(pool, TENANT, outer.connection) as inner:
            await inner.make(note)
            await inner.commit()
    assert (await effects(pool, note), await events(pool, note)) == ([], [])


async def deliver(pool: asyncpg.Pool, event_id: uuid.UUID, note: str, fail: bool = False) -> None:
    """What the consumer does with one delivery: handle it once, in one unit of work."""
    async with Effects(pool, TENANT) as uow:
        if await uow.consumed("effect-maker", event_id):
            await uow.make(note)
            if fail:
                raise Failure
        await uow.commit()


async def test_a_redelivered_event_changes_nothing(pool, note):
    event_id = uuid.uuid4()
    await deliver(pool, event_id, note)
    await deliver(pool, event_id, note)
    assert (len(await effects(pool, note)), len(await events(pool, note))) == (1, 1)


async def test_a_delivery_whose_handler_failed_is_not_remembered_and_the_next_one_is_handled(pool, note):
    event_id = uuid.uuid4()
    with pytest.raises(Failure):
        await deliver(pool, event_id, note, fail=True)
    assert await effects(pool, note) == []
    await deliver(pool, event_id, note)
    assert len(await effects(pool, note)) == 1


async def make_after_a_caught_failure(uow: Effects, note: str) -> None:
    await uow.connection.execute("INSERT INTO effects (note) VALUES ($1)", note)  # no event: nothing else to write
    with pytest.raises(asyncpg.UndefinedTableError):  # the use case catches a statement's error...
        await uow.connection.execute("SELECT * FROM no_such_table")
    await uow.commit()  # ...and commits, which PostgreSQL answers with a silent rollback


async def test_a_commit_after_a_failed_statement_raises_instead_of_losing_the_change(pool, note):
    with pytest.raises(asyncpg.InFailedSQLTransactionError):
        async with Effects(pool, TENANT) as uow:
            await make_after_a_caught_failure(uow, note)
    assert await effects(pool, note) == []


async def test_a_savepoint_commit_after_a_failed_statement_raises_and_the_outer_work_goes_on(pool, note):
    async with Effects(pool, TENANT) as outer:
        outer_id = await outer.make(note)
        with pytest.raises(asyncpg.InFailedSQLTransactionError):
            async with Effects(pool, TENANT, outer.connection) as inner:
                await make_after_a_caught_failure(inner, note + "-inner")
        await outer.commit()
    assert (await effects(pool, note), await effects(pool, note + "-inner")) == ([outer_id], [])
