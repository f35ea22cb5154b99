"""The registry's unit of work: one transaction, the register's repositories and its reads, all
acting for the unit of work's network."""

import asyncpg

from common.uow import UnitOfWork
from registry.adapters.db.capitalizations import CapitalizationRepository, IssuanceRepository
from registry.adapters.db.directory import Directory
from registry.adapters.db.queries import Queries


class RegistryUnitOfWork(UnitOfWork):
    context = "registry"

    def bind(self, connection: asyncpg.Connection) -> None:
        network_id = self.tenant.id if self.tenant else None
        self.capitalizations = CapitalizationRepository(connection, network_id)
        self.issuances = IssuanceRepository(connection, network_id)
        self.directory = Directory(connection, network_id)
        self.queries = Queries(connection, network_id)
