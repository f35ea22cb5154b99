"""The events the identity service consumes, each bound to its contract."""

from common.events.offerings import DocumentAddedV1, DocumentWithdrawnV1
from common.messaging.consumer import Handlers
from identity.service import documents

CONSUMES: Handlers = {
    DocumentAddedV1: documents.document_added,
    DocumentWithdrawnV1: documents.document_withdrawn,
}
