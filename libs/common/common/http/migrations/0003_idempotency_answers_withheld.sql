-- An answer that carried a credential (a session token) is never kept, only that it succeeded,
-- so a replay is refused instead of handing the token out again.
ALTER TABLE idempotency_keys ADD COLUMN withheld boolean NOT NULL DEFAULT false;
-- answers kept before this rule that carry a token are dropped
DELETE FROM idempotency_keys WHERE position(convert_to('"token"', 'UTF8') IN body) > 0;
