"""Offerings follows identity's decisions as its events carry them, and derives none itself:
whether an organization is public, and whether (and until when) a user is blocked."""

from datetime import date, timedelta

from common.events.identity import (
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserBlockedV1,
    UserRegisteredV1,
    UserUpdatedV1,
)
from common.testing import assert_error

APPROVED, DRAFT = 3, 0  # identity's organization stages


async def organization_documents(svc, organization_id: int, principal) -> tuple[int, dict]:
    return await svc.call("GET", f"/v1/demo/organizations/{organization_id}/documents", principal)


async def test_an_organization_identity_keeps_private_is_not_shown_publicly_whatever_its_stage(offerings_service):
    svc = offerings_service
    outsider = svc.investor(12001)
    await svc.feed(OrganizationCreatedV1(organization_id=1200, contact_point=svc.author.user_id, display_name="Quiet"))
    assert_error(*await organization_documents(svc, 1200, outsider), 404, 12300)
    # Approved but Hidden: identity says it is not public, so offerings shows it to nobody outside
    await svc.feed(OrganizationUpdatedV1(organization_id=1200, life_cycle_stage=APPROVED, fields=["visibility"],
                                         display_name="Quiet", is_public=False))
    assert_error(*await organization_documents(svc, 1200, outsider), 404, 12300)
    assert (await organization_documents(svc, 1200, svc.admin))[0] == 200
    # whatever the stage, identity's word decides
    await svc.feed(OrganizationUpdatedV1(organization_id=1200, life_cycle_stage=DRAFT, fields=["life_cycle_stage"],
                                         display_name="Quiet", is_public=True))
    status, body = await organization_documents(svc, 1200, outsider)
    assert (status, body["data"]["list"]) == (200, [])


async def test_a_block_is_kept_as_identity_sent_it(offerings_service):
    svc = offerings_service
    offering_id = await svc.published_offering()
    today = date.today()
    path = f"/v1/demo/offerings/{offering_id}/investments"
    investor = svc.investor(12101)

    async def invest() -> tuple[int, dict]:
        return await svc.call("POST", path, investor, json={"investment_amount": "10"})

    await svc.feed(UserRegisteredV1(user_id=12101, email="blocked@demo.example"))
    await svc.feed(UserUpdatedV1(user_id=12101, fields=["status"], email="blocked@demo.example", blocked=True,
                                 blocked_until=today + timedelta(days=3)))
    assert_error(*await invest(), 403, 12110)
    async with svc.pool.acquire() as conn:
        stored = await conn.fetchrow("SELECT blocked, blocked_until FROM directory_users WHERE network_id = 1 "
                                     "AND user_id = 12101")
    assert tuple(stored) == (True, today + timedelta(days=3))
    await svc.feed(UserUpdatedV1(user_id=12101, fields=["status"], email="blocked@demo.example", blocked=True,
                                 blocked_until=today))  # the block lifts on its day
    assert (await invest())[0] == 200
    await svc.feed(UserBlockedV1(user_id=12101))  # for good
    assert_error(*await invest(), 403, 12110)
    await svc.feed(UserUpdatedV1(user_id=12101, fields=["status"], email="blocked@demo.example", blocked=False,
                                 blocked_until=today + timedelta(days=3)))  # identity lifted it: a stale date means nothing
    assert (await invest())[0] == 200
