"""The document endpoints of every owner, and GET/DELETE /documents/{id}."""

from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

from common.http.app import PG
from common.http.envelope import page, success
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import Int64, digits_as_int, path_int, read_entity
from offerings.domain.errors import OfferingsError
from offerings.entrypoints.offerings import caller
from offerings.service import documents as service

DOCUMENTS = ListSpec(sort_columns={"id": "id", "created_at": "created_at"})
OWNERS = {"self": "User", "organizations": "Organization", "offerings": "Offering", "investments": "Investment",
          "dealrooms": "DealRoom"}


class NewDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=r"^https?://")]
    file_name: str | None = None
    file_type: str | None = None
    file_alias: str | None = None
    file_description: str | None = None
    group_id: Int64 | None = None
    source_type: Annotated[Literal[0, 1], BeforeValidator(digits_as_int)] = 1  # 0 Crowd Valley CDN, 1 external
    tag: str | None = None


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
        async with request.app[PG].acquire() as conn:
            document_id = await service.add(conn, principal, owner_object, _owner_id(request, kind),
                                            body.model_dump(exclude_unset=True))
        return success({"document_id": document_id})

    async def list_(request: web.Request) -> web.Response:
        principal, owner_id = caller(request), _owner_id(request, kind)
        query = parse_list_query(request.query, DOCUMENTS)
        async with request.app[PG].acquire() as conn:
            may_read, _ = await service.access(conn, principal, owner_object, owner_id)
            if not may_read:
                raise OfferingsError.DOCUMENT_NOT_FOUND.error("The owner's documents are not readable by the caller")
            where = "network_id = $1 AND owner_object = $2 AND owner_id = $3 AND life_cycle_stage <> 3"
            args = (principal.network_id, owner_object, owner_id)
            count = await conn.fetchval(f"SELECT count(*) FROM documents WHERE {where}", *args)
            rows = await conn.fetch(f"SELECT {service.COLUMNS} FROM documents WHERE {where} ORDER BY {query.order_sql()} "
                                    f"LIMIT {query.limit} OFFSET {query.offset}", *args)
        return page([dict(row) for row in rows], query.offset, query.limit, count)

    return add, list_


async def view_document(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        row = await service.readable(conn, caller(request), path_int(request, "document_id"))
    return success({"document": dict(row)})


async def withdraw_document(request: web.Request) -> web.Response:
    document_id = path_int(request, "document_id")
    async with request.app[PG].acquire() as conn:
        await service.withdraw(conn, caller(request), document_id)
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
