"""The envelope every integration event travels in, and the base of each event's payload.

Contracts live in ``common.events.<context>`` so publisher and consumers share one
definition; the routing key is derived from the contract's class.
"""

import re
import uuid
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from common.ids import utcnow


class UndeclaredEvent(TypeError):
    """An event that no producer declared (an abstract base, or another context's fact)."""


VERSIONED_NAME = re.compile(r"(?P<fact>[A-Z][A-Za-z0-9]*?)V(?P<version>[0-9]+)")


class IntegrationEvent(BaseModel):
    """One declared fact: a class named ``<Aggregate><Fact>V<n>`` in ``common.events.<context>``.

    Its routing key is derived from the class, ``<context>.<aggregate>.<fact>`` in snake case
    (``InvestmentApprovedV1`` in ``common.events.offerings`` is ``offerings.investment.approved``);
    a class whose aggregate is more than one word names it in ``aggregate``. A class without the
    version suffix is a base that shares fields and cannot be published.
    """

    model_config = ConfigDict(frozen=True)

    context: ClassVar[str] = ""
    aggregate: ClassVar[str] = ""
    routing_key: ClassVar[str] = ""
    version: ClassVar[int] = 0

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        named = VERSIONED_NAME.fullmatch(cls.__name__)
        if named is None:
            return
        cls.context = cls.__module__.rsplit(".", 1)[-1]
        words = _snake(named["fact"])
        aggregate = cls.__dict__.get("aggregate") or words.split("_", 1)[0]
        fact = words.removeprefix(aggregate).strip("_")
        cls.routing_key = f"{cls.context}.{aggregate}.{fact}"
        cls.version = int(named["version"])
        declared = DECLARED.setdefault((cls.routing_key, cls.version), cls)
        if declared is not cls:
            raise UndeclaredEvent(f"{cls.__name__} repeats {declared.__name__}'s {cls.routing_key} v{cls.version}")

    @classmethod
    def is_declared(cls) -> bool:
        return DECLARED.get((cls.routing_key, cls.version)) is cls


DECLARED: dict[tuple[str, int], type[IntegrationEvent]] = {}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


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
        if not type(event).is_declared():
            raise UndeclaredEvent(f"{type(event).__name__} is not a declared event")
        return cls(
            type=event.routing_key,
            version=event.version,
            network=network,
            network_id=network_id,
            payload=event.model_dump(mode="json"),
        )

    def parse(self, model: type["E"]) -> "E":
        return model.model_validate(self.payload)
