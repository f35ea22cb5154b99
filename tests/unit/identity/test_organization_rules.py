"""Identity's rules about organizations, which its events tell the other contexts."""

from datetime import datetime, timezone

import pytest

from common.vocabulary import Visibility
from identity.domain.organizations import ADMIN, AUTHOR, MemberType, Organization, Stage, role_of

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def organization(stage: Stage, visibility: Visibility) -> Organization:
    return Organization(1, 1, "Acme", stage, visibility, 1, 1, {}, {}, {}, None, None, None, NOW, NOW)


@pytest.mark.parametrize(("stage", "visibility", "public"), [
    (Stage.APPROVED, Visibility.OPEN, True),
    (Stage.RESTRICTED, Visibility.ANONYMOUS, True),
    (Stage.PUBLISHED, Visibility.OPEN, True),
    (Stage.PUBLISHED, Visibility.HIDDEN, False),
    (Stage.DRAFT, Visibility.OPEN, False),
    (Stage.SUBMITTED, Visibility.OPEN, False),
    (Stage.ARCHIVED, Visibility.OPEN, False),
    (Stage.CANCELED, Visibility.ANONYMOUS, False),
])
def test_an_organization_is_public_when_not_hidden_in_a_public_stage(stage, visibility, public):
    assert organization(stage, visibility).is_public is public


@pytest.mark.parametrize(("is_admin", "member_type", "role"), [
    (True, None, ADMIN), (True, MemberType.MEMBER, ADMIN), (False, MemberType.AUTHOR, AUTHOR),
    (False, MemberType.MEMBER, None), (False, None, None),
])
def test_admins_and_authors_change_an_organization(is_admin, member_type, role):
    assert role_of(is_admin, member_type) == role
