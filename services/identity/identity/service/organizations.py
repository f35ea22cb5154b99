"""Organizations: creation, changes by authors and admins, the life cycle, members."""

from datetime import datetime
from typing import Any

import asyncpg

from common.events.identity import (
    MemberAddedV1,
    MemberRemovedV1,
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
)
from common.http.principal import Principal
from common.lifecycle import stage_change
from common.messaging import EventEnvelope, IntegrationEvent, record_event
from identity.adapters.db import organizations as orgs
from identity.adapters.db import store
from identity.domain.errors import IdentityError
from identity.domain.organizations import (
    ADMIN,
    AUTHOR,
    MOVES,
    PROFILE_EXCLUDE,
    PUBLIC_STAGES,
    STAMPS,
    OrganizationChange,
    Stage,
)

HIDDEN, ANONYMOUS = 1, 2


async def _publish(conn: asyncpg.Connection, network: store.Network, event: IntegrationEvent) -> None:
    await record_event(conn, EventEnvelope.wrap(event, network.name, network.id))


async def role_of(conn: asyncpg.Connection, organization: orgs.Organization, principal: Principal) -> str | None:
    if principal.is_admin:
        return ADMIN
    if principal.user_id is not None and await orgs.member_type(conn, organization.id, principal.user_id) == AUTHOR:
        return AUTHOR
    return None


async def may_view(conn: asyncpg.Connection, organization: orgs.Organization, principal: Principal) -> bool:
    """Admins and members see it all; others an Open or Anonymous one in a public stage."""
    if principal.is_admin:
        return True
    if principal.user_id is not None and await orgs.member_type(conn, organization.id, principal.user_id):
        return True
    return organization.visibility != HIDDEN and organization.life_cycle_stage in PUBLIC_STAGES


async def shown_memberships(conn: asyncpg.Connection, user_ids: list[int],
                            principal: Principal) -> dict[int, list[dict[str, Any]]]:
    """Users' memberships as the caller may see them: every one for admins and of the caller
    themself, otherwise those of Open or Anonymous organizations in a public stage."""
    if principal.is_admin:
        return await orgs.memberships_of_users(conn, user_ids)
    stages = ", ".join(str(int(stage)) for stage in PUBLIC_STAGES)
    caller_id = int(principal.user_id or 0)
    return await orgs.memberships_of_users(
        conn, user_ids, f"(m.user_id = {caller_id} OR (o.visibility <> {HIDDEN} AND o.life_cycle_stage IN ({stages})))")


async def _apply(conn: asyncpg.Connection, organization: orgs.Organization, change: OrganizationChange,
                 role: str, now: datetime) -> list[str]:
    given = change.model_dump(exclude_unset=True)
    columns = {name: given[name] for name in ("display_name", "visibility") if name in given}
    columns |= stage_change(MOVES, STAMPS, Stage(organization.life_cycle_stage), change.life_cycle_stage, role, now,
                            IdentityError.ILLEGAL_STAGE_CHANGE, IdentityError.STAGE_CHANGE_FORBIDDEN)
    profile = change.model_dump(exclude_unset=True, exclude=PROFILE_EXCLUDE, mode="json")
    address = change.address.model_dump(exclude_unset=True, exclude={"id"}) if change.address else {}
    await orgs.update(conn, organization.id, columns, profile, address, change.custom or {})
    return sorted(given)


async def create(conn: asyncpg.Connection, network: store.Network, user: store.User, change: OrganizationChange,
                 is_admin: bool, now: datetime) -> int:
    async with conn.transaction():
        organization = await orgs.insert(conn, network.id, change.display_name, user.id)
        await orgs.add_member(conn, organization.id, user.id, AUTHOR)
        await _apply(conn, organization, change, ADMIN if is_admin else AUTHOR, now)
        await _publish(conn, network, OrganizationCreatedV1(organization_id=organization.id, contact_point=user.id,
                                                                  display_name=change.display_name))
        await _publish(conn, network, MemberAddedV1(organization_id=organization.id, user_id=user.id, member_type=AUTHOR))
    return organization.id


async def _editable(conn: asyncpg.Connection, network: store.Network, organization_id: int,
                    principal: Principal) -> tuple[orgs.Organization, str]:
    """The organization (locked) and the caller's role; 404 if unseen, 403 if not an author or admin."""
    organization = await orgs.by_id(conn, network.id, organization_id, lock=True)
    if organization is None or not await may_view(conn, organization, principal):
        raise IdentityError.ORGANIZATION_NOT_FOUND.error()
    role = await role_of(conn, organization, principal)
    if role is None:
        raise IdentityError.NOT_AN_AUTHOR.error()
    return organization, role


async def update(conn: asyncpg.Connection, network: store.Network, organization_id: int, principal: Principal,
                 change: OrganizationChange, now: datetime) -> None:
    async with conn.transaction():
        organization, role = await _editable(conn, network, organization_id, principal)
        fields = await _apply(conn, organization, change, role, now)
        now_is = await orgs.by_id(conn, network.id, organization_id)
        await _publish(conn, network, OrganizationUpdatedV1(organization_id=organization_id, fields=fields,
                                                            life_cycle_stage=now_is.life_cycle_stage,
                                                            display_name=now_is.display_name))


async def add_member(conn: asyncpg.Connection, network: store.Network, organization_id: int, user_id: int,
                     principal: Principal, contact_point: bool = False) -> None:
    """Add the user as a member; with ``contact_point``, hand the contact point over to them too."""
    async with conn.transaction():
        organization, _ = await _editable(conn, network, organization_id, principal)
        if await store.user_by_id(conn, network.id, user_id) is None:
            raise IdentityError.USER_NOT_FOUND.error()
        if contact_point:
            await _hand_over_contact_point(conn, network, organization, user_id, principal)
        elif await orgs.add_member(conn, organization_id, user_id, "member"):
            await _publish(conn, network, MemberAddedV1(organization_id=organization_id, user_id=user_id,
                                                        member_type="member"))


async def _hand_over_contact_point(conn: asyncpg.Connection, network: store.Network, organization: orgs.Organization,
                                   user_id: int, principal: Principal) -> None:
    """Only the contact point or an admin hands it over; the new one becomes an author, to act for the
    organization, so the former one can then be removed."""
    if not (principal.is_admin or organization.contact_point == principal.user_id):
        raise IdentityError.CONTACT_POINT_HANDOVER_FORBIDDEN.error()
    await orgs.make_author(conn, organization.id, user_id)
    await orgs.update(conn, organization.id, {"contact_point": user_id}, {}, {}, {})
    await _publish(conn, network, MemberAddedV1(organization_id=organization.id, user_id=user_id, member_type=AUTHOR))
    await _publish(conn, network, OrganizationUpdatedV1(organization_id=organization.id, fields=["contact_point"],
                                                        life_cycle_stage=organization.life_cycle_stage,
                                                        display_name=organization.display_name))


async def remove_member(conn: asyncpg.Connection, network: store.Network, organization_id: int, user_id: int,
                        principal: Principal) -> None:
    async with conn.transaction():
        organization, _ = await _editable(conn, network, organization_id, principal)
        if organization.contact_point == user_id:
            raise IdentityError.CONTACT_POINT_REMOVAL.error()
        if not await orgs.remove_member(conn, organization_id, user_id):
            raise IdentityError.MEMBER_NOT_FOUND.error()
        await _publish(conn, network, MemberRemovedV1(organization_id=organization_id, user_id=user_id))


def full_name(given_name: str, family_name: str) -> str:
    return f"{given_name} {family_name}".strip()


def organization_view(organization: orgs.Organization, members: list[dict[str, Any]],
                      creator_name: str | None, documents: list[dict[str, Any]]) -> dict[str, Any]:
    profile = organization.profile
    view = {name: profile.get(name) for name in (
        "additional_type", "alternate_name", "brief_desc", "credit_score", "company_number", "detail_desc",
        "facebook", "founding_date", "founding_location", "legal_name", "linkedin", "location", "logo",
        "org_email", "sector", "tax_id", "telephone", "twitter", "website", "youtube", "fundamerica_entity_id",
        "gcen_client_id", "mangopay_card_id", "mangopay_user_id", "mangopay_wallet_id", "reyker_isin")}
    view |= {
        "id": organization.id,
        "display_name": organization.display_name,
        "life_cycle_stage": organization.life_cycle_stage,
        "visibility": organization.visibility,
        "contact_point": organization.contact_point,
        "user_id": organization.user_id,
        "user_name": creator_name,
        "address": {name: organization.address.get(name) for name in (
            "building", "sub_building", "street_address", "city", "address_locality", "region", "postal_code", "country")},
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
