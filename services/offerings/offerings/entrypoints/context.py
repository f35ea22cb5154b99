"""A request's unit of work in offerings: it acts for the caller's network and its decisions ask
identity for the facts identity owns. The route that opens it commits it."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web

from common.http import context
from common.identity_facts import IDENTITY_FACTS
from offerings.service.unit_of_work import OfferingsUnitOfWork

T = TypeVar("T")


def unit_of_work(request: web.Request) -> OfferingsUnitOfWork:
    return context.unit_of_work(request, OfferingsUnitOfWork).asking(request.app[IDENTITY_FACTS])


async def committed(request: web.Request, use_case: Callable[..., Awaitable[T]], *arguments: Any) -> T:
    """What ``use_case`` answers, run in the request's unit of work, which is committed when it succeeds."""
    async with unit_of_work(request) as uow:
        answer = await use_case(uow, *arguments)
        await uow.commit()
    return answer
