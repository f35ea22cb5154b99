"""The offerings service's unit of work."""

import asyncpg

from common.uow import UnitOfWork


class OfferingsUnitOfWork(UnitOfWork):
    context = "offerings"

    def bind(self, connection: asyncpg.Connection) -> None:
        self.conn = connection
