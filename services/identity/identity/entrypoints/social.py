"""GET /social/{provider}/link and POST /social/{provider}/authenticate for Facebook, Twitter, LinkedIn."""

from typing import Any

from aiohttp import web
from pydantic import BaseModel

from common.errors import PlatformError
from common.http.context import caller, unit_of_work
from common.http.envelope import credential_answer, success
from common.http.requests import M, parse_model, read_json
from common.ids import utcnow
from identity.adapters.social import Facebook, LinkedIn, ProviderError, SocialAccount, Twitter
from identity.domain.errors import IdentityError
from identity.domain.networks import Network
from identity.entrypoints.keys import SETTINGS
from identity.service import networks, social
from identity.service.unit_of_work import IdentityUnitOfWork

PROVIDERS = web.AppKey("social_providers", dict)


async def _network_and_credentials(request: web.Request, provider: str) -> tuple[Network, dict[str, Any]]:
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
    credentials = network.provider_credentials.get(provider)
    if not credentials:
        raise IdentityError.PROVIDER_NOT_CONFIGURED.error()
    return network, credentials


def _redirect_uri(request: web.Request) -> str:
    redirect_uri = request.query.get("redirect_uri")
    if not redirect_uri:
        raise PlatformError.VALIDATION_FAILED.error(fields={"redirect_uri": "This query parameter is required"})
    return redirect_uri


def _twitter_callback(request: web.Request, credentials: dict[str, Any]) -> str:
    """The document's Twitter link takes only the network: the app's configured callback serves."""
    callback = request.query.get("redirect_uri") or credentials.get("callback_url")
    if not callback:
        raise IdentityError.PROVIDER_NOT_CONFIGURED.error(
            "The network's Twitter app has no callback_url; set it with cvctl network provider, or send redirect_uri")
    return callback


def link_handler(provider: str):
    async def link(request: web.Request) -> web.Response:
        _, credentials = await _network_and_credentials(request, provider)
        client = request.app[PROVIDERS][provider]
        try:
            if provider == "twitter":
                url = await client.link(credentials, _twitter_callback(request, credentials))
            else:
                url = client.link(credentials, _redirect_uri(request))
        except ProviderError as exc:
            raise IdentityError.SOCIAL_LOGIN_FAILED.error(f"The provider refused: {exc}") from None
        return success({"url": url})

    return link


class CodeBody(BaseModel):
    code: str
    redirect_uri: str
    url: str | None = None


class TwitterBody(BaseModel):
    oauth_token: str
    oauth_token_secret: str
    oauth_verifier: str
    url: str | None = None


async def _parameters(request: web.Request, model: type[M]) -> M:
    """The document's table puts them in the query string, its sample in a JSON body: both are read
    (the body wins where both name a parameter)."""
    return parse_model(model, dict(request.query) | await read_json(request))


async def _account(request: web.Request, provider: str, credentials: dict[str, Any]) -> SocialAccount:
    client = request.app[PROVIDERS][provider]
    try:
        if provider == "twitter":
            body = await _parameters(request, TwitterBody)
            return await client.account(credentials, body.oauth_token, body.oauth_token_secret, body.oauth_verifier)
        body = await _parameters(request, CodeBody)
        return await client.account(credentials, body.code, body.redirect_uri)
    except ProviderError as exc:
        raise IdentityError.SOCIAL_LOGIN_FAILED.error(f"The provider refused: {exc}") from None


def authenticate_handler(provider: str):
    async def authenticate(request: web.Request) -> web.Response:
        network, credentials = await _network_and_credentials(request, provider)
        account = await _account(request, provider, credentials)  # asks the provider, outside any transaction
        async with unit_of_work(request, IdentityUnitOfWork) as uow:
            user_id, token = await social.sign_in(uow, network, account, request.app[SETTINGS], utcnow())
            await uow.commit()
        return credential_answer({"token": token, "user_id": user_id})

    return authenticate


def add_routes(app: web.Application) -> None:
    settings = app[SETTINGS]
    app[PROVIDERS] = {"facebook": Facebook(settings), "twitter": Twitter(settings), "linkedin": LinkedIn(settings)}
    for provider in app[PROVIDERS]:
        app.router.add_get(f"/v1/{{network}}/social/{provider}/link", link_handler(provider))
        app.router.add_post(f"/v1/{{network}}/social/{provider}/authenticate", authenticate_handler(provider))
