-- Read models fed by identity's events (users, organizations, members), and offerings with
-- their figures kept current in the transaction of each investment change.
CREATE TABLE directory_users (
    network_id   bigint NOT NULL,
    user_id      bigint NOT NULL,
    email        text   NOT NULL DEFAULT '',
    given_name   text   NOT NULL DEFAULT '',
    family_name  text   NOT NULL DEFAULT '',
    PRIMARY KEY (network_id, user_id)
);

CREATE TABLE directory_organizations (
    network_id       bigint NOT NULL,
    organization_id  bigint NOT NULL,
    display_name     text   NOT NULL DEFAULT '',
    PRIMARY KEY (network_id, organization_id)
);

CREATE TABLE directory_members (
    network_id       bigint NOT NULL,
    organization_id  bigint NOT NULL,
    user_id          bigint NOT NULL,
    member_type      text   NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX directory_members_of_user ON directory_members (network_id, user_id);

CREATE TABLE offerings (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id              bigint        NOT NULL,
    organization_id         bigint        NOT NULL,
    user_id                 bigint        NOT NULL,  -- who created it
    name                    text,
    life_cycle_stage        smallint      NOT NULL DEFAULT 0 CHECK (life_cycle_stage BETWEEN 0 AND 9),
    is_featured             boolean       NOT NULL DEFAULT false,
    is_secondary_offering   boolean       NOT NULL DEFAULT false,
    funding_goal            numeric(20,2) NOT NULL CHECK (funding_goal >= 0),
    currency                text,
    min_commitment          numeric(20,2) CHECK (min_commitment >= 0),
    max_commitment          numeric(20,2) CHECK (max_commitment >= 0),
    max_overfunding_amount  numeric(20,2) CHECK (max_overfunding_amount >= 0),
    external_commitments    numeric(20,2) NOT NULL DEFAULT 0,
    valuation               numeric(20,2),
    price_per_share         numeric(20,4),
    num_of_shares           bigint,
    equity_offered          numeric(9,4),
    interest_rate           numeric(9,4),
    term                    integer,
    open_date               date,
    close_date              date,
    profile                 jsonb         NOT NULL DEFAULT '{}',  -- the other documented fields
    custom                  jsonb         NOT NULL DEFAULT '{}',
    invested                numeric(20,2) NOT NULL DEFAULT 0,  -- Approved and Settled investments
    investment_count        integer       NOT NULL DEFAULT 0,
    investor_count          integer       NOT NULL DEFAULT 0,
    published_at            timestamptz,
    settled_at              timestamptz,
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX offerings_listing ON offerings (network_id, life_cycle_stage);
CREATE INDEX offerings_of_organization ON offerings (organization_id);
