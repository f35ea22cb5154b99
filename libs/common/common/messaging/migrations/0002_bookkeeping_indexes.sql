-- Housekeeping prunes published outbox rows and handled inbox entries by age.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX inbox_handled ON inbox (handled_at);
