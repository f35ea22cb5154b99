"""The read models of identity's users, organizations and members, fed by its events."""

from datetime import date

import asyncpg

from common.events.identity import (
    MemberAddedV1,
    MemberRemovedV1,
    NetworkSettingsChangedV1,
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserBlockedV1,
    UserDeletedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from common.json import dumps_str, loads
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def _upsert_user(conn: asyncpg.Connection, network_id: int, user_id: int, email: str, given_name: str,
                       family_name: str) -> None:
    await conn.execute(
        "INSERT INTO directory_users (network_id, user_id, email, given_name, family_name) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (network_id, user_id) DO UPDATE SET email = EXCLUDED.email, given_name = EXCLUDED.given_name, "
        "family_name = EXCLUDED.family_name", network_id, user_id, email, given_name, family_name)


async def user_registered(uow: OfferingsUnitOfWork, event: UserRegisteredV1) -> None:
    conn = uow.conn
    await _upsert_user(conn, uow.tenant.id, event.user_id, event.email, event.given_name, event.family_name)


async def user_updated(uow: OfferingsUnitOfWork, event: UserUpdatedV1) -> None:
    conn = uow.conn
    await _upsert_user(conn, uow.tenant.id, event.user_id, event.email, event.given_name, event.family_name)
    await conn.execute(
        "UPDATE directory_users SET email_verified = $3, term_service_accepted = $4, registration_complete = $5, "
        "has_been_approved = $6 WHERE network_id = $1 AND user_id = $2", uow.tenant.id, event.user_id,
        event.email_verified, event.term_service_accepted, event.registration_complete, event.has_been_approved)
    await _set_block(conn, uow.tenant.id, event.user_id, event.blocked, event.blocked_until)


async def _set_block(conn: asyncpg.Connection, network_id: int, user_id: int, blocked: bool,
                     until: date | None) -> None:
    await conn.execute("UPDATE directory_users SET blocked = $3, blocked_until = $4 WHERE network_id = $1 "
                       "AND user_id = $2", network_id, user_id, blocked, until if blocked else None)


async def user_blocked(uow: OfferingsUnitOfWork, event: UserBlockedV1) -> None:
    conn = uow.conn
    await _set_block(conn, uow.tenant.id, event.user_id, True, event.until)


async def user_deleted(uow: OfferingsUnitOfWork, event: UserDeletedV1) -> None:
    await _set_block(uow.conn, uow.tenant.id, event.user_id, True, None)


async def network_settings_changed(uow: OfferingsUnitOfWork, event: NetworkSettingsChangedV1) -> None:
    conn = uow.conn
    await conn.execute("INSERT INTO directory_networks (network_id, settings) VALUES ($1, $2::jsonb) "
                       "ON CONFLICT (network_id) DO UPDATE SET settings = EXCLUDED.settings",
                       uow.tenant.id, dumps_str(event.settings))


async def _upsert_organization(conn: asyncpg.Connection, network_id: int, organization_id: int, name: str,
                               stage: int) -> None:
    await conn.execute(
        "INSERT INTO directory_organizations (network_id, organization_id, display_name, life_cycle_stage) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (network_id, organization_id) DO UPDATE SET "
        "display_name = EXCLUDED.display_name, life_cycle_stage = EXCLUDED.life_cycle_stage",
        network_id, organization_id, name, stage)


async def organization_created(uow: OfferingsUnitOfWork, event: OrganizationCreatedV1) -> None:
    conn = uow.conn
    await _upsert_organization(conn, uow.tenant.id, event.organization_id, event.display_name, 0)


async def organization_updated(uow: OfferingsUnitOfWork, event: OrganizationUpdatedV1) -> None:
    conn = uow.conn
    await _upsert_organization(conn, uow.tenant.id, event.organization_id, event.display_name,
                               event.life_cycle_stage)


async def member_added(uow: OfferingsUnitOfWork, event: MemberAddedV1) -> None:
    conn = uow.conn
    await conn.execute(
        "INSERT INTO directory_members (network_id, organization_id, user_id, member_type) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (organization_id, user_id) DO UPDATE SET member_type = EXCLUDED.member_type",
        uow.tenant.id, event.organization_id, event.user_id, event.member_type)


async def member_removed(uow: OfferingsUnitOfWork, event: MemberRemovedV1) -> None:
    conn = uow.conn
    await conn.execute("DELETE FROM directory_members WHERE organization_id = $1 AND user_id = $2",
                       event.organization_id, event.user_id)


async def is_member(conn: asyncpg.Connection, organization_id: int, user_id: int | None) -> bool:
    if user_id is None:
        return False
    return await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM directory_members WHERE organization_id = $1 AND user_id = $2)",
        organization_id, user_id)


async def organization_name(conn: asyncpg.Connection, network_id: int, organization_id: int) -> str | None:
    return await conn.fetchval(
        "SELECT display_name FROM directory_organizations WHERE network_id = $1 AND organization_id = $2",
        network_id, organization_id)


PUBLIC_ORGANIZATION_STAGES = (3, 4, 5)  # Approved, Restricted, Published (identity's rule)


async def organization_is_public(conn: asyncpg.Connection, network_id: int, organization_id: int) -> bool:
    stage = await conn.fetchval("SELECT life_cycle_stage FROM directory_organizations "
                                "WHERE network_id = $1 AND organization_id = $2", network_id, organization_id)
    return stage in PUBLIC_ORGANIZATION_STAGES


ONBOARDING_FLAGS = ("term_service_accepted", "email_verified", "registration_complete", "has_been_approved")


async def network_settings(conn: asyncpg.Connection, network_id: int) -> dict:
    settings = await conn.fetchval("SELECT settings::text FROM directory_networks WHERE network_id = $1", network_id)
    return loads(settings) if settings else {}


async def is_blocked(conn: asyncpg.Connection, network_id: int, user_id: int, today: date) -> bool:
    """Blocked as identity last told us, the way identity reads it: until ``blocked_until``."""
    return await conn.fetchval(
        "SELECT blocked AND (blocked_until IS NULL OR blocked_until > $3) FROM directory_users "
        "WHERE network_id = $1 AND user_id = $2", network_id, user_id, today) or False


async def missing_onboarding(conn: asyncpg.Connection, network_id: int, user_id: int, required: list[str]) -> list[str]:
    """The required onboarding steps the user has not passed (as identity last told us)."""
    wanted = [flag for flag in ONBOARDING_FLAGS if flag in required]
    if not wanted:
        return []
    row = await conn.fetchrow(f"SELECT {', '.join(wanted)} FROM directory_users WHERE network_id = $1 AND user_id = $2",
                              network_id, user_id)
    return [flag for flag in wanted if row is None or not row[flag]]
