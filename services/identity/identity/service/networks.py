"""What `cvctl` does with networks: create one with its first admin, list them."""

import secrets
from typing import Any

import asyncpg
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from common.endpoints import NETWORK_NAME
from common.events.identity import NetworkCreatedV1, NetworkSettingsChangedV1, UserRegisteredV1
from common.http.requests import Flag
from common.json import dumps_str
from common.messaging import EventEnvelope, record_event
from identity.adapters.db import store
from identity.domain.frontends import frontend_origin
from identity.domain.passwords import MIN_PASSWORD_LENGTH, hash_password
from identity.service.sessions import change_password


class OperatorError(Exception):
    pass


class FrontEndSettings(BaseModel):
    """The settings a network's admins change themselves (PATCH /admin/settings), with their
    defaults; the operator sets them with cvctl too."""

    model_config = ConfigDict(extra="forbid")
    frontend_urls: list[str] = []  # the origins mailed links may point at; none: no link is mailed
    user_self_approval: Flag = True  # POST /self/approveUser allowed

    @field_validator("frontend_urls")
    @classmethod
    def _origins(cls, urls: list[str]) -> list[str]:
        origins = [frontend_origin(url) for url in urls]
        refused = [url for url, origin in zip(urls, origins, strict=True) if origin is None]
        if refused:
            raise ValueError(f"Not an https origin (http only for localhost), without path: {', '.join(refused)}")
        return list(dict.fromkeys(origins))


def checked_front_end_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with the front-end settings among them checked and normalized."""
    given = {key: value for key, value in settings.items() if key in FrontEndSettings.model_fields}
    try:
        checked = FrontEndSettings.model_validate(given).model_dump(include=set(given))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise OperatorError(f"invalid settings: {problems}") from None
    return settings | checked


def _check(name: str, admin_email: str, admin_password: str) -> str:
    if not NETWORK_NAME.fullmatch(name):
        raise OperatorError(f"invalid network name {name!r}: 2-63 lowercase letters, digits or '-'")
    if len(admin_password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"the admin password needs at least {MIN_PASSWORD_LENGTH} characters")
    try:
        return validate_email(admin_email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise OperatorError(f"invalid admin email: {exc}") from None


async def create_network(conn: asyncpg.Connection, name: str, admin_email: str, admin_password: str,
                         cors_origins: tuple[str, ...] = (), frontend_urls: tuple[str, ...] = ()) -> dict[str, Any]:
    email = _check(name, admin_email, admin_password)
    settings = checked_front_end_settings({"frontend_urls": list(frontend_urls)}) if frontend_urls else {}
    password_hash = await hash_password(admin_password)
    api_key, api_secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    async with conn.transaction():
        if await store.network_by_name(conn, name):
            raise OperatorError(f"network {name!r} already exists")
        network = await store.insert_network(conn, name, api_key, api_secret, list(cors_origins), settings)
        admin = await store.insert_user(conn, network.id, email, password_hash, is_admin=True)
        for event in (NetworkCreatedV1(network_id=network.id, name=name),
                      UserRegisteredV1(user_id=admin.id, email=email, is_admin=True)):
            await record_event(conn, EventEnvelope.wrap(event, name, network.id))
    return {"network": name, "api_key": api_key, "api_secret": api_secret, "admin_user_id": admin.id}


async def reset_admin_password(conn: asyncpg.Connection, name: str, admin_email: str,
                               new_password: str) -> dict[str, Any]:
    """Give a network's admin a new password (the demo seed, when its saved credentials are lost)."""
    network = await store.network_by_name(conn, name)
    admin = network and await store.user_by_email(conn, network.id, admin_email)
    if network is None or admin is None or not admin.is_admin:
        raise OperatorError(f"no admin {admin_email} in network {name!r}")
    await change_password(conn, network, admin.id, new_password)
    return {"network": name, "api_key": network.api_key, "api_secret": network.api_secret,
            "admin_user_id": admin.id}


async def list_networks(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    return [{"name": n.name, "id": n.id, "api_key": n.api_key, "created_at": n.created_at}
            for n in await store.list_networks(conn)]


PROVIDERS = {"facebook": ("client_id", "client_secret"), "linkedin": ("client_id", "client_secret"),
             "twitter": ("consumer_key", "consumer_secret", "callback_url")}  # GET .../twitter/link takes no redirect_uri


async def set_provider_credentials(conn: asyncpg.Connection, name: str, provider: str,
                                   credentials: dict[str, Any]) -> dict[str, Any]:
    """Store a network's app credentials for a social provider; answer them without the secret."""
    required = PROVIDERS.get(provider)
    if required is None:
        raise OperatorError(f"unknown provider {provider!r}; one of {', '.join(PROVIDERS)}")
    missing = [key for key in required if not credentials.get(key)]
    if missing:
        raise OperatorError(f"{provider} credentials need {', '.join(missing)}")
    result = await conn.execute(
        "UPDATE networks SET provider_credentials = provider_credentials || jsonb_build_object($2::text, $3::jsonb) "
        "WHERE name = $1", name, provider, dumps_str(credentials))
    if result == "UPDATE 0":
        raise OperatorError(f"no network {name!r}")
    return {"network": name, "provider": provider} | {k: v for k, v in credentials.items() if "secret" not in k}


async def set_settings(conn: asyncpg.Connection, name: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Merge ``settings`` into the network's and tell the other contexts the result."""
    settings = checked_front_end_settings(settings)
    async with conn.transaction():
        merged = await conn.fetchval(
            "UPDATE networks SET settings = settings || $2::jsonb WHERE name = $1 RETURNING settings::text",
            name, dumps_str(settings))
        if merged is None:
            raise OperatorError(f"no network {name!r}")
        network = await store.network_by_name(conn, name)
        event = NetworkSettingsChangedV1(settings=network.settings)
        await record_event(conn, EventEnvelope.wrap(event, name, network.id))
    return network.settings
