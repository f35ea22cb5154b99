"""asyncpg pools and the forward-only SQL migration runner.

Migrations are plain ``NNNN_name.sql`` files in one or more folders, applied in order
inside one transaction each and recorded with their SHA-256 in ``schema_migrations``.
A recorded file whose content changed is an error: migrations are never edited once applied.
"""

import hashlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import structlog

log = structlog.get_logger(__name__)

MIGRATION_LOCK_ID = 724_001  # advisory lock: one migrator at a time per database


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    name: str  # "<folder label>/<file name>", unique within a database
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def censored(dsn: str) -> str:
    """The DSN with its password replaced, for logs."""
    parts = urlsplit(dsn)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return dsn


def load_migrations(folders: Sequence[tuple[str, Path]]) -> list[Migration]:
    """Every ``*.sql`` file of each (label, folder), folder by folder, files in name order."""
    migrations = []
    for label, folder in folders:
        for path in sorted(Path(folder).glob("*.sql")):
            migrations.append(Migration(f"{label}/{path.name}", path.read_text()))
    return migrations


async def migrate(conn: asyncpg.Connection, folders: Sequence[tuple[str, Path]]) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied."""
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_ID)  # first: even creating the table races
    try:
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   name text PRIMARY KEY,
                   checksum text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        recorded = {r["name"]: r["checksum"] for r in await conn.fetch("SELECT name, checksum FROM schema_migrations")}
        for migration in load_migrations(folders):
            if migration.name in recorded:
                if recorded[migration.name] != migration.checksum:
                    raise MigrationError(f"migration {migration.name} changed after it was applied")
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                    migration.name,
                    migration.checksum,
                )
            applied.append(migration.name)
            log.info("migration_applied", migration=migration.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_ID)
    return applied


async def ensure_database(server_dsn: str, database: str) -> bool:
    """Create ``database`` on the server if it is absent; True when it was created."""
    conn = await asyncpg.connect(f"{server_dsn.rstrip('/')}/postgres")
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if exists:
            return False
        await conn.execute(f'CREATE DATABASE "{database}"')
        return True
    finally:
        await conn.close()


async def drop_database(server_dsn: str, database: str) -> None:
    conn = await asyncpg.connect(f"{server_dsn.rstrip('/')}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()


_STATEMENTS: ContextVar[list[int] | None] = ContextVar("statements", default=None)


def count_statements() -> list[int]:
    """From now on, the statements this task (and the tasks it starts) runs on a pooled
    connection are counted in the returned one-item list."""
    counter = [0]
    _STATEMENTS.set(counter)
    return counter


def _count(record: object) -> None:
    counter = _STATEMENTS.get()
    if counter is not None:
        counter[0] += 1


async def _observed(conn: asyncpg.Connection) -> None:
    conn.add_query_logger(_count)


IDLE_SECONDS = 10.0  # an idle connection beyond the pool's minimum is closed: a quiet process holds few


async def create_pool(dsn: str, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, init=_observed,
                                     max_inactive_connection_lifetime=IDLE_SECONDS)
    async with pool.acquire() as conn:
        await conn.fetchval("SELECT 1")
    log.info("database_connected", dsn=censored(dsn))
    return pool


@asynccontextmanager
async def pool_context(dsn: str, min_size: int = 1, max_size: int = 10) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(dsn, min_size, max_size)
    try:
        yield pool
    finally:
        await pool.close()
