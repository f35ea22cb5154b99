"""The document endpoints of every owner, and GET/DELETE /documents/{id}."""

from aiohttp import web

from common.http.context import caller, unit_of_work
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import path_int, read_entity
from offerings.domain.documents import (
    DEAL_ROOM,
    INVESTMENT,
    OFFERING,
    ORGANIZATION,
    USER,
)
from offerings.domain.errors import OfferingsError
from offerings.entrypoints.bodies import NewDocument
from offerings.service import documents as service
from offerings.service.unit_of_work import OfferingsUnitOfWork

DOCUMENTS = ListSpec(sort_columns={"id": "id", "created_at": "created_at"})
OWNERS = {"self": USER, "organizations": ORGANIZATION, "offerings": OFFERING, "investments": INVESTMENT,
          "dealrooms": DEAL_ROOM}
PARAMETERS = {"organizations": "organization_id", "offerings": "offering_id", "investments": "investment_id",
              "dealrooms": "dealroom_id"}


def _owner_id(request: web.Request, kind: str) -> int:
    if kind == "self":
        return caller(request).user_id or 0
    return path_int(request, PARAMETERS[kind])


def handlers(kind: str):
    owner_object = OWNERS[kind]

    async def add(request: web.Request) -> web.Response:
        principal, body = caller(request), await read_entity(request, NewDocument, OfferingsError.FIELD_NOT_EDITABLE)
        document_id = await service.add(unit_of_work(request, OfferingsUnitOfWork), principal, owner_object,
                                        _owner_id(request, kind), body.model_dump(exclude_unset=True))
        return success({"document_id": document_id})

    async def list_(request: web.Request) -> web.Response:
        principal, owner_id = caller(request), _owner_id(request, kind)
        query = parse_list_query(request.query, DOCUMENTS)
        async with unit_of_work(request, OfferingsUnitOfWork) as uow:
            await service.readable_owner(uow, principal, owner_object, owner_id)
            count, documents = await uow.queries.document_page(owner_object, owner_id, query)
        return page(documents, query.offset, query.limit, count)

    return add, list_


async def view_document(request: web.Request) -> web.Response:
    principal, document_id = caller(request), path_int(request, "document_id")
    async with unit_of_work(request, OfferingsUnitOfWork) as uow:
        return success({"document": await service.readable(uow, principal, document_id)})


async def withdraw_document(request: web.Request) -> web.Response:
    document_id = path_int(request, "document_id")
    await service.withdraw(unit_of_work(request, OfferingsUnitOfWork), caller(request), document_id)
    return success({"document_id": document_id})


def add_routes(app: web.Application) -> None:
    prefix = "/v1/{network}"
    paths = {"self": "self/documents"} | {kind: f"{kind}/{{{name}}}/documents" for kind, name in PARAMETERS.items()}
    for kind, path in paths.items():
        add, list_ = handlers(kind)
        app.router.add_post(f"{prefix}/{path}", add)
        app.router.add_get(f"{prefix}/{path}", list_)
    app.router.add_get(f"{prefix}/documents/{{document_id}}", view_document)
    app.router.add_delete(f"{prefix}/documents/{{document_id}}", withdraw_document)
