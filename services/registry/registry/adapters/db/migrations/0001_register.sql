-- The capitalization register, its change log, the issuances made on settlement, and read
-- models of identity's users and organizations (for names).

CREATE TABLE capitalizations (
    id bigserial PRIMARY KEY,
    network_id bigint NOT NULL,
    organization_id bigint NOT NULL,
    capitalization_type smallint NOT NULL,
    life_cycle_stage smallint NOT NULL,
    number_of_shares bigint NOT NULL CHECK (number_of_shares >= 0),
    price_per_share numeric(19, 4) NOT NULL CHECK (price_per_share >= 0),
    number_of_shares_at_acquisition bigint NOT NULL CHECK (number_of_shares_at_acquisition >= 0),
    price_per_share_at_acquisition numeric(19, 4) NOT NULL,
    transaction_cost numeric(19, 2) NOT NULL DEFAULT 0,
    owner_id bigint,
    author_id bigint,
    parent_id bigint REFERENCES capitalizations (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX capitalizations_organization ON capitalizations (network_id, organization_id, id);
CREATE INDEX capitalizations_owner ON capitalizations (network_id, owner_id, id);
CREATE INDEX capitalizations_parent ON capitalizations (parent_id);

CREATE TABLE capitalization_changes (
    id bigserial PRIMARY KEY,
    network_id bigint NOT NULL,
    capitalization_id bigint NOT NULL REFERENCES capitalizations (id),
    operation smallint NOT NULL,
    changed_by bigint,  -- null: the register itself (an issuance on settlement)
    changed_at timestamptz NOT NULL DEFAULT now(),
    before jsonb,       -- null on creation
    after jsonb NOT NULL
);
CREATE INDEX capitalization_changes_of ON capitalization_changes (capitalization_id, id);

-- one row per settled investment: the register issues for an investment once, whatever
-- delivers its event (a redelivery, a duplicate with another event id)
CREATE TABLE issuances (
    network_id bigint NOT NULL,
    investment_id bigint NOT NULL,
    offering_id bigint NOT NULL,
    source_id bigint,
    capitalization_id bigint REFERENCES capitalizations (id),
    number_of_shares bigint NOT NULL,
    remainder numeric(19, 2) NOT NULL DEFAULT 0,
    refused text,       -- why nothing was issued (no such capitalization, too few shares)
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network_id, investment_id)
);

CREATE TABLE directory_users (
    network_id bigint NOT NULL,
    user_id bigint NOT NULL,
    full_name text NOT NULL DEFAULT '',
    PRIMARY KEY (network_id, user_id)
);

CREATE TABLE directory_organizations (
    network_id bigint NOT NULL,
    organization_id bigint NOT NULL,
    display_name text NOT NULL DEFAULT '',
    PRIMARY KEY (network_id, organization_id)
);
