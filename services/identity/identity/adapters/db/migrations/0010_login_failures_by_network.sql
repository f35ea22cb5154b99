-- Wrong passwords of a whole network (its API key) in the last minute, for the network's budget.
CREATE INDEX login_failures_by_network ON login_failures (network_id, failed_at);
