"""Deal rooms with their forum (topics, posts, comments), and an offering's bulletins."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from common.http.app import PG
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import digits_as_int, path_int, read_entity
from offerings.adapters.db import documents as document_rows
from offerings.adapters.db import offerings as offering_rows
from offerings.domain.errors import OfferingsError
from offerings.entrypoints.offerings import caller
from offerings.service import deal_rooms
from offerings.service import offerings as offering_service

BY_ID = ListSpec(sort_columns={"id": "id", "created_at": "created_at"})
Body = Annotated[str, StringConstraints(min_length=1, max_length=100000)]
Visibility = Annotated[int, BeforeValidator(digits_as_int), Field(ge=0, le=2)]  # 0 Open, 1 Hidden, 2 Anonymous


class TopicBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    body: str = ""
    visibility: Visibility = 0


class PostBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Body
    visibility: Visibility = 0


class CommentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Body
    visibility: Visibility = 0


class BulletinBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    body: str = ""


async def _offering(conn, request: web.Request) -> offering_rows.Offering:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    offering = await offering_rows.by_id(conn, principal.network_id, offering_id)
    if offering is None or not await offering_service.may_view(conn, offering, principal):
        raise OfferingsError.OFFERING_NOT_FOUND.error()
    return offering


async def _listing(request: web.Request, conn, columns: str, table: str, where: str, owner_id: int,
                   present: Callable[[list[Any]], Awaitable[list[dict[str, Any]]]] | None = None) -> web.Response:
    """One page of ``table``'s rows under an owner, each as it is or as ``present`` shows the page."""
    query = parse_list_query(request.query, BY_ID)
    count = await conn.fetchval(f"SELECT count(*) FROM {table} WHERE {where}", owner_id)
    rows = await conn.fetch(
        f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {query.order_sql()} LIMIT {query.limit} OFFSET {query.offset}",
        owner_id)
    items = await present(rows) if present else [dict(row) for row in rows]
    return page(items, query.offset, query.limit, count)


def _with_names(row: Any) -> dict[str, Any]:
    item = dict(row)
    anonymous = item.get("visibility") == 2
    item["user_name"] = None if anonymous else f"{item.get('given_name') or ''} {item.get('family_name') or ''}".strip()
    if anonymous:
        item["given_name"] = item["family_name"] = item["user_id"] = None
    return item


async def create_deal_room(request: web.Request) -> web.Response:
    principal = caller(request)
    async with request.app[PG].acquire() as conn:
        offering = await _offering(conn, request)
        if await offering_service.role_of(conn, offering.organization_id, principal) is None:
            raise OfferingsError.NOT_A_MEMBER.error()
        deal_room_id = await conn.fetchval("INSERT INTO deal_rooms (network_id, offering_id) VALUES ($1, $2) RETURNING id",
                                           principal.network_id, offering.id)
    return success({"deal_room_id": deal_room_id})


async def list_deal_rooms(request: web.Request) -> web.Response:
    principal = caller(request)
    async with request.app[PG].acquire() as conn:
        offering = await _offering(conn, request)
        if not await deal_rooms.may_enter(conn, principal, offering):  # the offering is seen, its rooms are not
            query = parse_list_query(request.query, BY_ID)
            return page([], query.offset, query.limit, 0)

        async def with_documents(rooms: list[Any]) -> list[dict[str, Any]]:
            documents = await document_rows.of_owners(conn, principal.network_id, "DealRoom", [r["id"] for r in rooms])
            return [deal_rooms.view(room, documents[room["id"]]) for room in rooms]

        return await _listing(request, conn, "id, offering_id, custom, created_at, updated_at", "deal_rooms",
                              "offering_id = $1", offering.id, with_documents)


async def _named_rows(conn, request: web.Request, room: deal_rooms.Room, table: str, columns: str, owner_column: str,
                      owner_id: int) -> web.Response:
    """The entries under one owner, with their authors' names; Hidden ones for their readers only."""
    principal = caller(request)
    query = parse_list_query(request.query, BY_ID)
    readable = f"x.{owner_column} = $1 AND (x.visibility <> {deal_rooms.HIDDEN} OR $2 OR x.user_id = $3)"
    args = (owner_id, room.manages, principal.user_id)
    count = await conn.fetchval(f"SELECT count(*) FROM {table} x WHERE {readable}", *args)
    rows = await conn.fetch(
        f"SELECT {columns}, u.given_name, u.family_name FROM {table} x LEFT JOIN directory_users u "
        f"ON u.user_id = x.user_id AND u.network_id = $4 WHERE {readable} "
        f"ORDER BY x.{query.order_by[0][0]} {'DESC' if query.order_by[0][1] else 'ASC'} "
        f"LIMIT {query.limit} OFFSET {query.offset}", *args, principal.network_id)
    return page([_with_names(row) for row in rows], query.offset, query.limit, count)


async def list_topics(request: web.Request) -> web.Response:
    principal, deal_room_id = caller(request), path_int(request, "dealroom_id")
    async with request.app[PG].acquire() as conn:
        room = await deal_rooms.entered(conn, principal, deal_room_id)
        return await _named_rows(conn, request, room, "topics",
                                 "x.id, x.deal_room_id, x.user_id, x.title, x.body, x.visibility, x.created_at, x.updated_at",
                                 "deal_room_id", deal_room_id)


async def create_topic(request: web.Request) -> web.Response:
    principal, deal_room_id = caller(request), path_int(request, "dealroom_id")
    body = await read_entity(request, TopicBody, OfferingsError.FIELD_NOT_EDITABLE)
    async with request.app[PG].acquire() as conn:
        await deal_rooms.entered(conn, principal, deal_room_id)
        topic_id = await conn.fetchval(
            "INSERT INTO topics (deal_room_id, user_id, title, body, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            deal_room_id, principal.user_id, body.title, body.body, body.visibility)
    return success({"topic_id": topic_id})


async def list_posts(request: web.Request) -> web.Response:
    principal, topic_id = caller(request), path_int(request, "topic_id")
    async with request.app[PG].acquire() as conn:
        room = await deal_rooms.room_of_topic(conn, principal, topic_id)
        return await _named_rows(conn, request, room, "posts",
                                 "x.id, x.topic_id, x.user_id, x.body, x.visibility, x.created_at, x.updated_at",
                                 "topic_id", topic_id)


async def create_post(request: web.Request) -> web.Response:
    principal, topic_id = caller(request), path_int(request, "topic_id")
    body = await read_entity(request, PostBody, OfferingsError.FIELD_NOT_EDITABLE)
    async with request.app[PG].acquire() as conn:
        await deal_rooms.room_of_topic(conn, principal, topic_id)
        post_id = await conn.fetchval(
            "INSERT INTO posts (topic_id, user_id, body, visibility) VALUES ($1, $2, $3, $4) RETURNING id",
            topic_id, principal.user_id, body.body, body.visibility)
    return success({"post_id": post_id, "topic_id": post_id})  # the document's sample names it topic_id


async def view_post(request: web.Request) -> web.Response:
    principal, post_id = caller(request), path_int(request, "post_id")
    async with request.app[PG].acquire() as conn:
        room = await deal_rooms.room_of_post(conn, principal, post_id)
        row = await conn.fetchrow(
            "SELECT x.id, x.topic_id, x.user_id, x.body, x.visibility, x.created_at, x.updated_at, u.given_name, "
            "u.family_name FROM posts x LEFT JOIN directory_users u ON u.user_id = x.user_id AND u.network_id = $2 "
            "WHERE x.id = $1", post_id, principal.network_id)
    if not deal_rooms.may_read(room, principal, row):
        raise OfferingsError.POST_NOT_FOUND.error()
    return success({"post": _with_names(row)})


async def list_comments(request: web.Request) -> web.Response:
    principal, post_id = caller(request), path_int(request, "post_id")
    async with request.app[PG].acquire() as conn:
        room = await deal_rooms.room_of_post(conn, principal, post_id)
        return await _named_rows(conn, request, room, "comments", "x.id, x.post_id, x.user_id, x.body, x.visibility, x.created_at, x.updated_at",
                                 "post_id", post_id)


async def create_comment(request: web.Request) -> web.Response:
    principal, post_id = caller(request), path_int(request, "post_id")
    body = await read_entity(request, CommentBody, OfferingsError.FIELD_NOT_EDITABLE)
    async with request.app[PG].acquire() as conn:
        await deal_rooms.room_of_post(conn, principal, post_id)
        comment_id = await conn.fetchval(
            "INSERT INTO comments (post_id, user_id, body, visibility) VALUES ($1, $2, $3, $4) RETURNING id",
            post_id, principal.user_id, body.body, body.visibility)
    return success({"comment_id": comment_id})


async def create_bulletin(request: web.Request) -> web.Response:
    principal, body = caller(request), await read_entity(request, BulletinBody, OfferingsError.FIELD_NOT_EDITABLE)
    async with request.app[PG].acquire() as conn:
        offering = await _offering(conn, request)
        if await offering_service.role_of(conn, offering.organization_id, principal) is None:
            raise OfferingsError.NOT_A_MEMBER.error()
        bulletin_id = await conn.fetchval(
            "INSERT INTO bulletins (network_id, offering_id, user_id, title, body) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            principal.network_id, offering.id, principal.user_id, body.title, body.body)
    return success({"bulletin_id": bulletin_id})


async def list_bulletins(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        offering = await _offering(conn, request)
        return await _listing(request, conn, "id, offering_id, title, body, life_cycle_stage, created_at, updated_at",
                              "bulletins", "offering_id = $1 AND life_cycle_stage = 2", offering.id)


def add_routes(app: web.Application) -> None:
    prefix = "/v1/{network}"
    app.router.add_get(f"{prefix}/offerings/{{offering_id}}/dealrooms", list_deal_rooms)
    app.router.add_post(f"{prefix}/offerings/{{offering_id}}/dealrooms", create_deal_room)
    app.router.add_get(f"{prefix}/offerings/{{offering_id}}/bulletins", list_bulletins)
    app.router.add_post(f"{prefix}/offerings/{{offering_id}}/bulletins", create_bulletin)
    app.router.add_get(f"{prefix}/dealrooms/{{dealroom_id}}/topics", list_topics)
    app.router.add_post(f"{prefix}/dealrooms/{{dealroom_id}}/topics", create_topic)
    app.router.add_get(f"{prefix}/topics/{{topic_id}}/posts", list_posts)
    app.router.add_post(f"{prefix}/topics/{{topic_id}}/posts", create_post)
    app.router.add_get(f"{prefix}/posts/{{post_id}}", view_post)
    app.router.add_get(f"{prefix}/posts/{{post_id}}/comments", list_comments)
    app.router.add_post(f"{prefix}/posts/{{post_id}}/comments", create_comment)
