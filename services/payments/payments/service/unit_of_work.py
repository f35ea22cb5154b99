"""The payments service's unit of work: one transaction, and the repositories that act in it.
Whoever opens it (a route, a consumer, the worker, cvctl) commits it; use cases never do."""

import asyncpg

from common.uow import UnitOfWork
from payments.adapters.db.jobs import Jobs
from payments.adapters.db.ledger import Ledger
from payments.adapters.db.read_model import KnownOfferings
from payments.adapters.db.records import Payouts, Transactions, Wallets


class PaymentsUnitOfWork(UnitOfWork):
    context = "payments"

    ledger: Ledger
    transactions: Transactions
    payouts: Payouts
    wallets: Wallets
    known: KnownOfferings
    jobs: Jobs

    def bind(self, connection: asyncpg.Connection) -> None:
        self.ledger = Ledger(connection)
        self.transactions = Transactions(connection)
        self.payouts = Payouts(connection)
        self.wallets = Wallets(connection)
        self.known = KnownOfferings(connection)
        self.jobs = Jobs(connection)

    @property
    def network_id(self) -> int:
        return self.tenant.id

    @property
    def connection(self) -> asyncpg.Connection:
        """The open transaction's connection: the worker nests a job's unit of work in it."""
        return self._connection
