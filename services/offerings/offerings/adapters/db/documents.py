"""Documents as stored. A withdrawn one stays for audit and is left out of every view."""

from typing import Any

import asyncpg

COLUMNS = ("id, owner_object, owner_id, user_id, file_name, url, file_type, file_alias, file_description, group_id, "
           "document_group, source_type, tag, life_cycle_stage, created_at, updated_at")
WITHDRAWN = 3


async def of_owners(conn: asyncpg.Connection, network_id: int, owner_object: str,
                    owner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The documents of each owner, oldest first, in one query."""
    rows = await conn.fetch(
        f"SELECT {COLUMNS} FROM documents WHERE network_id = $1 AND owner_object = $2 AND owner_id = ANY($3) "
        f"AND life_cycle_stage <> $4 ORDER BY owner_id, id", network_id, owner_object, owner_ids, WITHDRAWN)
    documents: dict[int, list[dict[str, Any]]] = {owner_id: [] for owner_id in owner_ids}
    for row in rows:
        documents[row["owner_id"]].append(dict(row))
    return documents


async def of_owner(conn: asyncpg.Connection, network_id: int, owner_object: str, owner_id: int) -> list[dict[str, Any]]:
    return (await of_owners(conn, network_id, owner_object, [owner_id]))[owner_id]
