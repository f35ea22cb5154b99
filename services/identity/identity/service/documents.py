"""Users' and organizations' documents, kept from the offerings service's document events."""

from common.events.offerings import DocumentAddedV1, DocumentWithdrawnV1
from identity.service.unit_of_work import IdentityUnitOfWork

EMBEDDED_OWNERS = ("User", "Organization")


async def document_withdrawn(uow: IdentityUnitOfWork, event: DocumentWithdrawnV1) -> None:
    if event.owner_object in EMBEDDED_OWNERS:
        await uow.documents.withdraw(uow.tenant.id, event.document_id)


async def document_added(uow: IdentityUnitOfWork, event: DocumentAddedV1) -> None:
    if event.owner_object in EMBEDDED_OWNERS:
        await uow.documents.put(uow.tenant.id, event.document_id, event.owner_object, event.owner_id, event.document)
