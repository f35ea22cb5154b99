"""The three social login flows, through Authlib's OAuth clients against configurable base URLs.

Facebook and LinkedIn: OAuth 2 authorization code. Twitter: OAuth 1.0a three legs, the
temporary token secret travelling in the link (the front end keeps it; we stay stateless).
"""

import secrets
from dataclasses import dataclass
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import AsyncOAuth1Client, AsyncOAuth2Client
from httpx2 import HTTPError

from identity.settings import IdentitySettings

TIMEOUT = 15


@dataclass(frozen=True)
class SocialAccount:
    provider: str
    account_id: str
    email: str | None
    email_verified: bool  # the provider vouches for the address
    given_name: str
    family_name: str


class ProviderError(Exception):
    """The provider refused, or answered something unusable."""


def _split_name(name: str) -> tuple[str, str]:
    given, _, family = (name or "").partition(" ")
    return given, family


async def _call(coroutine: Any) -> Any:
    try:
        return await coroutine
    except (AuthlibBaseError, HTTPError, ValueError, KeyError) as exc:
        raise ProviderError(str(exc) or type(exc).__name__) from None


class Facebook:
    name = "facebook"

    def __init__(self, settings: IdentitySettings) -> None:
        self.dialog_url, self.graph_url = settings.facebook_dialog_url, settings.facebook_graph_url

    def link(self, credentials: dict[str, str], redirect_uri: str) -> str:
        client = AsyncOAuth2Client(credentials["client_id"], scope="email,public_profile", redirect_uri=redirect_uri)
        url, _ = client.create_authorization_url(self.dialog_url, state=secrets.token_urlsafe(12))
        return url

    async def account(self, credentials: dict[str, str], code: str, redirect_uri: str) -> SocialAccount:
        async with AsyncOAuth2Client(credentials["client_id"], credentials["client_secret"], redirect_uri=redirect_uri,
                                     token_endpoint_auth_method="client_secret_post", timeout=TIMEOUT) as client:
            await _call(client.fetch_token(f"{self.graph_url}/oauth/access_token", code=code))
            response = await _call(client.get(f"{self.graph_url}/me",
                                              params={"fields": "id,name,email,first_name,last_name"}))
            profile = response.json()
        if "id" not in profile:
            raise ProviderError(profile.get("error", {}).get("message", "no profile"))
        return SocialAccount(self.name, str(profile["id"]), profile.get("email"), "email" in profile,
                             profile.get("first_name", ""), profile.get("last_name", ""))


class LinkedIn:
    name = "linkedin"

    def __init__(self, settings: IdentitySettings) -> None:
        self.auth_url, self.api_url = settings.linkedin_auth_url, settings.linkedin_api_url

    def link(self, credentials: dict[str, str], redirect_uri: str) -> str:
        client = AsyncOAuth2Client(credentials["client_id"], scope="openid profile email", redirect_uri=redirect_uri)
        url, _ = client.create_authorization_url(f"{self.auth_url}/authorization", state=secrets.token_urlsafe(12))
        return url

    async def account(self, credentials: dict[str, str], code: str, redirect_uri: str) -> SocialAccount:
        async with AsyncOAuth2Client(credentials["client_id"], credentials["client_secret"], redirect_uri=redirect_uri,
                                     token_endpoint_auth_method="client_secret_post", timeout=TIMEOUT) as client:
            await _call(client.fetch_token(f"{self.auth_url}/accessToken", code=code, grant_type="authorization_code"))
            response = await _call(client.get(f"{self.api_url}/userinfo"))
            info = response.json()
        if "sub" not in info:
            raise ProviderError(info.get("error_description", "no user info"))
        return SocialAccount(self.name, str(info["sub"]), info.get("email"), bool(info.get("email_verified")),
                             info.get("given_name", ""), info.get("family_name", ""))


class Twitter:
    name = "twitter"

    def __init__(self, settings: IdentitySettings) -> None:
        self.api_url = settings.twitter_api_url

    async def link(self, credentials: dict[str, str], callback: str) -> str:
        async with AsyncOAuth1Client(credentials["consumer_key"], credentials["consumer_secret"],
                                     redirect_uri=callback, timeout=TIMEOUT) as client:
            temporary = await _call(client.fetch_request_token(f"{self.api_url}/oauth/request_token"))
            url = client.create_authorization_url(f"{self.api_url}/oauth/authenticate", temporary["oauth_token"])
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}oauth_token_secret={temporary['oauth_token_secret']}"

    async def account(self, credentials: dict[str, str], oauth_token: str, oauth_token_secret: str,
                      oauth_verifier: str) -> SocialAccount:
        async with AsyncOAuth1Client(credentials["consumer_key"], credentials["consumer_secret"], token=oauth_token,
                                     token_secret=oauth_token_secret, timeout=TIMEOUT) as client:
            await _call(client.fetch_access_token(f"{self.api_url}/oauth/access_token", verifier=oauth_verifier))
            response = await _call(client.get(f"{self.api_url}/1.1/account/verify_credentials.json",
                                              params={"include_email": "true", "skip_status": "true"}))
            user = response.json()
        if "id_str" not in user:
            raise ProviderError(str(user.get("errors", "no user")))
        given, family = _split_name(user.get("name", ""))
        return SocialAccount(self.name, user["id_str"], user.get("email"), False, given, family)
