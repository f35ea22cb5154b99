"""Applications (Beta): a user's preliminary ask or bid."""

from typing import Any

from common.http.principal import Principal
from offerings.service.unit_of_work import OfferingsUnitOfWork


async def submit(uow: OfferingsUnitOfWork, principal: Principal, given: dict[str, Any]) -> int:
    async with uow:
        application_id = await uow.applications.add(principal.user_id, given)
        await uow.commit()
    return application_id
