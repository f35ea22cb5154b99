"""The offerings service's unit of work: one transaction, the repositories of offerings'
aggregates and the read side, all acting for the unit of work's network; and, for a request,
identity's facts its decisions ask for.

A use case takes an open unit of work and does not commit it: whoever opened it (a route, a
consumer) commits once the use case is done."""

import asyncpg

from common.identity_facts import IdentityFacts
from common.uow import UnitOfWork
from offerings.adapters.db.applications import ApplicationRepository
from offerings.adapters.db.deal_rooms import DealRoomRepository
from offerings.adapters.db.directory import Directory
from offerings.adapters.db.documents import DocumentRepository
from offerings.adapters.db.investments import InvestmentRepository
from offerings.adapters.db.offerings import OfferingRepository
from offerings.adapters.db.queries import Queries
from offerings.adapters.identity import IdentityPort


class OfferingsUnitOfWork(UnitOfWork):
    context = "offerings"
    identity: IdentityPort | None = None  # a request's: consumers decide nothing identity owns

    def asking(self, client: IdentityFacts) -> "OfferingsUnitOfWork":
        """This unit of work, its decisions asking identity through ``client``."""
        if self.tenant is not None:
            self.identity = IdentityPort(client, self.tenant.name)
        return self

    def bind(self, connection: asyncpg.Connection) -> None:
        network_id = self.tenant.id if self.tenant else None
        self.offerings = OfferingRepository(connection, network_id)
        self.investments = InvestmentRepository(connection, network_id)
        self.deal_rooms = DealRoomRepository(connection, network_id)
        self.documents = DocumentRepository(connection, network_id)
        self.applications = ApplicationRepository(connection, network_id)
        self.directory = Directory(connection, network_id)
        self.queries = Queries(connection, network_id)
