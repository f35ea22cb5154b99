"""Every response field the API document lists is present (null when unknown), named as written.

`documented_fields.json` holds, for each documented endpoint, the dotted paths of the fields in
its response sample in the API document (a list's fields under the list's name). This module
builds one of everything through the gateway and reads every GET endpoint of the services built
so far.
"""

import json
from pathlib import Path

import pytest
from actors import call, create_offering, move, person

from common.endpoints import endpoints_of
from common.testing import wait_until
from common.testing.mail import Mailbox

DOCUMENTED = json.loads(Path(__file__).with_name("documented_fields.json").read_text())


def missing_fields(paths: list[str], data) -> list[str]:
    """The documented paths absent from ``data``; below a list every element is checked, and
    below a null or a scalar nothing can be."""
    missing = []
    for path in paths:
        if not _present(path.split("."), data):
            missing.append(path)
    return missing


def _present(keys: list[str], value) -> bool:
    if not keys:
        return True
    if isinstance(value, list):
        return all(_present(keys, item) for item in value)
    if not isinstance(value, dict):
        return True  # null or a scalar where the document nests: nothing below to check
    return keys[0] in value and _present(keys[1:], value[keys[0]])


@pytest.fixture(scope="module")
async def world(stack, http, cast) -> dict[str, int]:
    """One of each object, visible to the admin."""
    url, admin, author = f"{stack.url}/v1/demo", cast.admin.headers, cast.author.headers
    org = cast.organization_id
    await call(http, "PATCH", f"{url}/organizations/{org}", headers=author, json={"life_cycle_stage": 1})
    await call(http, "PATCH", f"{url}/organizations/{org}", headers=admin, json={"life_cycle_stage": 3})
    offering_id = await create_offering(stack, http, cast, is_featured=True)
    assert (await move(stack, http, cast.author, offering_id, 1))[0] == 200
    for stage in (3, 5):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200
    investor = await person(stack, http, Mailbox(Path(stack.env["CV_MAIL_DIR"])), "investor")
    status, body = await call(http, "POST", f"{url}/offerings/{offering_id}/investments", headers=investor.headers,
                              json={"investment_amount": "1000", "life_cycle_stage": 2})
    assert status == 200, body
    investment_id = body["data"]["investment_id"]
    room = (await call(http, "POST", f"{url}/offerings/{offering_id}/dealrooms", headers=author))[1]["data"]["deal_room_id"]
    topic = (await call(http, "POST", f"{url}/dealrooms/{room}/topics", headers=author, json={"title": "T"}))[1]["data"]["topic_id"]
    post = (await call(http, "POST", f"{url}/topics/{topic}/posts", headers=author, json={"body": "P"}))[1]["data"]["post_id"]
    await call(http, "POST", f"{url}/posts/{post}/comments", headers=investor.headers, json={"body": "C"})
    await call(http, "POST", f"{url}/offerings/{offering_id}/bulletins", headers=author, json={"title": "B"})
    doc = {"url": "https://cdn.example/a.pdf", "file_name": "a.pdf"}
    document_ids = {}
    for owner, path, who in (("user", "/self/documents", author), ("organization", f"/organizations/{org}/documents", author),
                             ("offering", f"/offerings/{offering_id}/documents", author),
                             ("investment", f"/investments/{investment_id}/documents", investor.headers),
                             ("deal_room", f"/dealrooms/{room}/documents", author)):
        status, body = await call(http, "POST", url + path, headers=who, json=doc)
        assert status == 200, (owner, body)
        document_ids[owner] = body["data"]["document_id"]
    status, body = await call(http, "POST", f"{url}/self/applications", headers=author, json={"life_cycle_stage": 2})
    assert status == 200, body
    status, body = await call(http, "POST", f"{url}/self/invitations", headers=author,
                              json={"email": "friend@example.com"})
    assert status == 200, body
    invitation_id = body["data"]["invitation_id"]
    for stage in (6, 7, 8):
        assert (await move(stack, http, cast.admin, offering_id, stage))[0] == 200

    async def embedded() -> bool:  # identity embeds documents from offerings' events
        me = (await call(http, "GET", f"{url}/self", headers=author))[1]["data"]["user"]
        return len(me["documents"]) == 1

    await wait_until(embedded, timeout=10)
    return {"offering_id": offering_id, "investment_id": investment_id, "organization_id": org,
            "user_id": cast.author.user_id, "dealroom_id": room, "topic_id": topic, "post_id": post,
            "document_id": document_ids["offering"], "invitation_id": invitation_id}


GETS = [e for service in ("identity", "offerings") for e in endpoints_of(service)
        if e.method == "GET" and f"GET {e.path}" in DOCUMENTED and "/social/" not in e.path and e.path != "/authenticate"]


@pytest.mark.parametrize("endpoint", GETS, ids=lambda e: e.path)
async def test_every_documented_response_field_is_present(stack, http, cast, world, endpoint):
    path = endpoint.path.format(**world)
    caller = cast.author if path.startswith("/self") else cast.admin  # the author owns the /self records
    status, body = await call(http, "GET", f"{stack.url}/v1/demo{path}", headers=caller.headers)
    assert status == 200, body
    assert missing_fields(DOCUMENTED[f"GET {endpoint.path}"], body["data"]) == []
