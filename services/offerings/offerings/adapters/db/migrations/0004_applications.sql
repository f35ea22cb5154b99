-- Applications (Beta): preliminary asks and bids, promoted to offerings or investments later.
CREATE TABLE applications (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint        NOT NULL,
    user_id            bigint        NOT NULL,
    life_cycle_stage   smallint      NOT NULL CHECK (life_cycle_stage BETWEEN 0 AND 4),
    additional_type    text,
    code               text,
    description        text,
    funding_goal       numeric(20,2),
    interest_rate      numeric(9,4),
    investment_amount  numeric(20,2),
    number_of_shares   bigint,
    offering           bigint,
    organization       bigint,
    price_per_share    numeric(20,4),
    term               integer,
    custom             jsonb         NOT NULL DEFAULT '{}',
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX applications_listing ON applications (network_id, life_cycle_stage);
