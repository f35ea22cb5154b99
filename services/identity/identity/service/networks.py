"""Networks: the one a request acts for, and what `cvctl` does with them (create one with its
first admin, list them, set their settings and provider apps)."""

import secrets
from typing import Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from common.endpoints import NETWORK_NAME
from common.errors import PlatformError
from common.events.identity import NetworkCreatedV1, NetworkSettingsChangedV1, UserRegisteredV1
from common.http.requests import Flag
from identity.domain.frontends import frontend_origin
from identity.domain.networks import Network
from identity.domain.passwords import MIN_PASSWORD_LENGTH, hash_password
from identity.service.sessions import change_password
from identity.service.unit_of_work import IdentityUnitOfWork


class OperatorError(Exception):
    pass


async def current(uow: IdentityUnitOfWork) -> Network:
    """The network the unit of work acts for (the path's, as the gateway signed it)."""
    network = await uow.networks.by_id(uow.tenant.id)
    if network is None:
        raise PlatformError.UNKNOWN_NETWORK.error()
    return network


async def named(uow: IdentityUnitOfWork, name: str) -> Network:
    """The network an operator names, which the unit of work then acts for."""
    network = await uow.networks.by_name(name)
    if network is None:
        raise OperatorError(f"no network {name!r}")
    uow.act_for(network)
    return network


OnboardingStep = Literal["term_service_accepted", "email_verified", "registration_complete", "has_been_approved"]


class AdminSettings(BaseModel):
    """The settings a network's admins change themselves (PATCH /admin/settings), with their
    defaults; the operator sets them with cvctl too."""

    model_config = ConfigDict(extra="forbid")
    frontend_urls: list[str] = []  # the origins mailed links may point at; none: no link is mailed
    user_self_approval: Flag = True  # POST /self/approveUser allowed
    investment_requirements: list[OnboardingStep] = []  # the steps a user must have passed to invest
    auto_approve_investments: Flag = True  # an investment asking for Approved is approved at once

    @field_validator("frontend_urls")
    @classmethod
    def _origins(cls, urls: list[str]) -> list[str]:
        origins = [frontend_origin(url) for url in urls]
        refused = [url for url, origin in zip(urls, origins, strict=True) if origin is None]
        if refused:
            raise ValueError(f"Not an https origin (http only for localhost), without path: {', '.join(refused)}")
        return list(dict.fromkeys(origins))


def checked_admin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with the front-end settings among them checked and normalized."""
    given = {key: value for key, value in settings.items() if key in AdminSettings.model_fields}
    try:
        checked = AdminSettings.model_validate(given).model_dump(include=set(given))
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


async def create_network(uow: IdentityUnitOfWork, name: str, admin_email: str, admin_password: str,
                         cors_origins: tuple[str, ...] = (), frontend_urls: tuple[str, ...] = ()) -> dict[str, Any]:
    email = _check(name, admin_email, admin_password)
    settings = checked_admin_settings({"frontend_urls": list(frontend_urls)}) if frontend_urls else {}
    password_hash = await hash_password(admin_password)
    api_key, api_secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    if await uow.networks.by_name(name):
        raise OperatorError(f"network {name!r} already exists")
    network = await uow.networks.add(name, api_key, api_secret, list(cors_origins), settings)
    uow.act_for(network)
    admin = await uow.users.add(network.id, email, password_hash, is_admin=True)
    uow.publish(NetworkCreatedV1(network_id=network.id, name=name))
    uow.publish(UserRegisteredV1(user_id=admin.id, email=email, is_admin=True))
    return {"network": name, "api_key": api_key, "api_secret": api_secret, "admin_user_id": admin.id}


async def reset_admin_password(uow: IdentityUnitOfWork, name: str, admin_email: str,
                               new_password: str) -> dict[str, Any]:
    """Give a network's admin a new password (the demo seed, when its saved credentials are lost)."""
    network = await uow.networks.by_name(name)
    admin = network and await uow.users.by_email(network.id, admin_email)
    if network is None or admin is None or not admin.is_admin:
        raise OperatorError(f"no admin {admin_email} in network {name!r}")
    uow.act_for(network)
    await change_password(uow, network, admin.id, new_password)
    return {"network": name, "api_key": network.api_key, "api_secret": network.api_secret,
            "admin_user_id": admin.id}


async def list_networks(uow: IdentityUnitOfWork) -> list[dict[str, Any]]:
    return [{"name": n.name, "id": n.id, "api_key": n.api_key, "created_at": n.created_at}
            for n in await uow.networks.all()]


PROVIDERS = {"facebook": ("client_id", "client_secret"), "linkedin": ("client_id", "client_secret"),
             "twitter": ("consumer_key", "consumer_secret", "callback_url")}  # GET .../twitter/link takes no redirect_uri


async def set_provider_credentials(uow: IdentityUnitOfWork, name: str, provider: str,
                                   credentials: dict[str, Any]) -> dict[str, Any]:
    """Store a network's app credentials for a social provider; answer them without the secret."""
    required = PROVIDERS.get(provider)
    if required is None:
        raise OperatorError(f"unknown provider {provider!r}; one of {', '.join(PROVIDERS)}")
    missing = [key for key in required if not credentials.get(key)]
    if missing:
        raise OperatorError(f"{provider} credentials need {', '.join(missing)}")
    if not await uow.networks.merge_provider_credentials(name, provider, credentials):
        raise OperatorError(f"no network {name!r}")
    return {"network": name, "provider": provider} | {k: v for k, v in credentials.items() if "secret" not in k}


async def set_settings(uow: IdentityUnitOfWork, name: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Merge ``settings`` into the network's and tell the other contexts the result."""
    network = await uow.networks.merge_settings(name, checked_admin_settings(settings))
    if network is None:
        raise OperatorError(f"no network {name!r}")
    uow.act_for(network)
    uow.publish(NetworkSettingsChangedV1(settings=network.settings))
    return network.settings
