import asyncio

import asyncpg
import pytest

from common.db import MigrationError, migrate


@pytest.fixture
async def conn(make_database, request):
    dsn = await make_database(f"mig_{request.node.name[-20:].lower()}")
    connection = await asyncpg.connect(dsn)
    yield connection
    await connection.close()


def write(folder, name, sql):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(sql)


async def test_migrations_apply_in_order_once_and_are_recorded(conn, tmp_path):
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
    write(tmp_path, "0002_name.sql", "ALTER TABLE things ADD COLUMN name text;")
    assert await migrate(conn, [("svc", tmp_path)]) == ["svc/0001_things.sql", "svc/0002_name.sql"]
    assert await migrate(conn, [("svc", tmp_path)]) == []
    await conn.execute("INSERT INTO things (id, name) VALUES (1, 'a')")
    recorded = await conn.fetch("SELECT name FROM schema_migrations ORDER BY name")
    assert [r["name"] for r in recorded] == ["svc/0001_things.sql", "svc/0002_name.sql"]


async def test_a_later_migration_is_applied_on_top_of_earlier_ones(conn, tmp_path):
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
    await migrate(conn, [("svc", tmp_path)])
    write(tmp_path, "0002_more.sql", "ALTER TABLE things ADD COLUMN more int DEFAULT 1;")
    assert await migrate(conn, [("svc", tmp_path)]) == ["svc/0002_more.sql"]


async def test_an_edited_migration_is_refused(conn, tmp_path):
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
    await migrate(conn, [("svc", tmp_path)])
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id bigint PRIMARY KEY);")
    with pytest.raises(MigrationError):
        await migrate(conn, [("svc", tmp_path)])


async def test_a_failing_migration_changes_nothing_and_is_not_recorded(conn, tmp_path):
    write(tmp_path, "0001_bad.sql", "CREATE TABLE half (id int); SELECT no_such_function();")
    with pytest.raises(asyncpg.PostgresError):
        await migrate(conn, [("svc", tmp_path)])
    assert await conn.fetchval("SELECT to_regclass('half')") is None
    assert await conn.fetchval("SELECT count(*) FROM schema_migrations") == 0


async def test_migrators_started_together_on_a_new_database_apply_each_migration_once(make_database, tmp_path):
    """Replicas of a role (or the api and `cvctl migrate`) may all start on an empty database."""
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
    write(tmp_path, "0002_name.sql", "ALTER TABLE things ADD COLUMN name text;")
    dsn = await make_database("mig_together")
    connections = [await asyncpg.connect(dsn) for _ in range(4)]
    try:
        applied = await asyncio.gather(*(migrate(conn, [("svc", tmp_path)]) for conn in connections))
    finally:
        for conn in connections:
            await conn.close()
    assert sorted(applied) == [[], [], [], ["svc/0001_things.sql", "svc/0002_name.sql"]]
