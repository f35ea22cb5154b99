-- Housekeeping prunes idempotency keys past their 24 hours.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
