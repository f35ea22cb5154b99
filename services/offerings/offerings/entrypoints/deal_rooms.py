"""Deal rooms with their forum (topics, posts, comments), and an offering's bulletins."""

from aiohttp import web
from pydantic import BaseModel

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import path_int, read_entity
from offerings.domain.deal_rooms import Room, may_read
from offerings.domain.documents import DEAL_ROOM
from offerings.domain.errors import OfferingsError
from offerings.entrypoints.bodies import BulletinBody, CommentBody, PostBody, TopicBody
from offerings.entrypoints.views import deal_room_view, forum_entry_view
from offerings.service import deal_rooms as service
from offerings.service.access import visible_offering
from offerings.service.unit_of_work import OfferingsUnitOfWork

BY_ID = ListSpec(sort_columns={"id": "id", "created_at": "created_at"})


async def create_deal_room(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    deal_room_id = await service.open_room(unit_of_work(request, OfferingsUnitOfWork), principal, offering_id)
    return success({"deal_room_id": deal_room_id})


async def list_deal_rooms(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        offering = await visible_offering(uow, principal, offering_id)
        query = parse_list_query(request.query, BY_ID)
        if not await service.may_enter(uow, principal, offering):  # the offering is seen, its rooms are not
            return page([], query.offset, query.limit, 0)
        count, rooms = await uow.queries.deal_room_page(offering.id, query)
        documents = await uow.queries.documents_of(DEAL_ROOM, [room["id"] for room in rooms])
    return page([deal_room_view(room, documents[room["id"]]) for room in rooms], query.offset, query.limit, count)


async def _entries(request: web.Request, uow: OfferingsUnitOfWork, room: Room, table: str, owner_id: int) -> web.Response:
    """The entries under one owner, with their authors' names; Hidden ones for their readers only."""
    query = parse_list_query(request.query, BY_ID)
    count, entries = await uow.queries.forum_page(table, owner_id, room.manages, caller(request).user_id, query)
    return page([forum_entry_view(entry) for entry in entries], query.offset, query.limit, count)


async def list_topics(request: web.Request) -> web.Response:
    principal, deal_room_id = caller(request), path_int(request, "dealroom_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return await _entries(request, uow, await service.entered(uow, principal, deal_room_id), "topics", deal_room_id)


async def list_posts(request: web.Request) -> web.Response:
    principal, topic_id = caller(request), path_int(request, "topic_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return await _entries(request, uow, await service.room_of_topic(uow, principal, topic_id), "posts", topic_id)


async def list_comments(request: web.Request) -> web.Response:
    principal, post_id = caller(request), path_int(request, "post_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return await _entries(request, uow, await service.room_of_post(uow, principal, post_id), "comments", post_id)


async def view_post(request: web.Request) -> web.Response:
    principal, post_id = caller(request), path_int(request, "post_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        room = await service.room_of_post(uow, principal, post_id)
        post = await uow.queries.post(post_id)
    if not may_read(room, principal.user_id, post["visibility"], post["user_id"]):
        raise OfferingsError.POST_NOT_FOUND.error()
    return success({"post": forum_entry_view(post)})


async def _write(request: web.Request, kind: str, parameter: str, model: type[BaseModel]) -> int:
    principal, owner_id = caller(request), path_int(request, parameter)
    body = await read_entity(request, model, OfferingsError.FIELD_NOT_EDITABLE)
    return await service.write(unit_of_work(request, OfferingsUnitOfWork), principal, kind, owner_id, body.model_dump())


async def create_topic(request: web.Request) -> web.Response:
    return success({"topic_id": await _write(request, "topics", "dealroom_id", TopicBody)})


async def create_post(request: web.Request) -> web.Response:
    post_id = await _write(request, "posts", "topic_id", PostBody)
    return success({"post_id": post_id, "topic_id": post_id})  # the document's sample names it topic_id


async def create_comment(request: web.Request) -> web.Response:
    return success({"comment_id": await _write(request, "comments", "post_id", CommentBody)})


async def create_bulletin(request: web.Request) -> web.Response:
    principal, body = caller(request), await read_entity(request, BulletinBody, OfferingsError.FIELD_NOT_EDITABLE)
    bulletin_id = await service.post_bulletin(unit_of_work(request, OfferingsUnitOfWork), principal,
                                              path_int(request, "offering_id"), body.title, body.body)
    return success({"bulletin_id": bulletin_id})


async def list_bulletins(request: web.Request) -> web.Response:
    principal, offering_id = caller(request), path_int(request, "offering_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        offering = await visible_offering(uow, principal, offering_id)
        query = parse_list_query(request.query, BY_ID)
        count, bulletins = await uow.queries.bulletin_page(offering.id, query)
    return page(bulletins, query.offset, query.limit, count)


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
