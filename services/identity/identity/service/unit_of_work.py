"""The identity service's unit of work."""

import asyncpg

from common.uow import UnitOfWork


class IdentityUnitOfWork(UnitOfWork):
    context = "identity"

    def bind(self, connection: asyncpg.Connection) -> None:
        self.conn = connection
