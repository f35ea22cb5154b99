"""The envelope every integration event travels in, and the base of each event's payload.

Payload models live in ``common.events.<context>`` so publisher and consumers share one
definition. The routing key is ``<context>.<aggregate>.<event>``.
"""

import uuid
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from common.ids import utcnow


class IntegrationEvent(BaseModel):
    """A versioned event payload; subclasses set ``routing_key`` and ``version``."""

    model_config = ConfigDict(frozen=True)

    routing_key: ClassVar[str]
    version: ClassVar[int] = 1


E = TypeVar("E", bound=IntegrationEvent)


class EventEnvelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str
    version: int
    network: str
    network_id: int
    occurred_at: datetime = Field(default_factory=utcnow)
    payload: dict[str, Any]

    @classmethod
    def wrap(cls, event: IntegrationEvent, network: str, network_id: int) -> Self:
        return cls(
            type=event.routing_key,
            version=event.version,
            network=network,
            network_id=network_id,
            payload=event.model_dump(mode="json"),
        )

    def parse(self, model: type["E"]) -> "E":
        return model.model_validate(self.payload)
