"""Settings shared by every process, read from CV_* environment variables.

Each service extends ``CommonSettings`` with its own fields; every variable is listed
in docs/configuration.md. Secrets have no default: a serving process refuses to start
without them (``require_secrets``), so none ever runs on a value written in the repository.
Tools that only need the database (cvctl) read the same classes without them.
"""

from typing import ClassVar

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_LENGTH = 32  # characters; an HMAC-SHA256 key needs at least 256 bits (RFC 7518 3.2)
# the defaults earlier versions shipped: anyone can read them, so nothing may run on them
PUBLISHED_SECRETS = frozenset({"local-dev-internal-secret-change-me", "local-dev-token-secret-change-me"})


class MissingSecret(Exception):
    """A secret a serving process needs is unset, too short or published; the message names its variable."""


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CV_", extra="ignore")
    required_secrets: ClassVar[tuple[str, ...]] = ("internal_secret",)

    database_url: str = "postgresql://postgres@127.0.0.1:5432"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    broker_prefix: str = "cv"
    internal_secret: SecretStr | None = None  # required to serve: see require_secrets
    log_level: str = "INFO"
    log_format: str = "json"
    db_pool_min: int = 1
    db_pool_max: int = 10
    bookkeeping_retention_days: int = 7  # published outbox rows and handled inbox entries
    housekeeping_interval_seconds: float = 3600
    metrics_port: int = 0  # Prometheus metrics on a port of their own; 0: not served
    health_port: int = 0  # where a process without the API answers /healthz, /readyz; 0: the service's port

    def require_secrets(self) -> None:
        """Raise MissingSecret naming the first secret variable that is unset, too short or published."""
        for name in self.required_secrets:
            value = (getattr(self, name) or SecretStr("")).get_secret_value()
            variable = f"{self.model_config['env_prefix']}{name.upper()}"
            if not value:
                raise MissingSecret(f"{variable} is not set; generate one with `openssl rand -base64 32` "
                                    "(`make up` keeps its own in var/secrets.env)")
            if len(value) < MIN_SECRET_LENGTH:
                raise MissingSecret(f"{variable} is shorter than {MIN_SECRET_LENGTH} characters")
            if value in PUBLISHED_SECRETS:
                raise MissingSecret(f"{variable} is a default published in this repository's history")

    def secret(self, name: str) -> str:
        """A required secret's value (``require_secrets`` has vouched for it)."""
        self.require_secrets()
        return getattr(self, name).get_secret_value()

    def database_dsn(self, database: str) -> str:
        """DSN of one service's database on the configured server."""
        return f"{self.database_url.rstrip('/')}/{database}"

    @property
    def events_exchange(self) -> str:
        return f"{self.broker_prefix}.events"
