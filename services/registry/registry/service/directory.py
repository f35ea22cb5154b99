"""Identity's users' and organizations' names, stored as identity's events tell them."""

from common.events.identity import (
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from registry.service.unit_of_work import RegistryUnitOfWork


def full_name(given_name: str, family_name: str) -> str:
    return " ".join(part for part in (given_name, family_name) if part)


async def user_named(uow: RegistryUnitOfWork, event: UserRegisteredV1 | UserUpdatedV1) -> None:
    await uow.directory.put_user(event.user_id, full_name(event.given_name, event.family_name))


async def organization_named(uow: RegistryUnitOfWork, event: OrganizationCreatedV1 | OrganizationUpdatedV1) -> None:
    await uow.directory.put_organization(event.organization_id, event.display_name)
