"""Applications (Beta): POST /self/applications, GET /public/applications (Approved only)."""

from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, ConfigDict

from common.http.app import PG
from common.http.envelope import page, success
from common.http.errors import PlatformError
from common.http.listing import ListSpec, parse_list_query
from common.http.requests import Int32, Int64, digits_as_int, null_means, read_entity
from common.json import dumps_str, loads
from common.money import Money, Price, exact_cents
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import Rate
from offerings.entrypoints.offerings import caller

APPROVED = 2
APPLICATIONS = ListSpec(sort_columns={"id": "id", "created_at": "created_at"})
_FIELDS = ("life_cycle_stage", "additional_type", "code", "description", "funding_goal", "interest_rate",
           "investment_amount", "number_of_shares", "offering", "organization", "price_per_share", "term")


class Application(BaseModel):
    model_config = ConfigDict(extra="forbid")
    life_cycle_stage: Annotated[int, BeforeValidator(digits_as_int)]
    additional_type: str | None = None
    code: str | None = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    description: str | None = None
    funding_goal: Money | None = None
    interest_rate: Rate | None = None
    investment_amount: Money | None = None
    number_of_shares: Int64 | None = None
    offering: Int64 | None = None
    organization: Int64 | None = None
    price_per_share: Price | None = None
    term: Int32 | None = None


async def create_application(request: web.Request) -> web.Response:
    principal, body = caller(request), await read_entity(request, Application, OfferingsError.FIELD_NOT_EDITABLE)
    if not 0 <= body.life_cycle_stage <= 4:
        raise PlatformError.VALIDATION_FAILED.error(fields={"life_cycle_stage": "0 Open, 1 Rejected, 2 Approved, 3 Withdrawn or 4 Completed"})
    for name in ("funding_goal", "investment_amount"):
        amount = getattr(body, name)
        if amount is not None and exact_cents(amount) is None:
            raise PlatformError.VALIDATION_FAILED.error(fields={name: "At most two decimal places, not negative"})
    values = [getattr(body, name) for name in _FIELDS]
    placeholders = ", ".join(f"${i}" for i in range(3, len(_FIELDS) + 3))
    async with request.app[PG].acquire() as conn:
        application_id = await conn.fetchval(
            f"INSERT INTO applications (network_id, user_id, {', '.join(_FIELDS)}, custom) "
            f"VALUES ($1, $2, {placeholders}, ${len(_FIELDS) + 3}::jsonb) RETURNING id",
            principal.network_id, principal.user_id, *values, dumps_str(body.custom or {}))
    return success({"application_id": application_id})


async def list_public_applications(request: web.Request) -> web.Response:
    principal = caller(request)
    query = parse_list_query(request.query, APPLICATIONS)
    async with request.app[PG].acquire() as conn:
        count = await conn.fetchval("SELECT count(*) FROM applications WHERE network_id = $1 AND life_cycle_stage = $2",
                                    principal.network_id, APPROVED)
        rows = await conn.fetch(
            f"SELECT a.*, trim(coalesce(u.given_name, '') || ' ' || coalesce(u.family_name, '')) AS user_name "
            f"FROM applications a LEFT JOIN directory_users u ON u.network_id = a.network_id AND u.user_id = a.user_id "
            f"WHERE a.network_id = $1 AND a.life_cycle_stage = $2 ORDER BY a.{query.order_by[0][0]} "
            f"{'DESC' if query.order_by[0][1] else 'ASC'} LIMIT {query.limit} OFFSET {query.offset}",
            principal.network_id, APPROVED)
    items = []
    for row in rows:
        item = dict(row)
        item.pop("network_id")
        item["custom"] = loads(item["custom"])
        item["info"] = [{"type": k, "value": v} for k, v in item["custom"].items()]
        item["author_id"] = item["user_id"]
        items.append(item)
    return page(items, query.offset, query.limit, count)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/{network}/self/applications", create_application)
    app.router.add_get("/v1/{network}/public/applications", list_public_applications)
