"""A list page costs a fixed number of SQL statements whatever its length: every list endpoint
offerings serves, over more than 100 rows, runs as many statements for a page of 1 as for a
page of 100 (counted by the service's cv_db_statements_per_request histogram)."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from common.events.identity import (
    MemberAddedV1,
    OrganizationCreatedV1,
    OrganizationUpdatedV1,
    UserRegisteredV1,
)
from common.http.principal import Principal
from common.testing import statements_run
from common.uow import Tenant

NETWORK, NETWORK_ID = "pages", 77  # a network of its own, so no other test's rows join these lists
TENANT = Tenant(NETWORK, NETWORK_ID)
ORGANIZATION, AUTHOR, INVESTOR = 770, 7700, 7701
ROWS = 101
DOCUMENT = {"url": "https://cdn.example/page.pdf", "file_name": "page.pdf"}
pytestmark = pytest.mark.timeout(600)  # the world takes some 2000 requests to make


def person(user_id: int | None, admin: bool = False) -> Principal:
    return Principal(network=NETWORK, network_id=NETWORK_ID, user_id=user_id, is_admin=admin)


ADMIN, AUTHOR_, INVESTOR_, OTHER, VISITOR = person(1, admin=True), person(AUTHOR), person(INVESTOR), person(7999), person(None)


@dataclass
class World:
    offering: int  # holds the many investments, documents, deal rooms and bulletins
    investment: int  # one of the investor's, holding many documents
    room: int
    topic: int
    post: int


async def bounded(calls: list[Callable[[], Awaitable[int]]], at_once: int = 16) -> list[int]:
    gate = asyncio.Semaphore(at_once)

    async def one(call: Callable[[], Awaitable[int]]) -> int:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls))


@pytest.fixture(scope="module")
async def world(offerings_service) -> World:
    svc = offerings_service

    async def post(path: str, principal: Principal, body: dict, key: str) -> int:
        status, answer = await svc.call("POST", f"/v1/{NETWORK}{path}", principal, json=body)
        assert status == 200, answer
        return answer["data"][key]

    async def patch(path: str, principal: Principal, body: dict) -> None:
        status, answer = await svc.call("PATCH", f"/v1/{NETWORK}{path}", principal, json=body)
        assert status == 200, answer

    async def published_offering(n: int) -> int:
        offering_id = await post(f"/organizations/{ORGANIZATION}/offerings", AUTHOR_,
                                 {"funding_goal": "100000", "name": f"Round {n}", "life_cycle_stage": 1}, "offering_id")
        await patch(f"/offerings/{offering_id}", ADMIN, {"life_cycle_stage": 3, "valuation": "500000", "is_featured": True})  # a term: kept in the history
        await patch(f"/offerings/{offering_id}", ADMIN, {"life_cycle_stage": 5})
        await post(f"/offerings/{offering_id}/documents", AUTHOR_, DOCUMENT, "document_id")
        return offering_id

    async def settled_investment(offering_id: int) -> int:
        investment_id = await post(f"/offerings/{offering_id}/investments", INVESTOR_,
                                   {"investment_amount": "100", "life_cycle_stage": 2}, "investment_id")
        await post(f"/investments/{investment_id}/documents", INVESTOR_, DOCUMENT, "document_id")
        await patch(f"/investments/{investment_id}", AUTHOR_, {"life_cycle_stage": 4})
        return investment_id

    await svc.feed(OrganizationCreatedV1(organization_id=ORGANIZATION, contact_point=AUTHOR, display_name="Pages Inc"),
                   OrganizationUpdatedV1(organization_id=ORGANIZATION, life_cycle_stage=5, fields=["life_cycle_stage"],
                                         display_name="Pages Inc", is_public=True),
                   MemberAddedV1(organization_id=ORGANIZATION, user_id=AUTHOR, member_type="author"),
                   *(UserRegisteredV1(user_id=AUTHOR + n, email=f"u{n}@pages.example", given_name=f"U{n}")
                     for n in range(ROWS + 2)), tenant=TENANT)
    offerings = await bounded([lambda n=n: published_offering(n) for n in range(ROWS)])
    investments = await bounded([lambda o=o: settled_investment(o) for o in offerings])
    offering, investment = offerings[0], investments[0]
    room = await post(f"/offerings/{offering}/dealrooms", AUTHOR_, {}, "deal_room_id")
    topic = await post(f"/dealrooms/{room}/topics", AUTHOR_, {"title": "Questions"}, "topic_id")
    first_post = await post(f"/topics/{topic}/posts", AUTHOR_, {"body": "Ask here"}, "post_id")
    many = [
        *(lambda n=n: post(f"/offerings/{offering}/investments", person(INVESTOR + 1 + n),
                           {"investment_amount": "10", "life_cycle_stage": 2}, "investment_id") for n in range(ROWS)),
        *(lambda: post(f"/offerings/{offering}/documents", AUTHOR_, DOCUMENT, "document_id") for _ in range(ROWS)),
        *(lambda: post(f"/investments/{investment}/documents", INVESTOR_, DOCUMENT, "document_id") for _ in range(ROWS)),
        *(lambda: post(f"/offerings/{offering}/dealrooms", AUTHOR_, {}, "deal_room_id") for _ in range(ROWS)),
        *(lambda: post(f"/dealrooms/{room}/documents", AUTHOR_, DOCUMENT, "document_id") for _ in range(ROWS)),
        *(lambda n=n: post(f"/dealrooms/{room}/topics", person(INVESTOR + 1 + n), {"title": "T"}, "topic_id")
          for n in range(ROWS)),
        *(lambda n=n: post(f"/topics/{topic}/posts", person(INVESTOR + 1 + n), {"body": "P"}, "post_id") for n in range(ROWS)),
        *(lambda n=n: post(f"/posts/{first_post}/comments", person(INVESTOR + 1 + n), {"body": "C"}, "comment_id")
          for n in range(ROWS)),
        *(lambda: post(f"/offerings/{offering}/bulletins", AUTHOR_, {"title": "News"}, "bulletin_id") for _ in range(ROWS)),
        *(lambda: post("/self/applications", INVESTOR_, {"life_cycle_stage": 2}, "application_id") for _ in range(ROWS)),
        *(lambda: post("/self/documents", INVESTOR_, DOCUMENT, "document_id") for _ in range(ROWS)),
        *(lambda: post(f"/organizations/{ORGANIZATION}/documents", AUTHOR_, DOCUMENT, "document_id") for _ in range(ROWS)),
    ]
    await bounded(many)
    return World(offering, investment, room, topic, first_post)


# (the route as aiohttp names it, the path with the world's ids, who lists)
LISTS = [
    ("/v1/{network}/offerings", "/offerings", OTHER),
    ("/v1/{network}/offerings", "/offerings", ADMIN),
    ("/v1/{network}/organizations/{organization_id}/offerings", f"/organizations/{ORGANIZATION}/offerings", AUTHOR_),
    ("/v1/{network}/self/offerings", "/self/offerings", AUTHOR_),
    ("/v1/{network}/users/{user_id}/offerings", f"/users/{AUTHOR}/offerings", OTHER),
    ("/v1/{network}/public/offerings", "/public/offerings", VISITOR),
    ("/v1/{network}/public/featuredOfferings", "/public/featuredOfferings", OTHER),
    ("/v1/{network}/offerings/{offering_id}/investments", "/offerings/{offering}/investments", AUTHOR_),
    ("/v1/{network}/offerings/{offering_id}/investments", "/offerings/{offering}/investments", OTHER),
    ("/v1/{network}/self/investments", "/self/investments", INVESTOR_),
    ("/v1/{network}/users/{user_id}/investments", f"/users/{INVESTOR}/investments", OTHER),
    ("/v1/{network}/users/{user_id}/investments", f"/users/{INVESTOR}/investments", ADMIN),
    ("/v1/{network}/offerings/{offering_id}/dealrooms", "/offerings/{offering}/dealrooms", AUTHOR_),
    ("/v1/{network}/offerings/{offering_id}/bulletins", "/offerings/{offering}/bulletins", OTHER),
    ("/v1/{network}/dealrooms/{dealroom_id}/topics", "/dealrooms/{room}/topics", AUTHOR_),
    ("/v1/{network}/topics/{topic_id}/posts", "/topics/{topic}/posts", AUTHOR_),
    ("/v1/{network}/posts/{post_id}/comments", "/posts/{post}/comments", AUTHOR_),
    ("/v1/{network}/public/applications", "/public/applications", VISITOR),
    ("/v1/{network}/self/documents", "/self/documents", INVESTOR_),
    ("/v1/{network}/organizations/{organization_id}/documents", f"/organizations/{ORGANIZATION}/documents", OTHER),
    ("/v1/{network}/offerings/{offering_id}/documents", "/offerings/{offering}/documents", OTHER),
    ("/v1/{network}/investments/{investment_id}/documents", "/investments/{investment}/documents", INVESTOR_),
    ("/v1/{network}/dealrooms/{dealroom_id}/documents", "/dealrooms/{room}/documents", AUTHOR_),
]


@pytest.mark.parametrize(("route", "path", "principal"), LISTS,
                         ids=[f"{path} as {principal.user_id}" for _, path, principal in LISTS])
async def test_a_page_of_100_runs_the_statements_of_a_page_of_1(offerings_service, world, route, path, principal):
    svc = offerings_service
    path = f"/v1/{NETWORK}" + path.format(offering=world.offering, investment=world.investment, room=world.room,
                                          topic=world.topic, post=world.post)

    async def statements(limit: int) -> float:
        before = statements_run("offerings", "GET", route)
        status, body = await svc.call("GET", f"{path}?limit={limit}", principal)
        assert status == 200, body
        assert body["data"]["count"] > 100 and len(body["data"]["list"]) == limit, body["data"]["count"]
        return statements_run("offerings", "GET", route) - before

    one, hundred = await statements(1), await statements(100)
    assert one > 0 and hundred == one
