"""A service as small as a service gets, run as its own process by test_idempotency_crash (its
unit of work also serves test_unit_of_work):
``POST /v1/{network}/effects`` makes one effect (a row and the event it publishes) through a
request's unit of work. Its headers, which an Idempotency-Key does not cover, steer it:
``X-Hold`` makes the handler wait, after its effect, for the PostgreSQL advisory lock the test
holds; ``X-Then: fail`` or ``X-Then: refuse`` raises an error once the effect is committed to its
unit of work.

    CV_INTERNAL_SECRET=... EFFECTS_DSN=postgresql://... EFFECTS_PORT=8000 python -c 'import effect_service; effect_service.main()'
"""

import os

import asyncpg
from aiohttp import web

from common.errors import PlatformError
from common.http import idempotency
from common.http.app import create_service_app, postgres_context, run
from common.http.context import unit_of_work
from common.http.envelope import success
from common.http.requests import read_json
from common.messaging.envelope import IntegrationEvent
from common.settings import CommonSettings
from common.uow import UnitOfWork

HOLD_LOCK = 4_711  # the advisory lock a held request waits for
SCHEMA = "CREATE TABLE effects (id serial PRIMARY KEY, note text NOT NULL)"


class EffectFact(IntegrationEvent):
    """A base sharing fields: no contract, so it cannot be published."""

    effect_id: int


class EffectMadeV1(EffectFact):
    note: str


class Effects(UnitOfWork):
    context = EffectMadeV1.context

    def bind(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def make(self, note: str) -> int:
        effect_id = await self.connection.fetchval("INSERT INTO effects (note) VALUES ($1) RETURNING id", note)
        self.publish(EffectMadeV1(effect_id=effect_id, note=note))
        return effect_id

    async def wait_for_the_test(self) -> None:
        await self.connection.execute("SELECT pg_advisory_xact_lock($1)", HOLD_LOCK)


async def make_effect(request: web.Request) -> web.Response:
    note = (await read_json(request))["note"]
    async with unit_of_work(request, Effects) as uow:
        effect_id = await uow.make(note)
        if "X-Hold" in request.headers:
            await uow.wait_for_the_test()
        await uow.commit()
    then = request.headers.get("X-Then")
    if then == "fail":
        raise RuntimeError("the handler failed after its effect")
    if then == "refuse":
        raise PlatformError.VALIDATION_FAILED.error("Refused after the effect")
    return success({"effect_id": effect_id, "note": note}, status=201)


def create_app(settings: CommonSettings) -> web.Application:
    app = create_service_app("effects", settings)
    app.cleanup_ctx.append(postgres_context(os.environ["EFFECTS_DSN"], min_size=1, max_size=4))
    app.router.add_post("/v1/{network}/effects", make_effect)
    return app


def main() -> None:
    idempotency.IN_PROGRESS_WAIT = os.environ.get("EFFECTS_IN_PROGRESS_WAIT", idempotency.IN_PROGRESS_WAIT)
    run("effects", CommonSettings(), create_app, "127.0.0.1", int(os.environ["EFFECTS_PORT"]))
