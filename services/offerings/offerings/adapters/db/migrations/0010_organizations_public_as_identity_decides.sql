-- Whether an organization is public is identity's decision (it also keeps Hidden ones private):
-- offerings stores it as identity's events tell it instead of deriving it from the stage. Until
-- identity's next event about an organization, it keeps the answer offerings gave before
-- (Approved, Restricted or Published).
ALTER TABLE directory_organizations ADD COLUMN is_public boolean NOT NULL DEFAULT false;
UPDATE directory_organizations SET is_public = life_cycle_stage IN (3, 4, 5);
ALTER TABLE directory_organizations DROP COLUMN life_cycle_stage;
