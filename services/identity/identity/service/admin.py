"""What a network's admins (through /admin, or an operator through cvctl) do with users and constants."""

from datetime import date
from typing import Any

from identity.domain.errors import IdentityError
from identity.domain.networks import Network
from identity.domain.users import User, UserStatus
from identity.service import networks, profile
from identity.service.revocation import credentials_changed
from identity.service.unit_of_work import IdentityUnitOfWork


async def user_of(uow: IdentityUnitOfWork, network: Network, user_id: int) -> User:
    user = await uow.users.get(network.id, user_id)
    if user is None:
        raise IdentityError.USER_NOT_FOUND.error()
    return user


async def approve(uow: IdentityUnitOfWork, network: Network, user_id: int) -> None:
    await user_of(uow, network, user_id)
    await profile.change(uow, user_id, {"has_been_approved": True})


async def block(uow: IdentityUnitOfWork, network: Network, user_id: int, user_message: str | None,
                description: str | None, expiration_date: date | None) -> int:
    return await profile.block(uow, await user_of(uow, network, user_id), user_message, description, expiration_date)


async def unblock(uow: IdentityUnitOfWork, network: Network, user_id: int) -> None:
    await user_of(uow, network, user_id)
    await profile.change(uow, user_id, {"status": UserStatus.ACTIVE, "blocked_until": None, "block_message": None})


async def set_roles(uow: IdentityUnitOfWork, network: Network, user_id: int, is_admin: bool | None,
                    is_vip: bool | None) -> None:
    await user_of(uow, network, user_id)
    roles = {name: value for name, value in (("is_admin", is_admin), ("is_vip", is_vip)) if value is not None}
    if roles:
        await profile.change(uow, user_id, roles)
        credentials_changed(user_id)  # the cached principal carries the roles


async def set_globals(uow: IdentityUnitOfWork, network: Network, constants: dict[str, Any]) -> None:
    await uow.networks.replace_globals(network.id, constants)


def settings_of(settings: dict[str, Any]) -> dict[str, Any]:
    """A network's settings, with the defaults of those its admins may change."""
    return networks.AdminSettings().model_dump() | settings


async def change_settings(uow: IdentityUnitOfWork, network: Network, changes: dict[str, Any]) -> dict[str, Any]:
    """Merge the changes into the network's settings; the settings as its admins see them."""
    return settings_of(await networks.set_settings(uow, network.name, changes))


async def newsletter_signups(uow: IdentityUnitOfWork, network: Network, limit: int,
                             offset: int) -> tuple[int, list[dict[str, Any]]]:
    return await uow.newsletter_views.page(network.id, limit, offset)


async def users(uow: IdentityUnitOfWork, network: Network, limit: int, offset: int) -> list[dict[str, Any]]:
    """The network's users, as an operator lists them."""
    return await uow.directory.for_operator(network.id, limit, offset)
