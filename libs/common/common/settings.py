"""Settings shared by every process, read from CV_* environment variables.

Each service extends ``CommonSettings`` with its own fields; every variable is listed
in docs/configuration.md.
"""

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CV_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    broker_prefix: str = "cv"
    internal_secret: SecretStr = SecretStr("local-dev-internal-secret-change-me")
    log_level: str = "INFO"
    log_format: str = "json"
    db_pool_min: int = 1
    db_pool_max: int = 10
    bookkeeping_retention_days: int = 7  # published outbox rows and handled inbox entries
    housekeeping_interval_seconds: float = 3600
    metrics_port: int = 0  # Prometheus metrics on a port of their own; 0: not served

    def database_dsn(self, database: str) -> str:
        """DSN of one service's database on the configured server."""
        return f"{self.database_url.rstrip('/')}/{database}"

    @property
    def events_exchange(self) -> str:
        return f"{self.broker_prefix}.events"
