"""Organizations: creation, visibility by role and stage, the life cycle, members, tenants."""

import pytest

from common.http.principal import Principal
from common.testing import assert_error


def member(user_id: int, network: str = "demo", admin: bool = False) -> Principal:
    return Principal(network=network, user_id=user_id, is_admin=admin)


def admin_of(identity) -> Principal:
    return member(identity.demo.admin_user_id, admin=True)


async def create(identity, author: int, **fields) -> int:
    status, body = await identity.call("POST", "/v1/demo/organizations", member(author),
                                       json={"display_name": "Acme"} | fields)
    assert status == 200, body
    return body["data"]["organization_id"]


async def move(identity, organization_id: int, principal: Principal, stage: int) -> tuple[int, dict]:
    return await identity.call("PATCH", f"/v1/demo/organizations/{organization_id}", principal,
                               json={"life_cycle_stage": stage})


async def view(identity, organization_id: int, principal: Principal, public: bool = False) -> tuple[int, dict]:
    prefix = "public/" if public else ""
    return await identity.call("GET", f"/v1/demo/{prefix}organizations/{organization_id}", principal)


async def to_stage(identity, organization_id: int, author: int, *stages: int) -> None:
    for stage in stages:
        principal = member(author) if stage in (1, 7) else admin_of(identity)
        status, body = await move(identity, organization_id, principal, stage)
        assert status == 200, body


async def test_the_creator_is_contact_point_and_author(identity):
    author, _ = await identity.registered(given_name="Ann", family_name="Author")
    organization_id = await create(identity, author, brief_desc="We build", founding_date="2020-02-02",
                                   custom={"tier": "A"}, address={"city": "Nantes"})
    status, body = await view(identity, organization_id, member(author))
    organization = body["data"]["organization"]
    assert (organization["contact_point"], organization["user_id"], organization["user_name"]) == (author, author, "Ann Author")
    assert organization["members"] == [{"user_id": author, "member_type": "author", "user_full_name": "Ann Author",
                                        "contact_point": author}]
    assert (organization["life_cycle_stage"], organization["brief_desc"], organization["founding_date"]) == (0, "We build", "2020-02-02")
    assert organization["address"]["city"] == "Nantes" and organization["custom"] == {"tier": "A"}
    status, body = await identity.call("GET", "/v1/demo/self", member(author))
    assert [o["organization_id"] for o in body["data"]["user"]["organizations"]] == [organization_id]
    status, body = await identity.call("GET", "/v1/demo/self/organizations", member(author))
    assert [o["id"] for o in body["data"]["list"]] == [organization_id]


async def test_creation_needs_a_display_name_and_editable_fields_only(identity):
    author, _ = await identity.registered()
    status, body = await identity.call("POST", "/v1/demo/organizations", member(author), json={"brief_desc": "x"})
    assert_error(status, body, 400, 10100)
    assert "display_name" in body["data"]["fields"]
    status, body = await identity.call("POST", "/v1/demo/organizations", member(author),
                                       json={"display_name": "X", "contact_point": 1})
    assert_error(status, body, 400, 11007)


async def test_the_life_cycle_state_machine(identity):
    author, _ = await identity.registered()
    organization_id = await create(identity, author)
    assert_error(*await move(identity, organization_id, member(author), 3), 409, 11011)  # Draft -> Approved
    await to_stage(identity, organization_id, author, 1)
    assert_error(*await move(identity, organization_id, member(author), 3), 403, 11012)  # authors can not approve
    await to_stage(identity, organization_id, author, 3, 4, 5, 6)
    status, body = await view(identity, organization_id, admin_of(identity))
    organization = body["data"]["organization"]
    assert organization["life_cycle_stage"] == 6
    assert organization["submitted_at"] and organization["approved_at"] and organization["canceled_at"] is None
    await to_stage(identity, organization_id, author, 7)
    status, body = await view(identity, organization_id, admin_of(identity))
    assert body["data"]["organization"]["canceled_at"]
    assert_error(*await move(identity, organization_id, admin_of(identity), 0), 409, 11011)


@pytest.mark.parametrize(("path", "target"), [((1, 2), None), ((1, 3), 5)])
async def test_rejection_and_direct_publication(identity, path, target):
    author, _ = await identity.registered()
    organization_id = await create(identity, author)
    await to_stage(identity, organization_id, author, *path, *([target] if target else []))


async def test_only_authors_and_admins_change_an_organization(identity):
    author, _ = await identity.registered()
    outsider, _ = await identity.registered()
    organization_id = await create(identity, author)
    await to_stage(identity, organization_id, author, 1, 3, 5)
    status, body = await identity.call("PATCH", f"/v1/demo/organizations/{organization_id}", member(outsider),
                                       json={"brief_desc": "hijacked"})
    assert_error(status, body, 403, 11015)
    await identity.call("POST", f"/v1/demo/organizations/{organization_id}/members/{outsider}", member(author))
    status, body = await identity.call("PATCH", f"/v1/demo/organizations/{organization_id}", member(outsider),
                                       json={"brief_desc": "still not an author"})
    assert_error(status, body, 403, 11015)
    status, body = await identity.call("PATCH", f"/v1/demo/organizations/{organization_id}", admin_of(identity),
                                       json={"brief_desc": "by the admin"})
    assert status == 200


async def test_who_sees_what(identity):
    author, _ = await identity.registered()
    viewer, _ = await identity.registered()
    tag = "org-visibility"
    draft = await create(identity, author, additional_type=tag)
    restricted = await create(identity, author, additional_type=tag)
    published = await create(identity, author, additional_type=tag)
    hidden = await create(identity, author, additional_type=tag, visibility=1)
    await to_stage(identity, restricted, author, 1, 3, 4)
    await to_stage(identity, published, author, 1, 3, 5)
    await to_stage(identity, hidden, author, 1, 3, 5)
    query = f"?filter[additional_type]={tag}&sort=id"

    async def listed(path: str, principal: Principal) -> list[int]:
        status, body = await identity.call("GET", f"/v1/demo/{path}{query}", principal)
        assert status == 200, body
        return [o["id"] for o in body["data"]["list"]]

    assert await listed("organizations", member(viewer)) == [published]
    assert await listed("organizations", admin_of(identity)) == [draft, restricted, published, hidden]
    assert await listed("public/organizations", Principal(network="demo")) == [restricted, published]
    assert_error(*await view(identity, draft, member(viewer)), 404, 11010)
    assert_error(*await view(identity, hidden, Principal(network="demo"), public=True), 404, 11010)
    assert (await view(identity, restricted, Principal(network="demo"), public=True))[0] == 200
    assert (await view(identity, draft, member(author)))[0] == 200


async def test_members_join_and_leave_but_the_contact_point_stays(identity):
    author, _ = await identity.registered()
    joiner, _ = await identity.registered(given_name="Jo", family_name="Iner")
    organization_id = await create(identity, author)
    base = f"/v1/demo/organizations/{organization_id}/members"
    status, body = await identity.call("POST", f"{base}/{joiner}", member(author))
    assert (status, body["data"]) == (200, [])
    status, body = await view(identity, organization_id, member(author))
    assert {"user_id": joiner, "member_type": "member", "user_full_name": "Jo Iner",
            "contact_point": author} in body["data"]["organization"]["members"]
    assert_error(*await identity.call("POST", f"{base}/99999999", member(author)), 404, 11000)
    assert_error(*await identity.call("DELETE", f"{base}/{author}", member(author)), 409, 11013)
    assert_error(*await identity.call("DELETE", f"{base}/{joiner}", member(joiner)), 403, 11015)
    status, body = await identity.call("DELETE", f"{base}/{joiner}", member(author))
    assert (status, body["data"]) == (200, {"org_member_id deleted": joiner})
    assert_error(*await identity.call("DELETE", f"{base}/{joiner}", member(author)), 404, 11014)


async def test_an_organization_of_another_network_is_invisible_and_untouchable(identity):
    status, body = await identity.call("POST", "/v1/other/users", Principal(network="other"),
                                       json={"email": "org@other.example", "password": "correct horse battery",
                                             "url": "https://app.example"})
    stranger = body["data"]["user_id"]
    author, _ = await identity.registered()
    organization_id = await create(identity, author)
    await to_stage(identity, organization_id, author, 1, 3, 5)
    outside = member(stranger, network="other", admin=True)
    status, body = await identity.call("GET", f"/v1/other/organizations/{organization_id}", outside)
    assert_error(status, body, 404, 11010)
    status, body = await identity.call("PATCH", f"/v1/other/organizations/{organization_id}", outside,
                                       json={"brief_desc": "cross-tenant"})
    assert_error(status, body, 404, 11010)
    status, body = await identity.call("POST", f"/v1/demo/organizations/{organization_id}/members/{stranger}",
                                       member(author))
    assert_error(status, body, 404, 11000)
