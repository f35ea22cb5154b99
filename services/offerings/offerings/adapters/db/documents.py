"""The documents repository. A withdrawn document stays for audit; only its stage changes."""

from typing import Any

import asyncpg

from offerings.domain.documents import ReviewStage

COLUMNS = ("id, owner_object, owner_id, user_id, file_name, url, file_type, file_alias, file_description, group_id, "
           "document_group, source_type, tag, life_cycle_stage, created_at, updated_at")
ADDED_FIELDS = ("file_name", "url", "file_type", "file_alias", "file_description", "group_id", "source_type", "tag")


class DocumentRepository:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def add(self, owner_object: str, owner_id: int, user_id: int | None, given: dict[str, Any]) -> dict[str, Any]:
        names = [name for name in ADDED_FIELDS if name in given]
        placeholders = "".join(f", ${i}" for i in range(5, len(names) + 5))
        row = await self._conn.fetchrow(
            f"INSERT INTO documents (network_id, owner_object, owner_id, user_id{''.join(', ' + n for n in names)}) "
            f"VALUES ($1, $2, $3, $4{placeholders}) RETURNING {COLUMNS}",
            self._network_id, owner_object, owner_id, user_id, *(given[n] for n in names))
        return dict(row)

    async def get(self, document_id: int) -> dict[str, Any] | None:
        """The document unless it was withdrawn."""
        row = await self._conn.fetchrow(f"SELECT {COLUMNS} FROM documents WHERE network_id = $1 AND id = $2 "
                                        f"AND life_cycle_stage <> $3", self._network_id, document_id,
                                        ReviewStage.WITHDRAWN)
        return dict(row) if row else None

    async def withdraw(self, document_id: int) -> dict[str, Any]:
        row = await self._conn.fetchrow(f"UPDATE documents SET life_cycle_stage = $2, updated_at = now() WHERE id = $1 "
                                        f"RETURNING {COLUMNS}", document_id, ReviewStage.WITHDRAWN)
        return dict(row)
