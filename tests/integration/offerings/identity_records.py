"""Identity's own records, made to hold what the identity events a test feeds to offerings say:
the real identity service then answers offerings' decisions (its facts endpoint) from them. Each
event is written as identity itself would have left its tables (users and organizations keep the
ids the test names)."""

from typing import Any

import asyncpg

from common.events import identity as events
from common.json import dumps_str
from common.vocabulary import Visibility

BLOCKED, ACTIVE = "blocked", "active"


async def record(conn: asyncpg.Connection, network_id: int, event: Any) -> None:
    """Identity's tables as they stand once identity has done what ``event`` tells."""
    match event:
        case events.UserRegisteredV1():
            await _user(conn, network_id, event.user_id)
        case events.UserUpdatedV1():
            await _user(conn, network_id, event.user_id)
            await conn.execute(
                "UPDATE users SET email_verified = $2, term_service_accepted = $3, registration_complete = $4, "
                "has_been_approved = $5, status = $6, blocked_until = $7 WHERE id = $1", event.user_id,
                event.email_verified, event.term_service_accepted, event.registration_complete, event.has_been_approved,
                BLOCKED if event.blocked else ACTIVE, event.blocked_until)
        case events.UserBlockedV1() | events.UserDeletedV1():
            await _user(conn, network_id, event.user_id)
            await conn.execute("UPDATE users SET status = $2, blocked_until = $3 WHERE id = $1", event.user_id, BLOCKED,
                               getattr(event, "until", None))
        case events.OrganizationCreatedV1():
            await _user(conn, network_id, event.contact_point)
            await conn.execute(
                "INSERT INTO organizations (id, network_id, display_name, contact_point, user_id) "
                "OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO NOTHING",
                event.organization_id, network_id, event.display_name, event.contact_point)
        case events.OrganizationUpdatedV1():  # identity's rule makes it public in a public stage unless Hidden
            await conn.execute("UPDATE organizations SET life_cycle_stage = $2, visibility = $3 WHERE id = $1",
                               event.organization_id, event.life_cycle_stage,
                               Visibility.OPEN if event.is_public else Visibility.HIDDEN)
        case events.MemberAddedV1():
            await _user(conn, network_id, event.user_id)
            await conn.execute(
                "INSERT INTO organization_members (organization_id, user_id, member_type) VALUES ($1, $2, $3) "
                "ON CONFLICT (organization_id, user_id) DO UPDATE SET member_type = EXCLUDED.member_type, status = true",
                event.organization_id, event.user_id, event.member_type)
        case events.MemberRemovedV1():
            await conn.execute("DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2",
                               event.organization_id, event.user_id)
        case events.NetworkSettingsChangedV1():
            await conn.execute("UPDATE networks SET settings = $2::jsonb WHERE id = $1", network_id,
                               dumps_str(event.settings))
        case _:
            raise TypeError(f"no record of {type(event).__name__}")


async def _user(conn: asyncpg.Connection, network_id: int, user_id: int) -> None:
    await conn.execute("INSERT INTO users (id, network_id, email) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3) "
                       "ON CONFLICT (id) DO NOTHING", user_id, network_id, f"user{user_id}@identity.test")
