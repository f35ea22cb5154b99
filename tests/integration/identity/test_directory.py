"""Other users' profiles: visibility, private fields, paging, sorting, filtering, tenants."""

from common.http.principal import Principal
from common.testing import assert_error

PRIVATE = ("birth_date", "passport_number", "passport_expiry", "driving_license_number", "tax_id",
           "income_range", "bank_accounts", "phone_1", "phone_2", "addresses")


def member(user_id: int, network: str = "demo", admin: bool = False) -> Principal:
    return Principal(network=network, user_id=user_id, is_admin=admin)


async def users_of(identity, principal: Principal, query: str = "", public: bool = False) -> tuple[int, dict]:
    path = f"/v1/{principal.network}/{'public/' if public else ''}users{query}"
    return await identity.call("GET", path, principal)


async def test_lists_hold_open_users_only_and_withhold_private_fields(identity):
    tag = "dir-open"
    open_id, _ = await identity.registered(additional_type=tag, given_name="Olive", tax_id="TAX-X1", phone_1="+3361",
                                           birth_date="1980-01-01", address={"building": "1 Rue", "city": "Lyon"})
    hidden_id, _ = await identity.registered(additional_type=tag, visibility=1)
    anonymous_id, _ = await identity.registered(additional_type=tag, visibility=2, given_name="Secret")
    viewer, _ = await identity.registered()
    for principal, public in ((member(viewer), False), (Principal(network="demo"), True)):
        status, body = await users_of(identity, principal, f"?filter[additional_type]={tag}", public)
        assert status == 200, body
        listed = {u["id"]: u for u in body["data"]["list"]}
        assert set(listed) == {open_id} and body["data"]["count"] == 1
        user = listed[open_id]
        assert all(user.get(field) is None for field in PRIVATE)  # documented keys are there, as null
        assert user["address"] == {"city": "Lyon", "address_locality": None, "region": None, "country": None,
                                   "building": None, "street_address": None, "postal_code": None}
        assert not [secret for secret in ("TAX-X1", "+3361", "1980-01-01", "1 Rue") if secret in str(body)]
        assert user["given_name"] == "Olive" and user["email"] is None
    status, body = await identity.call("GET", f"/v1/demo/users/{anonymous_id}", member(viewer))
    assert (status, body["data"]["user"]["full_name"], body["data"]["user"]["given_name"]) == (200, "Anonymous", None)
    status, body = await identity.call("GET", f"/v1/demo/users/{hidden_id}", member(viewer))
    assert_error(status, body, 404, 11000)
    assert (await identity.call("GET", f"/v1/demo/users/{hidden_id}", member(hidden_id)))[0] == 200


async def test_admins_see_every_user_with_emails(identity):
    tag = "dir-admin"
    hidden_id, email = await identity.registered(additional_type=tag, visibility=1)
    admin = member(identity.demo.admin_user_id, admin=True)
    status, body = await users_of(identity, admin, f"?filter[additional_type]={tag}")
    assert [(u["id"], u["email"]) for u in body["data"]["list"]] == [(hidden_id, email)]
    status, body = await identity.call("GET", f"/v1/demo/users/{hidden_id}", admin)
    assert status == 200 and body["data"]["user"]["email"] == email


async def test_paging_sorting_and_filtering(identity):
    tag = "dir-page"
    ids = [(await identity.registered(additional_type=tag, given_name=name))[0] for name in ("Cleo", "Abe", "Bea")]
    viewer = member(ids[0])
    status, body = await users_of(identity, viewer, f"?filter[additional_type]={tag}&sort=given_name&limit=2")
    assert [u["given_name"] for u in body["data"]["list"]] == ["Abe", "Bea"]
    assert (body["data"]["count"], body["data"]["limit"], body["data"]["offset"]) == (3, 2, 0)
    status, body = await users_of(identity, viewer, f"?filter[additional_type]={tag}&sort=-given_name&offset=2")
    assert [u["given_name"] for u in body["data"]["list"]] == ["Abe"]
    for query, field in (("?sort=password_hash", "sort"), ("?filter[email]=x", "filter[email]"), ("?limit=1000", "limit"),
                         ("?filter[is_vip]=maybe", "filter[is_vip]"), ("?bogus=1&filter[bogus]=1", "filter[bogus]")):
        status, body = await users_of(identity, viewer, query)
        assert_error(status, body, 400, 10102)
        assert field in body["data"]["fields"]


async def test_users_of_another_network_are_never_seen(identity):
    status, body = await identity.call("POST", "/v1/other/users", Principal(network="other"),
                                       json={"email": "far@other.example", "password": "correct horse battery",
                                             "url": "https://app.example", "additional_type": "dir-tenant"})
    far_id = body["data"]["user_id"]
    viewer, _ = await identity.registered()
    status, body = await users_of(identity, member(viewer), "?filter[additional_type]=dir-tenant")
    assert body["data"]["list"] == []
    status, body = await identity.call("GET", f"/v1/demo/users/{far_id}", member(viewer))
    assert_error(status, body, 404, 11000)


async def test_other_users_see_memberships_of_organizations_they_may_see_and_no_documents(identity):
    founder, _ = await identity.registered(additional_type="dir-founder")
    viewer, _ = await identity.registered()
    admin = member(identity.demo.admin_user_id, admin=True)
    organization_ids = []
    for name in ("Public Co", "Draft Co"):
        status, body = await identity.call("POST", "/v1/demo/organizations", member(founder), json={"display_name": name})
        organization_ids.append(body["data"]["organization_id"])
    await identity.call("PATCH", f"/v1/demo/organizations/{organization_ids[0]}", member(founder),
                        json={"life_cycle_stage": 1})
    await identity.call("PATCH", f"/v1/demo/organizations/{organization_ids[0]}", admin, json={"life_cycle_stage": 3})
    async with identity.pool.acquire() as conn:  # a document identity learnt of from offerings' events
        await conn.execute(
            "INSERT INTO owned_documents (network_id, document_id, owner_object, owner_id, document) "
            "SELECT network_id, 900001, 'User', id, $2::jsonb FROM users WHERE id = $1", founder,
            '{"id": 900001, "file_name": "passport.pdf", "url": "https://cdn.example/passport.pdf"}')
    for who, organizations, documents in ((member(viewer), ["Public Co"], []),
                                          (admin, ["Public Co", "Draft Co"], ["passport.pdf"]),
                                          (member(founder), ["Public Co", "Draft Co"], ["passport.pdf"])):
        status, body = await identity.call("GET", f"/v1/demo/users/{founder}", who)
        user = body["data"]["user"]
        assert [o["organization_name"] for o in user["organizations"]] == organizations
        assert [d["file_name"] for d in user["documents"]] == documents
    status, body = await users_of(identity, member(viewer), "?filter[additional_type]=dir-founder")
    [listed] = body["data"]["list"]
    assert [(o["organization_id"], o["member_type"]) for o in listed["organizations"]] == [(organization_ids[0], "author")]
