"""What identity decides about a user and an organization, as another service's decision needs
it now (``common.identity_facts``): answered from identity's own tables, never from events in
flight, so it already holds whatever the caller's previous call changed."""

from common.errors import PlatformError
from common.identity_facts import Facts, OrganizationFacts, UserFacts
from identity.domain.networks import Network
from identity.service.unit_of_work import IdentityUnitOfWork


async def facts(uow: IdentityUnitOfWork, network_name: str, user_id: int | None,
                organization_id: int | None) -> Facts:
    network = await uow.networks.by_name(network_name)
    if network is None:
        raise PlatformError.UNKNOWN_NETWORK.error()
    return Facts(settings=network.settings, user=await _user(uow, network, user_id),
                 organization=await _organization(uow, network, organization_id, user_id))


async def _user(uow: IdentityUnitOfWork, network: Network, user_id: int | None) -> UserFacts | None:
    user = await uow.users.get(network.id, user_id) if user_id is not None else None
    if user is None:
        return None
    return UserFacts(user_id=user.id, blocked=user.is_blocked, blocked_until=user.blocked_until if user.is_blocked else None,
                     email_verified=user.email_verified, term_service_accepted=user.term_service_accepted,
                     registration_complete=user.registration_complete, has_been_approved=user.has_been_approved)


async def _organization(uow: IdentityUnitOfWork, network: Network, organization_id: int | None,
                        user_id: int | None) -> OrganizationFacts | None:
    organization = await uow.organizations.get(network.id, organization_id) if organization_id is not None else None
    if organization is None:
        return None
    member_type = await uow.organizations.member_type(organization.id, user_id) if user_id is not None else None
    return OrganizationFacts(organization_id=organization.id, display_name=organization.display_name,
                             life_cycle_stage=organization.life_cycle_stage, is_public=organization.is_public,
                             member_type=member_type)
