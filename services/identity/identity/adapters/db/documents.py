"""Users' and organizations' documents, kept as the offerings service announces them (a read model)."""

from typing import Any

import asyncpg

from common.json import dumps_str, loads


class OwnedDocuments:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def put(self, network_id: int, document_id: int, owner_object: str, owner_id: int,
                  document: dict[str, Any]) -> None:
        await self._conn.execute(
            "INSERT INTO owned_documents (network_id, document_id, owner_object, owner_id, document) "
            "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (network_id, document_id) DO UPDATE SET document = "
            "EXCLUDED.document", network_id, document_id, owner_object, owner_id, dumps_str(document))

    async def withdraw(self, network_id: int, document_id: int) -> None:
        await self._conn.execute("DELETE FROM owned_documents WHERE network_id = $1 AND document_id = $2",
                                 network_id, document_id)

    async def of_owners(self, network_id: int, owner_object: str, owner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """Each owner's documents (an empty list for owners without any), in one query."""
        rows = await self._conn.fetch(
            "SELECT owner_id, document::text AS document FROM owned_documents WHERE network_id = $1 "
            "AND owner_object = $2 AND owner_id = ANY($3) ORDER BY document_id", network_id, owner_object, owner_ids)
        found: dict[int, list[dict[str, Any]]] = {owner_id: [] for owner_id in owner_ids}
        for row in rows:
            found[row["owner_id"]].append(loads(row["document"]))
        return found
