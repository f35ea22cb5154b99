"""The directory, fed by identity's events: each handler stores what identity decided (the
consumer commits the unit of work, with the inbox entry)."""

from common.events.identity import (
    MemberAddedV1,
    MemberRemovedV1,
    NetworkSettingsChangedV1,
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserBlockedV1,
    UserDeletedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from offerings.domain.directory import ONBOARDING_FLAGS
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def user_registered(uow: OfferingsUnitOfWork, event: UserRegisteredV1) -> None:
    await uow.directory.save_user(event.user_id, event.email, event.given_name, event.family_name)


async def user_updated(uow: OfferingsUnitOfWork, event: UserUpdatedV1) -> None:
    await uow.directory.save_user(event.user_id, event.email, event.given_name, event.family_name)
    await uow.directory.save_onboarding(event.user_id, {flag: getattr(event, flag) for flag in ONBOARDING_FLAGS})
    await uow.directory.save_block(event.user_id, event.blocked, event.blocked_until)


async def user_blocked(uow: OfferingsUnitOfWork, event: UserBlockedV1) -> None:
    await uow.directory.save_block(event.user_id, True, event.until)


async def user_deleted(uow: OfferingsUnitOfWork, event: UserDeletedV1) -> None:
    await uow.directory.save_block(event.user_id, True, None)  # blocked for good


async def network_settings_changed(uow: OfferingsUnitOfWork, event: NetworkSettingsChangedV1) -> None:
    await uow.directory.save_network_settings(event.settings)


async def organization_created(uow: OfferingsUnitOfWork, event: OrganizationCreatedV1) -> None:
    await uow.directory.save_organization(event.organization_id, event.display_name, event.is_public)


async def organization_updated(uow: OfferingsUnitOfWork, event: OrganizationUpdatedV1) -> None:
    await uow.directory.save_organization(event.organization_id, event.display_name, event.is_public)


async def member_added(uow: OfferingsUnitOfWork, event: MemberAddedV1) -> None:
    await uow.directory.save_member(event.organization_id, event.user_id, event.member_type)


async def member_removed(uow: OfferingsUnitOfWork, event: MemberRemovedV1) -> None:
    await uow.directory.remove_member(event.organization_id, event.user_id)
