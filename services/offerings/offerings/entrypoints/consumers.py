"""The events the offerings service consumes, each bound to its contract."""

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
from common.messaging.consumer import Handlers
from offerings.service import directory

CONSUMES: Handlers = {
    UserRegisteredV1: directory.user_registered,
    UserUpdatedV1: directory.user_updated,
    UserBlockedV1: directory.user_blocked,
    UserDeletedV1: directory.user_deleted,
    OrganizationCreatedV1: directory.organization_created,
    OrganizationUpdatedV1: directory.organization_updated,
    MemberAddedV1: directory.member_added,
    MemberRemovedV1: directory.member_removed,
    NetworkSettingsChangedV1: directory.network_settings_changed,
}
