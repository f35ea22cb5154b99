-- Users' blocks, from identity's events: a blocked user never invests, even with a
-- principal signed before the block reached the gateway.
ALTER TABLE directory_users
    ADD COLUMN blocked       boolean NOT NULL DEFAULT false,
    ADD COLUMN blocked_until date;
