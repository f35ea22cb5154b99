-- Documents of every owner (references: URL and metadata); withdrawn ones stay for audit.
CREATE TABLE documents (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id        bigint      NOT NULL,
    owner_object      text        NOT NULL CHECK (owner_object IN ('User', 'Organization', 'Offering', 'Investment', 'DealRoom')),
    owner_id          bigint      NOT NULL,
    user_id           bigint      NOT NULL,  -- who added it
    file_name         text,
    url               text        NOT NULL,
    file_type         text,
    file_alias        text,
    file_description  text,
    group_id          bigint,
    document_group    text,
    source_type       smallint    NOT NULL DEFAULT 1 CHECK (source_type IN (0, 1)),
    tag               text,
    life_cycle_stage  smallint    NOT NULL DEFAULT 0 CHECK (life_cycle_stage BETWEEN 0 AND 3),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_of_owner ON documents (network_id, owner_object, owner_id, id);

ALTER TABLE directory_organizations ADD COLUMN life_cycle_stage smallint NOT NULL DEFAULT 0;
