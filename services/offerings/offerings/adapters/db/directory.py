"""The directory: what identity's events told offerings of its users, organizations, members
and network settings, stored as told (identity decides; offerings does not derive)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from common.json import dumps_str, loads
from offerings.domain.directory import ONBOARDING_FLAGS, KnownUser


@dataclass(frozen=True)
class KnownOrganization:
    display_name: str
    is_public: bool  # identity's decision whether everyone may see it


class Directory:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def save_user(self, user_id: int, email: str, given_name: str, family_name: str) -> None:
        await self._conn.execute(
            "INSERT INTO directory_users (network_id, user_id, email, given_name, family_name) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (network_id, user_id) DO UPDATE SET email = EXCLUDED.email, "
            "given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name",
            self._network_id, user_id, email, given_name, family_name)

    async def save_onboarding(self, user_id: int, passed: dict[str, bool]) -> None:
        await self._conn.execute(
            "UPDATE directory_users SET email_verified = $3, term_service_accepted = $4, registration_complete = $5, "
            "has_been_approved = $6 WHERE network_id = $1 AND user_id = $2", self._network_id, user_id,
            passed["email_verified"], passed["term_service_accepted"], passed["registration_complete"],
            passed["has_been_approved"])

    async def save_block(self, user_id: int, blocked: bool, until: date | None) -> None:
        await self._conn.execute("UPDATE directory_users SET blocked = $3, blocked_until = $4 "
                                 "WHERE network_id = $1 AND user_id = $2", self._network_id, user_id, blocked, until)

    async def user(self, user_id: int | None) -> KnownUser:
        """The user as identity last told us (nothing known: not blocked, no step passed)."""
        row = await self._conn.fetchrow(
            f"SELECT blocked, blocked_until, {', '.join(ONBOARDING_FLAGS)} FROM directory_users "
            f"WHERE network_id = $1 AND user_id = $2", self._network_id, user_id)
        if row is None:
            return KnownUser()
        return KnownUser(row["blocked"], row["blocked_until"], frozenset(flag for flag in ONBOARDING_FLAGS if row[flag]))

    async def save_organization(self, organization_id: int, display_name: str, is_public: bool) -> None:
        await self._conn.execute(
            "INSERT INTO directory_organizations (network_id, organization_id, display_name, is_public) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (network_id, organization_id) DO UPDATE SET "
            "display_name = EXCLUDED.display_name, is_public = EXCLUDED.is_public",
            self._network_id, organization_id, display_name, is_public)

    async def organization(self, organization_id: int) -> KnownOrganization | None:
        row = await self._conn.fetchrow("SELECT display_name, is_public FROM directory_organizations "
                                        "WHERE network_id = $1 AND organization_id = $2",
                                        self._network_id, organization_id)
        return KnownOrganization(row["display_name"], row["is_public"]) if row else None

    async def save_member(self, organization_id: int, user_id: int, member_type: str) -> None:
        await self._conn.execute(
            "INSERT INTO directory_members (network_id, organization_id, user_id, member_type) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (organization_id, user_id) DO UPDATE SET member_type = EXCLUDED.member_type",
            self._network_id, organization_id, user_id, member_type)

    async def remove_member(self, organization_id: int, user_id: int) -> None:
        await self._conn.execute("DELETE FROM directory_members WHERE organization_id = $1 AND user_id = $2",
                                 organization_id, user_id)

    async def is_member(self, organization_id: int, user_id: int | None) -> bool:
        if user_id is None:
            return False
        return await self._conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM directory_members WHERE organization_id = $1 AND user_id = $2)",
            organization_id, user_id)

    async def save_network_settings(self, settings: dict[str, Any]) -> None:
        await self._conn.execute("INSERT INTO directory_networks (network_id, settings) VALUES ($1, $2::jsonb) "
                                 "ON CONFLICT (network_id) DO UPDATE SET settings = EXCLUDED.settings",
                                 self._network_id, dumps_str(settings))

    async def network_settings(self) -> dict[str, Any]:
        settings = await self._conn.fetchval("SELECT settings::text FROM directory_networks WHERE network_id = $1",
                                             self._network_id)
        return loads(settings) if settings else {}
