"""Organizations: creation, changes by authors and admins, the life cycle, members, and the views
of them each caller may see."""

from datetime import datetime
from typing import Any

from common.events.identity import (
    MemberAddedV1,
    MemberRemovedV1,
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
)
from common.http.listing import ListQuery
from common.http.principal import Principal
from common.lifecycle import stage_change
from common.vocabulary import Visibility
from identity.domain.errors import IdentityError
from identity.domain.organizations import (
    ADMIN,
    AUTHOR,
    LISTED_STAGES,
    MOVES,
    PUBLIC_STAGES,
    STAMPS,
    MemberType,
    Organization,
    OrganizationEdit,
    role_of,
)
from identity.domain.profile import ADDRESS_FIELDS
from identity.domain.users import User, full_name
from identity.service.unit_of_work import IdentityUnitOfWork


async def _member_type(uow: IdentityUnitOfWork, organization: Organization, principal: Principal) -> MemberType | None:
    if principal.user_id is None:
        return None
    return await uow.organizations.member_type(organization.id, principal.user_id)


async def may_view(uow: IdentityUnitOfWork, organization: Organization, principal: Principal) -> bool:
    """Admins and members see it all; others a public one."""
    if principal.is_admin or organization.is_public:
        return True
    return await _member_type(uow, organization, principal) is not None


def _updated(organization: Organization, fields: list[str]) -> OrganizationUpdatedV1:
    """The change, with the organization as it is now and identity's decision on who sees it."""
    return OrganizationUpdatedV1(organization_id=organization.id, fields=fields,
                                 life_cycle_stage=int(organization.life_cycle_stage),
                                 display_name=organization.display_name, is_public=organization.is_public)


async def _apply(uow: IdentityUnitOfWork, organization: Organization, edit: OrganizationEdit, role: str,
                 now: datetime) -> Organization:
    columns = dict(edit.columns)
    columns |= stage_change(MOVES, STAMPS, organization.life_cycle_stage, edit.stage, role, now,
                            IdentityError.ILLEGAL_STAGE_CHANGE, IdentityError.STAGE_CHANGE_FORBIDDEN)
    return await uow.organizations.save(organization.id, columns, edit.profile, edit.address, edit.custom)


async def create(uow: IdentityUnitOfWork, user: User, edit: OrganizationEdit, is_admin: bool, now: datetime) -> int:
    organization = await uow.organizations.add(user.network_id, edit.columns["display_name"], user.id)
    await uow.organizations.add_member(organization.id, user.id, MemberType.AUTHOR)
    organization = await _apply(uow, organization, edit, ADMIN if is_admin else AUTHOR, now)
    uow.publish(OrganizationCreatedV1(organization_id=organization.id, contact_point=user.id,
                                      display_name=organization.display_name, is_public=organization.is_public))
    uow.publish(MemberAddedV1(organization_id=organization.id, user_id=user.id, member_type=MemberType.AUTHOR))
    return organization.id


async def _editable(uow: IdentityUnitOfWork, organization_id: int, principal: Principal) -> tuple[Organization, str]:
    """The organization (locked) and the caller's role; 404 if unseen, 403 if not an author or admin."""
    organization = await uow.organizations.get(uow.tenant.id, organization_id, for_update=True)
    if organization is None:
        raise IdentityError.ORGANIZATION_NOT_FOUND.error()
    member_type = await _member_type(uow, organization, principal)
    if not (principal.is_admin or organization.is_public or member_type is not None):
        raise IdentityError.ORGANIZATION_NOT_FOUND.error()
    role = role_of(principal.is_admin, member_type)
    if role is None:
        raise IdentityError.NOT_AN_AUTHOR.error()
    return organization, role


async def update(uow: IdentityUnitOfWork, organization_id: int, principal: Principal, edit: OrganizationEdit,
                 now: datetime) -> None:
    """Change the organization; every change (a stage move, a new visibility...) is told with whether
    everyone may now see it."""
    organization, role = await _editable(uow, organization_id, principal)
    organization = await _apply(uow, organization, edit, role, now)
    uow.publish(_updated(organization, edit.fields))


async def add_member(uow: IdentityUnitOfWork, organization_id: int, user_id: int, principal: Principal,
                     contact_point: bool = False) -> None:
    """Add the user as a member; with ``contact_point``, hand the contact point over to them too."""
    organization, _ = await _editable(uow, organization_id, principal)
    if await uow.users.get(uow.tenant.id, user_id) is None:
        raise IdentityError.USER_NOT_FOUND.error()
    if contact_point:
        await _hand_over_contact_point(uow, organization, user_id, principal)
    elif await uow.organizations.add_member(organization_id, user_id, MemberType.MEMBER):
        uow.publish(MemberAddedV1(organization_id=organization_id, user_id=user_id, member_type=MemberType.MEMBER))


async def _hand_over_contact_point(uow: IdentityUnitOfWork, organization: Organization, user_id: int,
                                   principal: Principal) -> None:
    """Only the contact point or an admin hands it over; the new one becomes an author, to act for the
    organization, so the former one can then be removed."""
    if not (principal.is_admin or organization.contact_point == principal.user_id):
        raise IdentityError.CONTACT_POINT_HANDOVER_FORBIDDEN.error()
    await uow.organizations.make_author(organization.id, user_id)
    organization = await uow.organizations.save(organization.id, {"contact_point": user_id})
    uow.publish(MemberAddedV1(organization_id=organization.id, user_id=user_id, member_type=MemberType.AUTHOR))
    uow.publish(_updated(organization, ["contact_point"]))


async def remove_member(uow: IdentityUnitOfWork, organization_id: int, user_id: int, principal: Principal) -> None:
    organization, _ = await _editable(uow, organization_id, principal)
    if organization.contact_point == user_id:
        raise IdentityError.CONTACT_POINT_REMOVAL.error()
    if not await uow.organizations.remove_member(organization_id, user_id):
        raise IdentityError.MEMBER_NOT_FOUND.error()
    uow.publish(MemberRemovedV1(organization_id=organization_id, user_id=user_id))


# Views


async def page(uow: IdentityUnitOfWork, principal: Principal, query: ListQuery,
               public: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """GET /organizations (every one for admins, the listed ones for others) or, ``public``, GET
    /public/organizations."""
    network_id = uow.tenant.id
    if public:
        count, organizations = await uow.organization_views.page_shown(network_id, query, Visibility.OPEN, PUBLIC_STAGES)
    elif principal.is_admin:
        count, organizations = await uow.organization_views.page(network_id, query)
    else:
        count, organizations = await uow.organization_views.page_shown(network_id, query, Visibility.OPEN, LISTED_STAGES)
    return count, await views(uow, organizations)


async def page_of_member(uow: IdentityUnitOfWork, user_id: int, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
    count, organizations = await uow.organization_views.page_of_member(uow.tenant.id, query, user_id)
    return count, await views(uow, organizations)


async def visible_view(uow: IdentityUnitOfWork, organization_id: int, principal: Principal) -> dict[str, Any]:
    organization = await uow.organizations.get(uow.tenant.id, organization_id)
    if organization is None or not await may_view(uow, organization, principal):
        raise IdentityError.ORGANIZATION_NOT_FOUND.error()
    return (await views(uow, [organization]))[0]


async def views(uow: IdentityUnitOfWork, organizations: list[Organization]) -> list[dict[str, Any]]:
    """The organizations as the document shows them; a fixed number of queries however many they are."""
    if not organizations:
        return []
    ids = [o.id for o in organizations]
    members = await uow.organization_views.members(ids)
    creators = await uow.directory.full_names(uow.tenant.id, [o.user_id for o in organizations])
    documents = await uow.documents.of_owners(uow.tenant.id, "Organization", ids)
    return [organization_view(o, members[o.id], creators.get(o.user_id), documents[o.id]) for o in organizations]


_PROFILE_FIELDS = (
    "additional_type", "alternate_name", "brief_desc", "credit_score", "company_number", "detail_desc",
    "facebook", "founding_date", "founding_location", "legal_name", "linkedin", "location", "logo",
    "org_email", "sector", "tax_id", "telephone", "twitter", "website", "youtube", "fundamerica_entity_id",
    "gcen_client_id", "mangopay_card_id", "mangopay_user_id", "mangopay_wallet_id", "reyker_isin")


def organization_view(organization: Organization, members: list[dict[str, Any]], creator_name: str | None,
                      documents: list[dict[str, Any]]) -> dict[str, Any]:
    profile = organization.profile
    view = {name: profile.get(name) for name in _PROFILE_FIELDS}
    view |= {
        "id": organization.id,
        "display_name": organization.display_name,
        "life_cycle_stage": int(organization.life_cycle_stage),
        "visibility": int(organization.visibility),
        "contact_point": organization.contact_point,
        "user_id": organization.user_id,
        "user_name": creator_name,
        "address": {name: organization.address.get(name) for name in ADDRESS_FIELDS},
        "custom": organization.custom,
        "info": [{"type": name, "value": value} for name, value in organization.custom.items()],
        "documents": documents,
        "members": [{"user_id": m["user_id"], "member_type": m["member_type"],
                     "user_full_name": full_name(m["given_name"], m["family_name"]),
                     "contact_point": organization.contact_point} for m in members],
        "submitted_at": organization.submitted_at,
        "approved_at": organization.approved_at,
        "canceled_at": organization.canceled_at,
        "created_at": organization.created_at,
        "updated_at": organization.updated_at,
    }
    return dict(sorted(view.items()))
