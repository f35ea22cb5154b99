-- A one-time secret is bound to the address it was mailed to, and a user keeps the address a
-- mailed link last verified (social sign-in links an account by email only to that address).
-- Secrets from before carry no address and so never match again: their owners ask for a new link.
ALTER TABLE user_secrets ADD COLUMN email text;
ALTER TABLE users ADD COLUMN verified_email text;
