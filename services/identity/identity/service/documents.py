"""Users' and organizations' documents, kept from the offerings service's document events."""

from typing import Any

import asyncpg

from common.events.offerings import DocumentAddedV1, DocumentWithdrawnV1
from common.json import dumps_str, loads
from identity.service.unit_of_work import IdentityUnitOfWork

EMBEDDED_OWNERS = ("User", "Organization")


async def document_withdrawn(uow: IdentityUnitOfWork, event: DocumentWithdrawnV1) -> None:
    if event.owner_object in EMBEDDED_OWNERS:
        await uow.conn.execute("DELETE FROM owned_documents WHERE network_id = $1 AND document_id = $2",
                               uow.tenant.id, event.document_id)


async def document_added(uow: IdentityUnitOfWork, event: DocumentAddedV1) -> None:
    if event.owner_object not in EMBEDDED_OWNERS:
        return
    await uow.conn.execute(
        "INSERT INTO owned_documents (network_id, document_id, owner_object, owner_id, document) "
        "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (network_id, document_id) DO UPDATE SET document = EXCLUDED.document",
        uow.tenant.id, event.document_id, event.owner_object, event.owner_id, dumps_str(event.document))


async def documents_of(conn: asyncpg.Connection, network_id: int, owner_object: str,
                       owner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each owner's documents (an empty list for owners without any)."""
    rows = await conn.fetch("SELECT owner_id, document::text AS document FROM owned_documents WHERE network_id = $1 "
                            "AND owner_object = $2 AND owner_id = ANY($3) ORDER BY document_id",
                            network_id, owner_object, owner_ids)
    found: dict[int, list[dict[str, Any]]] = {owner_id: [] for owner_id in owner_ids}
    for row in rows:
        found[row["owner_id"]].append(loads(row["document"]))
    return found
