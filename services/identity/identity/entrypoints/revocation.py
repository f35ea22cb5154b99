"""Answers that changed a user's credentials name that user for the gateway that carried them."""

from aiohttp import web

from common.http.credentials_changed import CREDENTIALS_CHANGED_HEADER, format_user_ids
from identity.service.revocation import collecting_changed_credentials


@web.middleware
async def credentials_changed_middleware(request: web.Request, handler) -> web.StreamResponse:
    with collecting_changed_credentials() as changed:
        response = await handler(request)
    if changed:
        response.headers[CREDENTIALS_CHANGED_HEADER] = format_user_ids(changed)
    return response
