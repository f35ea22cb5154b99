"""What cvctl relies on: networks created with a working admin, listed without secrets."""

import pytest

from common.testing.cvauth import encode_password
from identity.domain.passwords import verify_password
from identity.service import networks as networks


async def test_create_network_returns_keys_and_an_admin_who_can_log_in(identity):
    async with identity.operator() as uow:
        created = await networks.create_network(uow, "fresh-net", "Boss@Fresh.example", "long-password")
        await uow.commit()
    async with identity.operator() as uow:
        network = await uow.networks.by_name("fresh-net")
        admin = await uow.users.by_email(network.id, "boss@fresh.example")
    async with identity.pool.acquire() as conn:
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
    async with identity.operator() as uow:
        with pytest.raises(networks.OperatorError, match=message):
            await networks.create_network(uow, name, email, password)


async def test_list_networks_has_no_secrets(identity):
    async with identity.operator() as uow:
        listed = await networks.list_networks(uow)
    assert {"demo", "other"} <= {n["name"] for n in listed}
    assert all(set(n) == {"name", "id", "api_key", "created_at"} for n in listed)
