-- The ledger: accounts and immutable transfers (double entry, one debit and one credit account
-- per transfer). An account row holds its derived figures (balance: posted credits - posted
-- debits; committed: pending debits), changed only in the transaction that inserts a transfer,
-- under the account row's lock. `cvctl ledger check` recomputes them from the transfers.
CREATE TABLE accounts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id   bigint        NOT NULL,
    code         text          NOT NULL,          -- 'wallet', 'external', 'offering:<id>'
    user_id      bigint,                          -- a wallet's owner
    currency     char(3)       NOT NULL,
    balance      numeric(20,2) NOT NULL DEFAULT 0,
    committed    numeric(20,2) NOT NULL DEFAULT 0,
    no_negative  boolean       NOT NULL,          -- a wallet may not spend more than it holds
    created_at   timestamptz   NOT NULL DEFAULT now(),
    CHECK (NOT no_negative OR balance - committed >= 0)
);
CREATE UNIQUE INDEX counter_accounts ON accounts (network_id, code, currency) WHERE user_id IS NULL;
CREATE INDEX wallets_of_user ON accounts (network_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE transfers (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint        NOT NULL,
    transfer_key       text          NOT NULL,    -- chosen by the poster: a retried posting is recognised
    debit_account_id   bigint        NOT NULL REFERENCES accounts (id),
    credit_account_id  bigint        NOT NULL REFERENCES accounts (id),
    amount             numeric(20,2) NOT NULL CHECK (amount > 0),
    kind               smallint      NOT NULL,    -- payments.domain.ledger.TransferKind
    pending_id         bigint        REFERENCES transfers (id),
    created_at         timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (network_id, transfer_key),
    UNIQUE (pending_id),                          -- a pending transfer is posted or voided once
    CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX transfers_debit ON transfers (debit_account_id);
CREATE INDEX transfers_credit ON transfers (credit_account_id);

CREATE FUNCTION transfers_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger transfers are append-only: a correction is a new transfer';
END $$;
CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
    FOR EACH ROW EXECUTE FUNCTION transfers_are_immutable();

-- Read models fed by offerings' events: which organization manages an offering, and who
-- invested how much (settled investments are the ones payouts and stats count).
CREATE TABLE known_offerings (
    network_id       bigint NOT NULL,
    offering_id      bigint NOT NULL,
    organization_id  bigint NOT NULL,
    PRIMARY KEY (network_id, offering_id)
);

CREATE TABLE known_investments (
    network_id         bigint        NOT NULL,
    investment_id      bigint        NOT NULL,
    offering_id        bigint        NOT NULL,
    user_id            bigint        NOT NULL,
    investment_amount  numeric(20,2) NOT NULL,
    life_cycle_stage   smallint      NOT NULL,   -- offerings' stage, as its last event said
    settled            boolean       NOT NULL DEFAULT false,
    PRIMARY KEY (network_id, investment_id)
);
CREATE INDEX known_investments_of_offering ON known_investments (network_id, offering_id);
CREATE INDEX known_investments_of_user ON known_investments (network_id, user_id);

CREATE TABLE payouts (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id             bigint        NOT NULL,
    offering_id            bigint        NOT NULL,
    investment_id          bigint,
    user_id                bigint,
    parent_payout_id       bigint REFERENCES payouts (id),   -- the offering payout a distribution split
    currency               char(3)       NOT NULL,
    due_date               timestamptz,
    payout_amount          numeric(20,2) NOT NULL,
    payout_type            smallint      NOT NULL,
    minimum_payment        numeric(20,2),
    additional_type        text          NOT NULL DEFAULT '',
    charge_offs            numeric(20,2) NOT NULL DEFAULT 0,
    late_fee               numeric(20,2) NOT NULL DEFAULT 0,
    net_annualized_return  numeric(12,6),
    net_recoveries         numeric(20,2) NOT NULL DEFAULT 0,
    service_charge         numeric(20,2) NOT NULL DEFAULT 0,
    custom                 jsonb         NOT NULL DEFAULT '{}',
    transactions_paid      integer       NOT NULL DEFAULT 0,
    paid_at                timestamptz,
    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (parent_payout_id, investment_id)
);
CREATE INDEX payouts_of_offering ON payouts (network_id, offering_id);
CREATE INDEX payouts_of_investment ON payouts (network_id, investment_id);
CREATE INDEX payouts_of_user ON payouts (network_id, user_id);

CREATE TABLE transactions (
    id                             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id                     bigint        NOT NULL,
    wallet_id                      bigint        NOT NULL REFERENCES accounts (id),
    user_id                        bigint        NOT NULL,
    transaction_amount             numeric(20,2) NOT NULL,   -- > 0 credits the wallet, < 0 debits it
    transaction_currency           char(3)       NOT NULL,
    transaction_description        text          NOT NULL DEFAULT '',
    payment_status                 smallint      NOT NULL,
    payment_service                smallint      NOT NULL,
    payout_id                      bigint REFERENCES payouts (id),
    original_transaction_amount    numeric(20,2),
    original_transaction_currency  char(3),
    payment_service_log_id         text          NOT NULL DEFAULT '',
    confirmation_number            text          NOT NULL DEFAULT '',
    custom                         jsonb         NOT NULL DEFAULT '{}',
    created_at                     timestamptz   NOT NULL DEFAULT now(),
    updated_at                     timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX transactions_of_wallet ON transactions (wallet_id);
CREATE INDEX transactions_of_payout ON transactions (payout_id);

-- The payment workers' durable queue: a job is taken with FOR UPDATE SKIP LOCKED and marked
-- done in the transaction of its effect, so it is acknowledged only once its effect commits.
CREATE TABLE jobs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id  bigint      NOT NULL,
    network     text        NOT NULL,
    kind        text        NOT NULL,
    job_key     text        NOT NULL UNIQUE,     -- enqueuing the same work twice is one job
    payload     jsonb       NOT NULL,
    state       smallint    NOT NULL,            -- payments.domain.jobs.JobState
    attempts    integer     NOT NULL DEFAULT 0,
    run_after   timestamptz NOT NULL DEFAULT now(),
    last_error  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz
);
CREATE INDEX jobs_ready ON jobs (state, run_after);
