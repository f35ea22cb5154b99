from typing import ClassVar

from pydantic import NonNegativeInt, PositiveInt, SecretStr

from common.settings import CommonSettings


class IdentitySettings(CommonSettings):
    required_secrets: ClassVar[tuple[str, ...]] = ("internal_secret", "token_secret")

    identity_host: str = "127.0.0.1"
    identity_port: int = 8101
    identity_database: str = "cv_identity"
    token_secret: SecretStr | None = None  # required to serve
    token_ttl_seconds: int = 86_400
    auth_freshness_seconds: int = 900  # how far Created may be from now
    token_cache_seconds: int = 30  # how long the gateway may reuse a verified session token
    auth_free_failures: NonNegativeInt = 10  # wrong passwords an account may type before each next check waits
    auth_max_wait_seconds: PositiveInt = 900  # the longest such wait (it doubles with each wrong password)
    auth_network_failures_per_minute: PositiveInt = 300  # wrong passwords through a network's API key a minute
    smtp_url: str = "smtp://127.0.0.1:1025"
    mail_from: str = "Back office <no-reply@backoffice.local>"
    facebook_dialog_url: str = "https://www.facebook.com/v19.0/dialog/oauth"
    facebook_graph_url: str = "https://graph.facebook.com/v19.0"
    twitter_api_url: str = "https://api.twitter.com"
    linkedin_auth_url: str = "https://www.linkedin.com/oauth/v2"
    linkedin_api_url: str = "https://api.linkedin.com/v2"

    @property
    def dsn(self) -> str:
        return self.database_dsn(self.identity_database)
