"""What payments knows of offerings and investments, from offerings' events."""

from decimal import Decimal

import asyncpg

from payments.domain.ledger import InvestmentStage, PaymentStatus


class KnownOfferings:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def record_offering(self, network_id: int, offering_id: int, organization_id: int) -> None:
        await self._conn.execute(
            "INSERT INTO known_offerings (network_id, offering_id, organization_id) VALUES ($1, $2, $3) "
            "ON CONFLICT (network_id, offering_id) DO UPDATE SET organization_id = excluded.organization_id",
            network_id, offering_id, organization_id)

    async def record_investment(self, network_id: int, investment_id: int, offering_id: int, user_id: int,
                                amount: Decimal, stage: int) -> None:
        await self._conn.execute(
            "INSERT INTO known_investments (network_id, investment_id, offering_id, user_id, investment_amount, "
            "life_cycle_stage, settled) VALUES ($1, $2, $3, $4, $5, $6::smallint, $6::smallint = $7::smallint) "
            "ON CONFLICT (network_id, investment_id) DO UPDATE SET investment_amount = excluded.investment_amount, "
            "life_cycle_stage = excluded.life_cycle_stage, settled = known_investments.settled OR excluded.settled",
            network_id, investment_id, offering_id, user_id, amount, stage, InvestmentStage.SETTLED)

    async def settle_approved(self, network_id: int, offering_id: int) -> None:
        """The offering settled: its Approved investments settled with it (offerings' rule)."""
        await self._conn.execute(
            "UPDATE known_investments SET settled = true, life_cycle_stage = $3 "
            "WHERE network_id = $1 AND offering_id = $2 AND life_cycle_stage = $4",
            network_id, offering_id, InvestmentStage.SETTLED, InvestmentStage.APPROVED)

    async def organization_of(self, network_id: int, offering_id: int) -> int | None:
        return await self._conn.fetchval(
            "SELECT organization_id FROM known_offerings WHERE network_id = $1 AND offering_id = $2",
            network_id, offering_id)

    async def investment(self, network_id: int, investment_id: int) -> asyncpg.Record | None:
        return await self._conn.fetchrow(
            "SELECT i.*, o.organization_id FROM known_investments i LEFT JOIN known_offerings o "
            "USING (network_id, offering_id) WHERE i.network_id = $1 AND i.investment_id = $2",
            network_id, investment_id)

    async def settled_investments(self, network_id: int, offering_id: int) -> list[asyncpg.Record]:
        return await self._conn.fetch(
            "SELECT investment_id, user_id, investment_amount FROM known_investments "
            "WHERE network_id = $1 AND offering_id = $2 AND settled ORDER BY investment_id", network_id, offering_id)

    async def stats_rows(self, network_id: int, user_id: int, start, end) -> list[asyncpg.Record]:
        """Per payout of the user's settled investments (in the date range of its due date): its
        type, amount and the sum of its Paid transactions."""
        return await self._conn.fetch(
            """SELECT p.payout_type, p.payout_amount,
                      coalesce((SELECT sum(t.transaction_amount) FROM transactions t
                                WHERE t.payout_id = p.id AND t.payment_status = $5), 0) AS paid
               FROM payouts p JOIN known_investments i
                    ON i.network_id = p.network_id AND i.investment_id = p.investment_id
               WHERE p.network_id = $1 AND i.user_id = $2 AND i.settled
                 AND ($3::date IS NULL OR p.due_date >= $3::date)
                 AND ($4::date IS NULL OR p.due_date < $4::date + 1)""",
            network_id, user_id, start, end, PaymentStatus.PAID)
