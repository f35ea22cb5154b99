-- Investments, and per offering and user how many counted (Approved or Settled) investments
-- there are, so that investor_count is kept without scanning.
CREATE TABLE investments (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint        NOT NULL,
    offering_id        bigint        NOT NULL REFERENCES offerings (id),
    user_id            bigint        NOT NULL,
    investment_amount  numeric(20,2) NOT NULL DEFAULT 0 CHECK (investment_amount >= 0),
    number_of_shares   bigint,
    interest_rate      numeric(9,4),
    term               integer,
    visibility         smallint      NOT NULL DEFAULT 0 CHECK (visibility IN (0, 1, 2)),
    life_cycle_stage   smallint      NOT NULL DEFAULT 0 CHECK (life_cycle_stage BETWEEN 0 AND 4),
    custom             jsonb         NOT NULL DEFAULT '{}',
    settled_at         timestamptz,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX investments_of_offering ON investments (offering_id, life_cycle_stage);
CREATE INDEX investments_of_user ON investments (network_id, user_id);

CREATE TABLE offering_investors (
    offering_id  bigint  NOT NULL REFERENCES offerings (id),
    user_id      bigint  NOT NULL,
    counted      integer NOT NULL CHECK (counted >= 0),
    PRIMARY KEY (offering_id, user_id)
);
