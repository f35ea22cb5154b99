"""GET /internal/networks/{network}/facts, asked through the client other services use: the
answer holds every change the previous call made, before any event has travelled."""

import pytest

from common.errors import DomainError
from common.http.principal import Principal
from common.identity_facts import IdentityFacts
from common.testing import free_port
from common.vocabulary import Visibility
from identity.domain.organizations import Stage
from identity.service import networks


@pytest.fixture
def facts(identity) -> IdentityFacts:
    return IdentityFacts(identity.http, identity.url, identity.settings.secret("internal_secret").encode())


def user(user_id: int, admin: bool = False) -> Principal:
    return Principal(network="demo", user_id=user_id, is_admin=admin)


async def organization_of(identity, owner_id: int) -> int:
    status, body = await identity.call("POST", "/v1/demo/organizations", user(owner_id), json={"display_name": "Facts Co"})
    assert status == 200, body
    return body["data"]["organization_id"]


async def test_a_membership_is_known_the_moment_it_is_added_and_gone_the_moment_it_is_removed(identity, facts):
    (owner, _), (colleague, _) = await identity.registered(), await identity.registered()
    organization_id = await organization_of(identity, owner)
    assert (await facts.facts("demo", owner, organization_id)).organization.member_type == "author"
    assert (await facts.facts("demo", colleague, organization_id)).organization.member_type is None
    members = f"/v1/demo/organizations/{organization_id}/members/{colleague}"
    assert (await identity.call("POST", members, user(owner)))[0] == 200
    assert (await facts.facts("demo", colleague, organization_id)).organization.member_type == "member"
    assert (await identity.call("DELETE", members, user(owner)))[0] == 200
    assert (await facts.facts("demo", colleague, organization_id)).organization.member_type is None


async def test_an_organization_is_public_by_identitys_rule(identity, facts):
    owner, _ = await identity.registered()
    organization_id = await organization_of(identity, owner)
    admin = user(identity.demo.admin_user_id, admin=True)
    path = f"/v1/demo/organizations/{organization_id}"
    assert not (await facts.facts("demo", organization_id=organization_id)).organization.is_public
    assert (await identity.call("PATCH", path, user(owner), json={"life_cycle_stage": int(Stage.SUBMITTED)}))[0] == 200
    assert (await identity.call("PATCH", path, admin, json={"life_cycle_stage": int(Stage.APPROVED)}))[0] == 200
    assert (await facts.facts("demo", organization_id=organization_id)).organization.is_public
    assert (await identity.call("PATCH", path, admin, json={"visibility": int(Visibility.HIDDEN)}))[0] == 200
    organization = (await facts.facts("demo", organization_id=organization_id)).organization
    assert (organization.is_public, organization.life_cycle_stage) == (False, Stage.APPROVED)


async def test_a_block_and_the_onboarding_flags_are_as_the_last_call_left_them(identity, facts):
    someone, _ = await identity.registered()
    admin = user(identity.demo.admin_user_id, admin=True)
    before = (await facts.facts("demo", someone)).user
    assert (before.blocked, before.term_service_accepted) == (False, False)
    assert (await identity.call("POST", "/v1/demo/self/acceptTerms", user(someone)))[0] == 200
    assert (await facts.facts("demo", someone)).user.term_service_accepted
    assert (await identity.call("POST", f"/v1/demo/admin/users/{someone}/block", admin, json={}))[0] == 200
    assert (await facts.facts("demo", someone)).user.blocked
    assert (await identity.call("POST", f"/v1/demo/admin/users/{someone}/unblock", admin, json={}))[0] == 200
    assert not (await facts.facts("demo", someone)).user.blocked


async def test_the_network_settings_are_the_current_ones(identity, facts):
    async with identity.operator() as uow:
        await networks.set_settings(uow, "other", {"auto_approve_investments": False})
        await uow.commit()
    assert (await facts.facts("other")).settings["auto_approve_investments"] is False


async def test_another_networks_user_and_organization_are_unknown(identity, facts):
    someone, _ = await identity.registered()
    organization_id = await organization_of(identity, someone)
    answer = await facts.facts("other", someone, organization_id)
    assert (answer.user, answer.organization) == (None, None)
    assert (await facts.facts("demo", 10**12, 10**12)).user is None


async def test_an_unknown_network_is_404_and_an_unreachable_identity_503(identity, facts):
    with pytest.raises(DomainError) as unknown:
        await facts.facts("nowhere")
    assert (unknown.value.status, unknown.value.code) == (404, 10115)
    gone = IdentityFacts(identity.http, f"http://127.0.0.1:{free_port()}", b"x")
    with pytest.raises(DomainError) as unreachable:
        await gone.facts("demo")
    assert (unreachable.value.status, unreachable.value.code) == (503, 10109)


async def test_only_a_signed_caller_is_answered(identity):
    async with identity.http.get(f"{identity.url}/internal/networks/demo/facts") as response:
        assert response.status == 401
