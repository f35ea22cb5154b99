"""A sandbox imitating the parts of Facebook, Twitter (X) and LinkedIn that social login calls.

`python -m sandboxes.social` (address CV_SOCIAL_SANDBOX_HOST:CV_SOCIAL_SANDBOX_PORT, default
127.0.0.1:8201). Base URLs, so that only they differ from the real providers:

    Facebook  dialog  {base}/facebook/www/v19.0/dialog/oauth     graph {base}/facebook/graph/v19.0
    Twitter   {base}/twitter                                      (oauth/..., 1.1/account/...)
    LinkedIn  auth    {base}/linkedin/www/oauth/v2                api   {base}/linkedin/api/v2

Any client id and secret are accepted (Twitter requests must still be correctly signed with
them). The consent pages list the fake accounts; a test approves or denies without a browser
by adding `sandbox_account=<id>` and `sandbox_decision=approve|deny` to the consent URL,
which then redirects at once. `POST /_sandbox/accounts` adds an account.
"""

import html
import secrets
import zlib
from dataclasses import asdict, dataclass
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from oauthlib.common import Request as OAuthRequest
from oauthlib.oauth1.rfc5849 import signature
from pydantic_settings import BaseSettings, SettingsConfigDict


def provider_urls(base: str) -> dict[str, str]:
    """Identity's settings (field names) that point social login at this sandbox served at ``base``."""
    return {
        "facebook_dialog_url": f"{base}/facebook/www/v19.0/dialog/oauth",
        "facebook_graph_url": f"{base}/facebook/graph/v19.0",
        "twitter_api_url": f"{base}/twitter",
        "linkedin_auth_url": f"{base}/linkedin/www/oauth/v2",
        "linkedin_api_url": f"{base}/linkedin/api/v2",
    }


# app credentials the sandbox accepts (a Twitter consumer key K has the secret K-secret)
DEMO_CREDENTIALS = {
    "facebook": {"client_id": "demo-facebook-app", "client_secret": "demo-facebook-secret"},
    "linkedin": {"client_id": "demo-linkedin-app", "client_secret": "demo-linkedin-secret"},
    "twitter": {"consumer_key": "demo-twitter-app", "consumer_secret": "demo-twitter-app-secret",
                "callback_url": "http://localhost:3000/social/twitter/callback"},
}


class SocialSandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CV_", extra="ignore")

    social_sandbox_host: str = "127.0.0.1"
    social_sandbox_port: int = 8201


@dataclass
class Account:
    id: str
    name: str
    given_name: str
    family_name: str
    email: str | None
    email_verified: bool = True


DEFAULT_ACCOUNTS = [
    Account("alice", "Alice Example", "Alice", "Example", "alice@social.example"),
    Account("bob", "Bob Noemail", "Bob", "Noemail", None, False),
]


class SocialSandbox:
    def __init__(self) -> None:
        self.accounts = {a.id: a for a in DEFAULT_ACCOUNTS}
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (account id, redirect_uri)
        self.tokens: dict[str, str] = {}  # access token -> account id
        self.request_tokens: dict[str, dict[str, str]] = {}  # Twitter temporary credentials
        self.user_tokens: dict[str, tuple[str, str]] = {}  # Twitter token -> (secret, account id)

    # consent, shared by the OAuth 2 providers
    def consent(self, request: web.Request, provider: str) -> web.StreamResponse:
        query = request.query
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        decision = query.get("sandbox_decision")
        if decision is None:
            return self._consent_page(request, provider)
        if decision != "approve" or query.get("sandbox_account") not in self.accounts:
            raise _redirect(redirect_uri, {"error": "access_denied", "error_reason": "user_denied",
                                            "error_description": "Permissions error", "state": state})
        code = secrets.token_urlsafe(16)
        self.codes[code] = (query["sandbox_account"], redirect_uri)
        raise _redirect(redirect_uri, {"code": code, "state": state})

    def _consent_page(self, request: web.Request, provider: str) -> web.Response:
        links = []
        for account in self.accounts.values():
            for decision in ("approve", "deny"):
                url = request.url.update_query(sandbox_account=account.id, sandbox_decision=decision)
                links.append(f'<li><a href="{html.escape(str(url))}">{decision} as {html.escape(account.name)}</a></li>')
        body = f"<h1>{provider} sandbox: sign in</h1><ul>{''.join(links)}</ul>"
        return web.Response(text=body, content_type="text/html")

    def take_code(self, code: str, redirect_uri: str) -> Account | None:
        entry = self.codes.pop(code, None)  # codes are single use
        if entry is None or entry[1] != redirect_uri:
            return None
        return self.accounts[entry[0]]

    def issue_token(self, account: Account) -> str:
        token = secrets.token_urlsafe(24)
        self.tokens[token] = account.id
        return token


def _redirect(redirect_uri: str, params: dict[str, str]) -> web.HTTPFound:
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return web.HTTPFound(redirect_uri + separator + urlencode(params))


def _facebook_error(message: str, code: int) -> web.Response:
    return web.json_response({"error": {"message": message, "type": "OAuthException", "code": code,
                                        "fbtrace_id": secrets.token_hex(6)}}, status=400)


async def _form_and_query(request: web.Request) -> dict[str, str]:
    values = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        values |= {k: str(v) for k, v in (await request.post()).items()}
    return values


def facebook_routes(sandbox: SocialSandbox) -> list[web.RouteDef]:
    async def dialog(request: web.Request) -> web.StreamResponse:
        return sandbox.consent(request, "Facebook")

    async def access_token(request: web.Request) -> web.Response:
        values = await _form_and_query(request)
        account = sandbox.take_code(values.get("code", ""), values.get("redirect_uri", ""))
        if account is None or not values.get("client_secret"):
            return _facebook_error("Invalid verification code format.", 100)
        return web.json_response({"access_token": sandbox.issue_token(account), "token_type": "bearer",
                                  "expires_in": 5183944})

    async def me(request: web.Request) -> web.Response:
        token = request.query.get("access_token") or request.headers.get("Authorization", "").removeprefix("Bearer ")
        account_id = sandbox.tokens.get(token)  # Graph takes the token as a parameter or a bearer header
        if account_id is None:
            return _facebook_error("Invalid OAuth access token.", 190)
        account = sandbox.accounts[account_id]
        profile = {"id": f"fb-{account.id}", "name": account.name, "first_name": account.given_name,
                   "last_name": account.family_name}
        if account.email and account.email_verified:  # Facebook only shares confirmed addresses
            profile["email"] = account.email
        return web.json_response(profile)

    return [web.get("/facebook/www/v19.0/dialog/oauth", dialog),
            web.route("*", "/facebook/graph/v19.0/oauth/access_token", access_token),
            web.get("/facebook/graph/v19.0/me", me)]


def linkedin_routes(sandbox: SocialSandbox) -> list[web.RouteDef]:
    async def authorization(request: web.Request) -> web.StreamResponse:
        return sandbox.consent(request, "LinkedIn")

    async def access_token(request: web.Request) -> web.Response:
        values = await _form_and_query(request)
        account = sandbox.take_code(values.get("code", ""), values.get("redirect_uri", ""))
        if values.get("grant_type") != "authorization_code" or not values.get("client_secret"):
            return web.json_response({"error": "invalid_client", "error_description": "Client authentication failed"},
                                     status=401)
        if account is None:
            return web.json_response({"error": "invalid_request", "error_description": "Unable to retrieve access token"},
                                     status=400)
        return web.json_response({"access_token": sandbox.issue_token(account), "expires_in": 5184000,
                                  "scope": "openid,profile,email", "token_type": "Bearer"})

    async def userinfo(request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        account_id = sandbox.tokens.get(token)
        if account_id is None:
            return web.json_response({"error": "invalid_token", "error_description": "Invalid access token"}, status=401)
        account = sandbox.accounts[account_id]
        return web.json_response({"sub": f"li-{account.id}", "name": account.name, "given_name": account.given_name,
                                  "family_name": account.family_name, "email": account.email,
                                  "email_verified": account.email_verified, "locale": {"country": "US", "language": "en"}})

    return [web.get("/linkedin/www/oauth/v2/authorization", authorization),
            web.post("/linkedin/www/oauth/v2/accessToken", access_token),
            web.get("/linkedin/api/v2/userinfo", userinfo)]


def _twitter_error(code: int, message: str) -> web.Response:
    return web.json_response({"errors": [{"code": code, "message": message}]}, status=401)


def _oauth_params(request: web.Request, body: str) -> list[tuple[str, str]]:
    return signature.collect_parameters(uri_query=request.query_string, body=body,
                                        headers={"Authorization": request.headers.get("Authorization", "")},
                                        exclude_oauth_signature=False)


def _signed(request: web.Request, body: str, token_secret: str) -> dict[str, str] | None:
    """The request's OAuth parameters, if its HMAC-SHA1 signature is right for the consumer
    key's secret and ``token_secret``."""
    params = _oauth_params(request, body)
    values = dict(params)
    oauth_request = OAuthRequest(str(request.url), request.method, body, dict(request.headers))
    oauth_request.params = [(k, v) for k, v in params if k != "oauth_signature"]
    oauth_request.signature = values.get("oauth_signature", "")
    secret = consumer_secret_for(values.get("oauth_consumer_key", ""))
    return values if signature.verify_hmac_sha1(oauth_request, secret, token_secret) else None


def consumer_secret_for(consumer_key: str) -> str:
    """The sandbox's rule: a consumer key ``K`` has the secret ``K-secret``."""
    return f"{consumer_key}-secret"


def twitter_routes(sandbox: SocialSandbox) -> list[web.RouteDef]:
    async def request_token(request: web.Request) -> web.Response:
        body = await request.text()
        params = _signed(request, body, "")
        if params is None:
            return _twitter_error(32, "Could not authenticate you.")
        token, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
        sandbox.request_tokens[token] = {"secret": secret, "callback": params.get("oauth_callback", "oob")}
        return web.Response(text=urlencode({"oauth_token": token, "oauth_token_secret": secret,
                                            "oauth_callback_confirmed": "true"}),
                            content_type="application/x-www-form-urlencoded")

    async def authenticate(request: web.Request) -> web.StreamResponse:
        token = request.query.get("oauth_token", "")
        pending = sandbox.request_tokens.get(token)
        if pending is None:
            return _twitter_error(89, "Invalid or expired token.")
        decision = request.query.get("sandbox_decision")
        if decision is None:
            return sandbox._consent_page(request, "Twitter")
        if decision != "approve" or request.query.get("sandbox_account") not in sandbox.accounts:
            raise _redirect(pending["callback"], {"denied": token})
        pending["verifier"] = secrets.token_urlsafe(12)
        pending["account"] = request.query["sandbox_account"]
        raise _redirect(pending["callback"], {"oauth_token": token, "oauth_verifier": pending["verifier"]})

    async def access_token(request: web.Request) -> web.Response:
        body = await request.text()
        params = dict(_oauth_params(request, body))
        pending = sandbox.request_tokens.get(params.get("oauth_token", ""))
        if pending is None or _signed(request, body, pending["secret"]) is None:
            return _twitter_error(89, "Invalid or expired token.")
        if params.get("oauth_verifier") != pending.get("verifier"):
            return _twitter_error(32, "Could not authenticate you.")
        del sandbox.request_tokens[params["oauth_token"]]
        account = sandbox.accounts[pending["account"]]
        token, secret = f"tw-{secrets.token_urlsafe(16)}", secrets.token_urlsafe(24)
        sandbox.user_tokens[token] = (secret, account.id)
        return web.Response(text=urlencode({"oauth_token": token, "oauth_token_secret": secret,
                                            "user_id": f"tw-{account.id}", "screen_name": account.id}),
                            content_type="application/x-www-form-urlencoded")

    async def verify_credentials(request: web.Request) -> web.Response:
        params = dict(_oauth_params(request, ""))
        entry = sandbox.user_tokens.get(params.get("oauth_token", ""))
        if entry is None or _signed(request, "", entry[0]) is None:
            return _twitter_error(89, "Invalid or expired token.")
        account = sandbox.accounts[entry[1]]
        user = {"id": zlib.crc32(account.id.encode()), "id_str": f"tw-{account.id}", "name": account.name,
                "screen_name": account.id, "profile_image_url_https": None}
        if account.email and request.query.get("include_email") == "true":
            user["email"] = account.email
        return web.json_response(user)

    return [web.post("/twitter/oauth/request_token", request_token),
            web.get("/twitter/oauth/authenticate", authenticate),
            web.post("/twitter/oauth/access_token", access_token),
            web.get("/twitter/1.1/account/verify_credentials.json", verify_credentials)]


def create_app() -> web.Application:
    sandbox = SocialSandbox()
    app = web.Application()

    async def add_account(request: web.Request) -> web.Response:
        account = Account(**await request.json())
        sandbox.accounts[account.id] = account
        return web.json_response(asdict(account))

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.add_routes([*facebook_routes(sandbox), *linkedin_routes(sandbox), *twitter_routes(sandbox),
                    web.post("/_sandbox/accounts", add_account), web.get("/healthz", health)])
    return app


def main() -> None:
    settings = SocialSandboxSettings()
    web.run_app(create_app(), host=settings.social_sandbox_host, port=settings.social_sandbox_port,
                access_log=None, print=None)


if __name__ == "__main__":
    main()
