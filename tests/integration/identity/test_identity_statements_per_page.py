"""Every list identity serves costs the same number of SQL statements whatever the page's length:
a page of 100 runs no more than a page of 1 (no query per row)."""

import pytest

from common.http.principal import Principal
from common.testing import statements_run
from common.vocabulary import Visibility
from identity.domain.organizations import MemberType, Stage
from identity.service import networks

ROWS = 110  # more than the longest page


@pytest.fixture(scope="module")
async def pages(identity) -> dict[str, Principal]:
    """A network with more than a page of everything each list shows, its rows holding what their
    views look up (addresses, memberships, members, documents); the principals that list them."""
    async with identity.operator() as uow:
        created = await networks.create_network(uow, "pages", "admin@pages.example", "long enough password")
        await uow.commit()
    async with identity.pool.acquire() as conn, conn.transaction():
        network_id = await conn.fetchval("SELECT id FROM networks WHERE name = 'pages'")
        users = [row["id"] for row in await conn.fetch(
            "INSERT INTO users (network_id, email, given_name, family_name) SELECT $1, 'user' || n || '@pages.example', "
            "'Given' || n, 'Family' || n FROM generate_series(1, $2) AS n ORDER BY n RETURNING id", network_id, ROWS)]
        reader = users[0]
        await conn.execute("INSERT INTO user_addresses (user_id, city) SELECT unnest($1::bigint[]), 'Leeds'", users)
        organizations = [row["id"] for row in await conn.fetch(
            "INSERT INTO organizations (network_id, display_name, contact_point, user_id, life_cycle_stage, visibility) "
            "SELECT $1, 'Organization ' || creator, creator, creator, $3, $4 FROM unnest($2::bigint[]) AS creator "
            "RETURNING id", network_id, users, Stage.PUBLISHED, Visibility.OPEN)]
        await conn.execute(
            "INSERT INTO organization_members (organization_id, user_id, member_type) "
            "SELECT id, user_id, $2 FROM organizations WHERE id = ANY($1)", organizations, MemberType.AUTHOR)
        await conn.execute(
            "INSERT INTO organization_members (organization_id, user_id, member_type) SELECT id, $2, $3 "
            "FROM organizations WHERE id = ANY($1) ON CONFLICT DO NOTHING", organizations, reader, MemberType.MEMBER)
        await conn.execute(
            "INSERT INTO owned_documents (network_id, document_id, owner_object, owner_id, document) "
            "SELECT $1, owner, 'Organization', owner, '{}'::jsonb FROM unnest($2::bigint[]) AS owner",
            network_id, organizations)
        await conn.execute(
            "INSERT INTO invitations (network_id, author_id, email, expires_at) "
            "SELECT $1, $2, 'friend' || n || '@pages.example', now() + interval '30 days' FROM generate_series(1, $3) AS n",
            network_id, reader, ROWS)
        await conn.execute("INSERT INTO newsletter_signups (network_id, email) "
                           "SELECT $1, 'reader' || n || '@pages.example' FROM generate_series(1, $2) AS n", network_id, ROWS)
    return {
        "visitor": Principal(network="pages", network_id=network_id),
        "member": Principal(network="pages", network_id=network_id, user_id=reader),
        "admin": Principal(network="pages", network_id=network_id, user_id=created["admin_user_id"], is_admin=True),
    }


LISTS = [
    ("/v1/{network}/users", "member"),
    ("/v1/{network}/users", "admin"),
    ("/v1/{network}/public/users", "visitor"),
    ("/v1/{network}/admin/users", "admin"),
    ("/v1/{network}/organizations", "member"),
    ("/v1/{network}/organizations", "admin"),
    ("/v1/{network}/public/organizations", "visitor"),
    ("/v1/{network}/self/organizations", "member"),
    ("/v1/{network}/self/invitations", "member"),
    ("/v1/{network}/admin/newsletterSignUps", "admin"),
]


async def _statements(identity, route: str, principal: Principal, limit: int) -> float:
    """The fewest statements a page of ``limit`` rows ran in a few tries: the first time a pooled
    connection meets a column type, asyncpg asks the server about it (three statements more, once);
    a query per row would be in every try."""
    counts = []
    for _ in range(3):
        before = statements_run("identity", "GET", route)
        status, body = await identity.call("GET", f"{route.replace('{network}', 'pages')}?limit={limit}", principal)
        assert status == 200, body
        assert len(body["data"]["list"]) == limit  # the page is as long as asked
        counts.append(statements_run("identity", "GET", route) - before)
    return min(counts)


@pytest.mark.parametrize(("route", "caller"), LISTS)
async def test_a_page_of_100_runs_as_many_statements_as_a_page_of_1(identity, pages, route, caller):
    one = await _statements(identity, route, pages[caller], 1)
    hundred = await _statements(identity, route, pages[caller], 100)
    assert one > 0
    assert hundred == one, f"{route}: {one} statements for 1 row, {hundred} for 100"


def test_every_list_identity_serves_is_counted():
    from common.endpoints import endpoints_of

    listed = {route.removeprefix("/v1/{network}") for route, _ in LISTS}
    documented_lists = {e.path for e in endpoints_of("identity") if e.method == "GET" and "{" not in e.path.rsplit("/", 1)[-1]}
    single = {"/self", "/authenticate", "/public/globals", "/admin/globals", "/admin/settings"} | {
        f"/social/{provider}/link" for provider in ("facebook", "twitter", "linkedin")}
    assert documented_lists - single == listed
