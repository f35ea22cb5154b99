-- Organizations (companies, funds, institutional investors...) and their members.
CREATE TABLE organizations (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id        bigint      NOT NULL REFERENCES networks (id),
    display_name      text        NOT NULL,
    life_cycle_stage  smallint    NOT NULL DEFAULT 0 CHECK (life_cycle_stage BETWEEN 0 AND 7),
    visibility        smallint    NOT NULL DEFAULT 0 CHECK (visibility IN (0, 1, 2)),
    contact_point     bigint      NOT NULL REFERENCES users (id),
    user_id           bigint      NOT NULL REFERENCES users (id),  -- who created it
    profile           jsonb       NOT NULL DEFAULT '{}',  -- the document's other editable fields
    address           jsonb       NOT NULL DEFAULT '{}',
    custom            jsonb       NOT NULL DEFAULT '{}',
    submitted_at      timestamptz,
    approved_at       timestamptz,
    canceled_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_listing ON organizations (network_id, life_cycle_stage, visibility);

CREATE TABLE organization_members (
    organization_id  bigint      NOT NULL REFERENCES organizations (id),
    user_id          bigint      NOT NULL REFERENCES users (id),
    member_type      text        NOT NULL CHECK (member_type IN ('author', 'member')),
    status           boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_of_user ON organization_members (user_id);
