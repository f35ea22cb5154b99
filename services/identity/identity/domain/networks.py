"""A network: one tenant of the platform, with its keys, settings and constants."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Network:
    id: int
    name: str
    api_key: str
    api_secret: str
    settings: dict[str, Any]
    globals: dict[str, Any]
    cors_origins: list[str]
    created_at: datetime
    provider_credentials: dict[str, Any]

    @property
    def answers_uniformly(self) -> bool:
        """The network's setting under which answers never tell whether an email is registered."""
        return bool(self.settings.get("uniform_account_answers", False))

    @property
    def frontend_origins(self) -> list[str]:
        """The origins of the network's front-ends: the only places a mailed link may point."""
        return list(self.settings.get("frontend_urls", []))

    @property
    def allows_self_approval(self) -> bool:
        return bool(self.settings.get("user_self_approval", True))
