"""Migration 0010 on a database holding organizations from before it: each keeps the public
visibility offerings gave it (Approved, Restricted, Published) until identity's next event says."""

import asyncpg

from common.db import migrate
from offerings.app import MIGRATIONS

FIRST_UNAPPLIED = "0010_organizations_public_as_identity_decides.sql"


async def test_organizations_keep_their_visibility_until_identity_tells_it(make_database, migrate_before):
    conn = await asyncpg.connect(await make_database("offerings_public_organizations"))
    try:
        migration = await migrate_before(conn, FIRST_UNAPPLIED)
        await conn.executemany(
            "INSERT INTO directory_organizations (network_id, organization_id, display_name, life_cycle_stage) "
            "VALUES (1, $1, 'Org', $2)", [(stage, stage) for stage in range(8)])

        assert migration in await migrate(conn, MIGRATIONS)
        public = await conn.fetch("SELECT organization_id FROM directory_organizations WHERE is_public "
                                  "ORDER BY organization_id")
        assert [row["organization_id"] for row in public] == [3, 4, 5]
    finally:
        await conn.close()
