"""Who may see and change which part of the register. Membership and an organization's existence
are identity's facts, asked for when a decision needs them (common.identity_facts)."""

from common.http.principal import Principal
from common.identity_facts import Facts, IdentityFacts
from registry.domain.capitalizations import Capitalization
from registry.domain.errors import RegistryError


async def organization_facts(identity: IdentityFacts, principal: Principal, organization_id: int) -> Facts:
    """Identity's facts on the organization and the caller's membership; refused when there is no such organization."""
    facts = await identity.facts(principal.network, user_id=principal.user_id, organization_id=organization_id)
    if facts.organization is None:
        raise RegistryError.ORGANIZATION_NOT_FOUND.error()
    return facts


async def require_manager(identity: IdentityFacts, principal: Principal, organization_id: int) -> None:
    """The caller is an admin or a member of the organization (which exists)."""
    facts = await organization_facts(identity, principal, organization_id)
    if not principal.is_admin and facts.organization.member_type is None:
        raise RegistryError.NOT_A_MEMBER.error()


async def may_see(identity: IdentityFacts, principal: Principal, cap: Capitalization) -> bool:
    """Its owner, the organization's members and admins see a capitalization (identity asked only when it decides)."""
    if principal.is_admin or (principal.user_id is not None and cap.owner_id == principal.user_id):
        return True
    facts = await identity.facts(principal.network, user_id=principal.user_id, organization_id=cap.organization_id)
    return facts.organization is not None and facts.organization.member_type is not None


async def require_holder_or_manager(identity: IdentityFacts, principal: Principal, cap: Capitalization) -> None:
    """Split and merge: the owner (an investor dividing their holding), the organization's members, admins."""
    if not await may_see(identity, principal, cap):
        raise RegistryError.CAPITALIZATION_NOT_FOUND.error()


async def require_owner_exists(identity: IdentityFacts, principal: Principal, owner_id: int | None) -> None:
    if owner_id is not None and (await identity.facts(principal.network, user_id=owner_id)).user is None:
        raise RegistryError.OWNER_NOT_FOUND.error()
