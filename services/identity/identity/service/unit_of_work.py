"""The identity service's unit of work: one transaction, and the repositories and queries that
act in it.

A use case takes an open unit of work and does not commit it: whoever opened it (a route, a
consumer, cvctl) commits once the use case is done. So a use case that calls another shares its
transaction, and nothing is written unless the whole of it succeeds.

    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await organizations.update(uow, principal, organization_id, change, now)
        await uow.commit()
"""

import asyncpg

from common.uow import Tenant, UnitOfWork
from identity.adapters.db.documents import OwnedDocuments
from identity.adapters.db.invitations import InvitationRepository
from identity.adapters.db.locks import Locks
from identity.adapters.db.login_failures import LoginFailureRepository
from identity.adapters.db.networks import NetworkRepository
from identity.adapters.db.newsletter import NewsletterRepository
from identity.adapters.db.one_time_secrets import OneTimeSecretRepository
from identity.adapters.db.organizations import OrganizationRepository
from identity.adapters.db.queries.directory import DirectoryQueries
from identity.adapters.db.queries.invitations import InvitationQueries
from identity.adapters.db.queries.newsletter import NewsletterQueries
from identity.adapters.db.queries.organizations import OrganizationQueries
from identity.adapters.db.sessions import NonceRepository, SessionRepository
from identity.adapters.db.social_links import SocialLinkRepository
from identity.adapters.db.users import UserRepository
from identity.adapters.mail.outbox import MailOutbox
from identity.domain.networks import Network


class IdentityUnitOfWork(UnitOfWork):
    context = "identity"

    networks: NetworkRepository
    users: UserRepository
    sessions: SessionRepository
    nonces: NonceRepository
    one_time_secrets: OneTimeSecretRepository
    login_failures: LoginFailureRepository
    social_links: SocialLinkRepository
    organizations: OrganizationRepository
    invitations: InvitationRepository
    newsletter: NewsletterRepository
    documents: OwnedDocuments
    mail: MailOutbox
    locks: Locks
    directory: DirectoryQueries
    organization_views: OrganizationQueries
    invitation_views: InvitationQueries
    newsletter_views: NewsletterQueries

    def bind(self, connection: asyncpg.Connection) -> None:
        self.networks = NetworkRepository(connection)
        self.users = UserRepository(connection)
        self.sessions = SessionRepository(connection)
        self.nonces = NonceRepository(connection)
        self.one_time_secrets = OneTimeSecretRepository(connection)
        self.login_failures = LoginFailureRepository(connection)
        self.social_links = SocialLinkRepository(connection)
        self.organizations = OrganizationRepository(connection)
        self.invitations = InvitationRepository(connection)
        self.newsletter = NewsletterRepository(connection)
        self.documents = OwnedDocuments(connection)
        self.mail = MailOutbox(connection)
        self.locks = Locks(connection)
        self.directory = DirectoryQueries(connection)
        self.organization_views = OrganizationQueries(connection)
        self.invitation_views = InvitationQueries(connection)
        self.newsletter_views = NewsletterQueries(connection)

    def act_for(self, network: Network) -> None:
        """Publish for ``network`` from now on: what an operator's command (which names the
        network itself, and is signed by no gateway) does once it has found it."""
        self.tenant = Tenant(network.name, network.id)
