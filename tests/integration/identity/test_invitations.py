"""Invitations: mailed to the invitee, listed and viewed only by their author."""

from common.http.principal import Principal
from common.testing import assert_error
from common.testing.mail import text_of
from identity.service.invitations import INVITATIONS_PER_DAY


def member(user_id: int) -> Principal:
    return Principal(network="demo", user_id=user_id)


async def test_an_invitation_is_mailed_and_seen_by_its_author_only(identity):
    author, _ = await identity.registered(given_name="Ines")
    other, _ = await identity.registered()
    body = {"email": "friend@elsewhere.example", "given_name": "John", "family_name": "Doe", "organization_name": "JD, Inc"}
    status, answer = await identity.call("POST", "/v1/demo/self/invitations", member(author), json=body)
    assert status == 200, answer
    invitation_id = answer["data"]["invitation_id"]
    mail = await identity.mailbox.wait_for("friend@elsewhere.example", "You are invited")
    assert "Ines invites you to join demo" in text_of(mail) and "JD, Inc" in text_of(mail)
    status, answer = await identity.call("GET", "/v1/demo/self/invitations", member(author))
    listed = answer["data"]["list"]
    assert [(i["id"], i["email"], i["author_id"]) for i in listed] == [(invitation_id, body["email"], author)]
    assert listed[0]["expires_at"] > listed[0]["created_at"]
    status, answer = await identity.call("GET", f"/v1/demo/self/invitations/{invitation_id}", member(author))
    assert answer["data"]["invitation"]["id"] == invitation_id
    status, answer = await identity.call("GET", "/v1/demo/self/invitations", member(other))
    assert (answer["data"]["count"], answer["data"]["list"]) == (0, [])
    assert_error(*await identity.call("GET", f"/v1/demo/self/invitations/{invitation_id}", member(other)), 404, 11016)


async def test_an_invitation_needs_a_valid_email(identity):
    author, _ = await identity.registered()
    for body in ({}, {"email": "nope"}, {"email": "a@b.example", "role": "admin"}):
        status, answer = await identity.call("POST", "/v1/demo/self/invitations", member(author), json=body)
        assert_error(status, answer, 400, 10100)


async def test_an_inviter_sends_a_limited_number_a_day(identity):
    author, _ = await identity.registered()
    async with identity.pool.acquire() as conn:  # the day's allowance, already used up to one
        await conn.execute(
            "INSERT INTO invitations (network_id, author_id, email, expires_at) "
            "SELECT network_id, id, 'earlier-' || n || '@elsewhere.example', now() + interval '30 days' "
            "FROM users, generate_series(1, $2) n WHERE id = $1", author, INVITATIONS_PER_DAY - 1)
    answers = [await identity.call("POST", "/v1/demo/self/invitations", member(author),
                                   json={"email": f"last-{n}@elsewhere.example"}) for n in range(2)]
    assert answers[0][0] == 200
    assert_error(*answers[1], 429, 10108)
    async with identity.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM invitations WHERE author_id = $1", author) == INVITATIONS_PER_DAY
