"""What cvctl relies on: networks created with a working admin, listed without secrets."""

import pytest

from common.testing.cvauth import encode_password
from identity.adapters.db import store
from identity.domain.passwords import verify_password
from identity.service import networks as networks


async def test_create_network_returns_keys_and_an_admin_who_can_log_in(identity):
    async with identity.pool.acquire() as conn:
        created = await networks.create_network(conn, "fresh-net", "Boss@Fresh.example", "long-password")
        network = await store.network_by_name(conn, "fresh-net")
        admin = await store.user_by_email(conn, network.id, "boss@fresh.example")
        events = await conn.fetch("SELECT routing_key FROM outbox WHERE envelope->>'network' = 'fresh-net'")
    assert set(created) == {"network", "api_key", "api_secret", "admin_user_id"}
    assert (created["api_key"], created["api_secret"]) == (network.api_key, network.api_secret)
    assert admin.id == created["admin_user_id"] and admin.is_admin
    assert admin.password_hash.startswith("$argon2id$")
    assert await verify_password(admin.password_hash, "long-password")
    assert {e["routing_key"] for e in events} == {"identity.network.created", "identity.user.registered"}
    assert encode_password("long-password", network.api_secret)  # the secret is usable by SDKs


@pytest.mark.parametrize(("name", "email", "password", "message"), [
    ("demo", "a@demo.example", "long-password", "already exists"),
    ("Bad Name", "a@x.example", "long-password", "invalid network name"),
    ("ok-name", "not-an-email", "long-password", "invalid admin email"),
    ("ok-name", "a@x.example", "short", "at least"),
])
async def test_create_network_refuses_bad_input(identity, name, email, password, message):
    async with identity.pool.acquire() as conn:
        with pytest.raises(networks.OperatorError, match=message):
            await networks.create_network(conn, name, email, password)


async def test_list_networks_has_no_secrets(identity):
    async with identity.pool.acquire() as conn:
        listed = await networks.list_networks(conn)
    assert {"demo", "other"} <= {n["name"] for n in listed}
    assert all(set(n) == {"name", "id", "api_key", "created_at"} for n in listed)
