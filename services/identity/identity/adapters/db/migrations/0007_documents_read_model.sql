-- The documents of users and organizations, as the offerings service announces them.
CREATE TABLE owned_documents (
    network_id    bigint      NOT NULL,
    document_id   bigint      NOT NULL,
    owner_object  text        NOT NULL,
    owner_id      bigint      NOT NULL,
    document      jsonb       NOT NULL,
    PRIMARY KEY (network_id, document_id)
);
CREATE INDEX owned_documents_of_owner ON owned_documents (network_id, owner_object, owner_id, document_id);
