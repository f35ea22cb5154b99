"""The gateway's cache of verified credentials and what drops them."""

from common.http.credentials_changed import format_user_ids, parse_user_ids
from common.http.principal import Principal
from gateway.caches import CredentialCache

ADA = Principal(network="demo", network_id=1, user_id=7)


def test_a_users_entries_go_when_the_user_is_evicted():
    cache = CredentialCache(max_seconds=30)
    cache.put("token-a", ADA, 10, cache.evictions)
    cache.evict_user("demo", 7)
    assert cache.get("token-a") is None


def test_a_verification_that_overlapped_an_eviction_is_not_cached():
    cache = CredentialCache(max_seconds=30)
    evictions_before = cache.evictions  # verification starts
    cache.evict_user("demo", 7)  # a block lands while identity is answering
    cache.put("token-a", ADA, 10, evictions_before)
    assert cache.get("token-a") is None


def test_the_changed_users_header_round_trips_and_ignores_junk():
    assert parse_user_ids(format_user_ids({12, 3})) == [3, 12]
    assert parse_user_ids("5, x,²,-1,") == [5]
