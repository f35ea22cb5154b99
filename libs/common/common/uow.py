"""The unit of work: one transaction per use case.

A use case receives a unit of work, never a connection. Entering it opens the transaction
(a savepoint when the request already holds one, as an Idempotency-Key request does); the
use case reads and changes aggregates through the repositories the service binds to it and
records the events its change publishes. The events are written to the outbox in the same
transaction at ``commit()``; leaving without ``commit()`` rolls everything back.

Who opens it commits it: the boundary (a route, a consumer, cvctl) enters the unit of work,
hands it open to the use case, and commits once the use case returned. A use case never
enters or commits one itself, so a use case that calls another shares its transaction, and
nothing is written unless the whole of it succeeds.

    async with unit_of_work(request, OfferingsUnitOfWork) as uow:    # the route
        await offerings.submit(uow, principal, offering_id)           # the use case
        await uow.commit()

A service subclasses ``UnitOfWork``, names its ``context`` (the events it may publish are the
ones ``common.events.<context>`` declares) and binds its repositories in ``bind``.
"""

import uuid
from dataclasses import dataclass
from types import TracebackType
from typing import ClassVar, Self

import asyncpg
from asyncpg.transaction import Transaction

from common.messaging.envelope import EventEnvelope, IntegrationEvent, UndeclaredEvent
from common.messaging.inbox import first_delivery
from common.messaging.outbox import record_events


@dataclass(frozen=True)
class Tenant:
    """The network a unit of work acts for: its events carry it."""

    name: str
    id: int


class UnitOfWork:
    context: ClassVar[str]

    def __init__(self, pool: asyncpg.Pool, tenant: Tenant | None, connection: asyncpg.Connection | None = None) -> None:
        self.tenant = tenant
        self._pool = pool
        self._given = connection
        self._connection: asyncpg.Connection | None = None
        self._transaction: Transaction | None = None
        self._events: list[IntegrationEvent] = []
        self.committed = False

    def bind(self, connection: asyncpg.Connection) -> None:
        """Attach the service's repositories and query modules to ``connection``."""

    async def __aenter__(self) -> Self:
        self._connection = self._given or await self._pool.acquire()
        self._transaction = self._connection.transaction()
        await self._transaction.start()
        self._events, self.committed = [], False
        self.bind(self._connection)
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        traceback: TracebackType | None) -> None:
        try:
            if not self.committed:
                await self._transaction.rollback()
        finally:
            if self._given is None:
                await self._pool.release(self._connection)
            self._connection = self._transaction = None

    def publish(self, event: IntegrationEvent) -> None:
        """Record ``event`` for the outbox; it is written with the change, at ``commit()``."""
        if type(event).context != self.context or not type(event).is_declared():
            raise UndeclaredEvent(f"{self.context} does not declare {type(event).__name__}")
        self._events.append(event)

    async def consumed(self, consumer: str, event_id: uuid.UUID) -> bool:
        """Record in the inbox that ``consumer`` handles ``event_id``; False when it already did."""
        return await first_delivery(self._connection, consumer, event_id)

    async def commit(self) -> None:
        """Write the events to the outbox and commit. After a statement failed in this unit of
        work (its error caught), this raises: PostgreSQL would answer COMMIT with a silent rollback."""
        if self._events:
            await self._write_outbox()
        else:
            await self._connection.execute("SELECT 1")  # fails in a failed transaction, as the outbox write does
        await self._transaction.commit()
        self.committed = True

    async def _write_outbox(self) -> None:
        if self.tenant is None:
            raise UndeclaredEvent("an event needs the network it happened in")
        await record_events(self._connection, [EventEnvelope.wrap(event, self.tenant.name, self.tenant.id)
                                               for event in self._events])
        self._events = []
