"""Migration 0009 on a database holding zero-amount approvals made before the rule: the kept
investment and investor counts are recounted without them (the amounts never changed)."""

import asyncpg

from common.db import migrate
from offerings.app import MIGRATIONS

LEGACY = "0009_offering_history_and_counted_amounts.sql"


async def test_zero_amount_approvals_made_before_the_rule_are_recounted_out(make_database, migrate_before):
    conn = await asyncpg.connect(await make_database("offerings_recount"))
    try:
        legacy = await migrate_before(conn, LEGACY)
        offering_id = await conn.fetchval(
            "INSERT INTO offerings (network_id, organization_id, user_id, funding_goal, invested, investment_count, "
            "investor_count) VALUES (1, 10, 100, 1000, 250, 3, 2) RETURNING id")
        await conn.executemany(
            "INSERT INTO investments (network_id, offering_id, user_id, investment_amount, life_cycle_stage) "
            "VALUES (1, $1, $2, $3, $4)", [(offering_id, 7, 250, 2), (offering_id, 7, 0, 4), (offering_id, 8, 0, 2)])
        await conn.executemany("INSERT INTO offering_investors (offering_id, user_id, counted) VALUES ($1, $2, $3)",
                               [(offering_id, 7, 2), (offering_id, 8, 1)])

        assert legacy in await migrate(conn, MIGRATIONS)
        figures = await conn.fetchrow("SELECT invested, investment_count, investor_count FROM offerings WHERE id = $1",
                                      offering_id)
        assert (str(figures["invested"]), figures["investment_count"], figures["investor_count"]) == ("250.00", 1, 1)
        counted = await conn.fetch("SELECT user_id, counted FROM offering_investors ORDER BY user_id")
        assert [tuple(row) for row in counted] == [(7, 1), (8, 0)]
    finally:
        await conn.close()
