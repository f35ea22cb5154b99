"""The register through its HTTP API: create, view, update, split, merge, change log, roles,
tenant isolation; a page costs the same statements at any length."""

from decimal import Decimal

import pytest

from common.testing import assert_error, statements_run
from registry.service import capitalizations as service

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_member_creates_a_capitalization_and_every_field_is_shown(registry_service):
    member = await registry_service.user("Ivy Issuer")
    organization = await registry_service.organization(member)
    status, body = await registry_service.call(
        "POST", f"/v1/regdemo/organizations/{organization}/capitalizations", registry_service.person(member),
        json={"number_of_shares": "100", "price_per_share": "1", "owner_id": str(member), "life_cycle_stage": "1",
              "capitalization_type": "0"})
    assert status == 200, body
    cap_id = body["data"]["capitalization_id"]
    status, body = await registry_service.call("GET", f"/v1/regdemo/capitalizations/{cap_id}", registry_service.person(member))
    cap = body["data"]["capitalization"]
    assert {key: cap[key] for key in ("number_of_shares", "price_per_share", "owner_id", "owner_name", "author_name",
                                      "life_cycle_stage", "capitalization_type", "organization_id",
                                      "number_of_shares_at_acquisition", "price_per_share_at_acquisition",
                                      "valuation_gain", "parent_id")} == {
        "number_of_shares": "100", "price_per_share": "1.0000", "owner_id": member, "owner_name": "Ivy Issuer",
        "author_name": "Ivy Issuer", "life_cycle_stage": 1, "capitalization_type": 0, "organization_id": organization,
        "number_of_shares_at_acquisition": "100", "price_per_share_at_acquisition": "1.0000",
        "valuation_gain": "0.0000", "parent_id": None}
    assert {"id", "author_id", "created_at", "updated_at"} <= cap.keys()


async def test_only_members_and_admins_create_and_read_the_cap_table(registry_service):
    member, stranger = await registry_service.user(), await registry_service.user()
    organization = await registry_service.organization(member)
    path = f"/v1/regdemo/organizations/{organization}/capitalizations"
    status, body = await registry_service.call("POST", path, registry_service.person(stranger), json={"number_of_shares": 5})
    assert_error(status, body, 403, 13002)
    status, body = await registry_service.call("GET", path, registry_service.person(stranger))
    assert_error(status, body, 403, 13002)
    status, body = await registry_service.call("POST", path, registry_service.person(None, admin=True),
                                               json={"number_of_shares": 5})
    assert status == 200, body
    status, body = await registry_service.call("GET", path, registry_service.person(member))
    assert (status, body["data"]["count"]) == (200, 1)
    status, body = await registry_service.call("GET", "/v1/regdemo/organizations/987654321/capitalizations",
                                               registry_service.person(member))
    assert_error(status, body, 404, 13001)
    status, body = await registry_service.call("POST", path, registry_service.person(member),
                                               json={"number_of_shares": 5, "owner_id": 987654321})
    assert_error(status, body, 400, 13004)


async def test_a_member_updates_and_the_change_log_tells_before_and_after(registry_service):
    member = await registry_service.user()
    organization = await registry_service.organization(member)
    cap_id = await registry_service.seed(member, 100, organization_id=organization)
    status, body = await registry_service.call("PATCH", f"/v1/regdemo/capitalizations/{cap_id}",
                                               registry_service.person(member), json={"price_per_share": "1.10"})
    assert status == 200, body
    status, body = await registry_service.call("GET", f"/v1/regdemo/capitalizations/{cap_id}/changelog",
                                               registry_service.person(member))
    entries = body["data"]["list"]
    assert [entry["operation"] for entry in entries] == ["create", "update"]
    assert entries[1]["before"]["price_per_share"] == "1.0000" and entries[1]["price_per_share"] == "1.1000"
    assert entries[1]["changed_by"] == member


async def test_the_owner_sees_their_capitalization_others_do_not(registry_service):
    owner, stranger = await registry_service.user(), await registry_service.user()
    member = await registry_service.user()
    organization = await registry_service.organization(member)
    cap_id = await registry_service.seed(owner, 10, organization_id=organization)
    for who, expected in ((owner, 200), (member, 200), (stranger, 404)):
        status, _ = await registry_service.call("GET", f"/v1/regdemo/capitalizations/{cap_id}", registry_service.person(who))
        assert status == expected
    status, body = await registry_service.call("PATCH", f"/v1/regdemo/capitalizations/{cap_id}",
                                               registry_service.person(owner), json={"number_of_shares": 11})
    assert_error(status, body, 403, 13002)  # an owner holds shares; the organization keeps its register


async def test_another_network_sees_nothing(registry_service):
    owner = await registry_service.user()
    cap_id = await registry_service.seed(owner, 10)
    admin_elsewhere = registry_service.person(1, admin=True, network="regother")
    status, body = await registry_service.call("GET", f"/v1/regother/capitalizations/{cap_id}", admin_elsewhere)
    assert_error(status, body, 404, 13000)
    status, body = await registry_service.call("POST", f"/v1/regother/capitalizations/{cap_id}/split", admin_elsewhere,
                                               json={"capitalizations": [{"number_of_shares": 5, "price_per_share": 1}] * 2})
    assert_error(status, body, 404, 13000)


async def test_the_owner_splits_and_the_children_are_listed(registry_service):
    owner = await registry_service.user()
    cap_id = await registry_service.seed(owner, 100, "1.00")
    path = f"/v1/regdemo/capitalizations/{cap_id}/split"
    for parts, code in (([(40, "1.50"), (50, "2.50")], 13103), ([(100, "1")], 13101), ([(100, "1"), (0, "1")], 13102)):
        status, body = await registry_service.call("POST", path, registry_service.person(owner), json={
            "capitalizations": [{"number_of_shares": str(n), "price_per_share": p} for n, p in parts]})
        assert_error(status, body, 400, code)
    status, body = await registry_service.call("POST", path, registry_service.person(owner), json={
        "capitalizations": [{"number_of_shares": "40", "price_per_share": "1.50"},
                            {"number_of_shares": "60", "price_per_share": "2.50"}]})
    assert status == 200, body
    children = body["data"]["list"]
    assert [(c["number_of_shares"], c["price_per_share"], c["parent_id"], c["valuation_gain"]) for c in children] == [
        ("40", "1.5000", cap_id, "20.0000"), ("60", "2.5000", cap_id, "90.0000")]
    status, body = await registry_service.call("GET", f"/v1/regdemo/capitalizations/{cap_id}", registry_service.person(owner))
    assert (body["data"]["capitalization"]["number_of_shares"], body["data"]["capitalization"]["life_cycle_stage"]) == ("0", 4)
    status, body = await registry_service.call("POST", path, registry_service.person(owner), json={
        "capitalizations": [{"number_of_shares": 0, "price_per_share": 1}] * 2})
    assert_error(status, body, 409, 13100)  # no longer Issued


async def test_the_documents_merge_example_through_the_api(registry_service):
    owner = await registry_service.user()
    organization = 890_001
    a = await registry_service.seed(owner, 100, "1.00", organization_id=organization)
    b = await registry_service.seed(owner, 100, "2.00", organization_id=organization)
    other_owner = await registry_service.seed(await registry_service.user(), 5, organization_id=organization)
    status, body = await registry_service.call("POST", f"/v1/regdemo/capitalizations/{a}/merge",
                                               registry_service.person(owner), json={"capitalization_ids": f"[{other_owner}]"})
    assert_error(status, body, 409, 13204)
    status, body = await registry_service.call("POST", f"/v1/regdemo/capitalizations/{a}/merge",
                                               registry_service.person(owner), json={"capitalization_ids": f"[{b}]"})
    assert status == 200, body
    status, body = await registry_service.call("GET", f"/v1/regdemo/capitalizations/{body['data']['capitalization_id']}",
                                               registry_service.person(owner))
    merged = body["data"]["capitalization"]
    assert (merged["number_of_shares"], merged["price_per_share"], merged["parent_id"]) == ("200", "1.5000", a)
    status, body = await registry_service.call("GET", f"/v1/regdemo/capitalizations/{b}/changelog",
                                               registry_service.person(owner))
    assert [entry["operation"] for entry in body["data"]["list"]] == ["create", "merge"]


@pytest.mark.parametrize("route", ["/v1/{network}/self/capitalizations",
                                   "/v1/{network}/capitalizations/{capitalization_id}/changelog"])
async def test_a_page_costs_the_same_statements_at_any_length(registry_service, route):
    owner = await registry_service.user()
    first = await registry_service.seed(owner, 1000)
    for _ in range(3):
        await registry_service.seed(owner, 1)
    for price in (2, 3):
        async with registry_service.unit_of_work() as uow:
            await service.update(uow, owner, first, {"price_per_share": Decimal(price)})
            await uow.commit()
    path = route.format(network="regdemo", capitalization_id=first)

    async def cost(limit: int) -> float:
        before = statements_run("registry", "GET", route)
        status, body = await registry_service.call("GET", f"{path}?limit={limit}", registry_service.person(owner))
        assert status == 200 and len(body["data"]["list"]) == min(limit, body["data"]["count"]) >= 1, body
        return statements_run("registry", "GET", route) - before

    assert await cost(1) == await cost(100) > 0
