"""The offerings service's unit of work: one transaction, the repositories of offerings'
aggregates and the read side, all acting for the unit of work's network."""

import asyncpg

from common.uow import UnitOfWork
from offerings.adapters.db.applications import ApplicationRepository
from offerings.adapters.db.deal_rooms import DealRoomRepository
from offerings.adapters.db.directory import Directory
from offerings.adapters.db.documents import DocumentRepository
from offerings.adapters.db.investments import InvestmentRepository
from offerings.adapters.db.offerings import OfferingRepository
from offerings.adapters.db.queries import Queries


class OfferingsUnitOfWork(UnitOfWork):
    context = "offerings"

    def bind(self, connection: asyncpg.Connection) -> None:
        network_id = self.tenant.id if self.tenant else None
        self.offerings = OfferingRepository(connection, network_id)
        self.investments = InvestmentRepository(connection, network_id)
        self.deal_rooms = DealRoomRepository(connection, network_id)
        self.documents = DocumentRepository(connection, network_id)
        self.applications = ApplicationRepository(connection, network_id)
        self.directory = Directory(connection, network_id)
        self.queries = Queries(connection, network_id)
