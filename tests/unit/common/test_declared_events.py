"""Declared events only: every contract a service consumes is declared by its producer
(``common.events.<context>``), a service names no other context's contract except to consume it,
publishing goes through the unit of work, and each routing key is derived from its class and
unique. The published and consumed contracts are read from the services' code, so a new
service, consumer or event is checked without being listed here."""

import ast
import importlib
import pkgutil
import re
from collections import Counter
from pathlib import Path

import pytest

import common.events
from common.messaging.envelope import IntegrationEvent, UndeclaredEvent

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ROOT / "services"
CONSUMERS_MODULE = Path("entrypoints/consumers.py")
GATEWAY_CONSUMER = Path("gateway/revocations.py")  # the gateway binds its queue there, and publishes nothing
INTENDED_SELF_CONSUMPTION: frozenset[tuple[str, type[IntegrationEvent]]] = frozenset()  # none so far


def event_classes() -> dict[str, type[IntegrationEvent]]:
    """Every event class each ``common.events`` module defines, contracts and bases, by name."""
    found = {}
    for info in pkgutil.iter_modules(common.events.__path__):
        module = importlib.import_module(f"common.events.{info.name}")
        found |= {name: value for name, value in vars(module).items() if isinstance(value, type)
                  and issubclass(value, IntegrationEvent) and value.__module__ == module.__name__}
    return found


def contracts() -> list[type[IntegrationEvent]]:
    return [cls for cls in event_classes().values() if cls.is_declared()]


def consumed() -> dict[str, set[type]]:
    """Each consumer (a service's ``CONSUMES``, the gateway's revoking events) and what it binds."""
    from gateway.revocations import REVOKING_EVENTS

    found = {"gateway": set(REVOKING_EVENTS)}
    for path in sorted(SERVICES.glob(f"*/*/{CONSUMERS_MODULE}")):
        service = path.parents[1].name
        found[service] = set(importlib.import_module(f"{service}.entrypoints.consumers").CONSUMES)
    return found


def service_modules(service: str) -> list[Path]:
    folder = SERVICES / service / service
    return sorted(path for path in folder.rglob("*.py")
                  if path.relative_to(folder) != CONSUMERS_MODULE and path.relative_to(SERVICES / service) != GATEWAY_CONSUMER)


def annotation_nodes(tree: ast.AST) -> set[int]:
    """ids of every node inside a type annotation (a consumer handler names the contract it takes)."""
    annotations = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            annotations.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            annotations.append(node.returns)
    return {id(inner) for annotation in annotations for inner in ast.walk(annotation)}


def named_events(tree: ast.AST) -> list[type[IntegrationEvent]]:
    """The event classes a module names outside annotations: ``from common.events.x import C``
    then ``C``, or ``from common.events import x`` then ``x.C``."""
    classes, modules = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("common.events"):
            for alias in node.names:
                imported = getattr(importlib.import_module(node.module), alias.name)
                target = classes if isinstance(imported, type) else modules
                target[alias.asname or alias.name] = imported
    skipped = annotation_nodes(tree)
    named = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Name) and node.id in classes and isinstance(node.ctx, ast.Load):
            named.append(classes[node.id])
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            named.append(getattr(modules[node.value.id], node.attr))
    return [cls for cls in named if isinstance(cls, type) and issubclass(cls, IntegrationEvent)]


def published() -> dict[str, set[type[IntegrationEvent]]]:
    """What each service names outside its consumers and their annotations: what it publishes."""
    return {service.name: {cls for path in service_modules(service.name)
                           for cls in named_events(ast.parse(path.read_text(), str(path)))}
            for service in sorted(SERVICES.iterdir()) if (service / service.name).is_dir()}


def test_every_consumed_contract_is_declared_by_its_producer():
    declared = set(contracts())
    undeclared = {(consumer, getattr(contract, "__name__", repr(contract)))
                  for consumer, bound in consumed().items() for contract in bound if contract not in declared}
    assert undeclared == set()
    assert all(bound for bound in consumed().values())  # each consumer module binds something


def test_no_service_consumes_its_own_contexts_events_unless_intended():
    own = {(consumer, contract) for consumer, bound in consumed().items() for contract in bound
           if contract.context == consumer} - INTENDED_SELF_CONSUMPTION
    assert own == set()


def test_a_service_names_only_its_own_contexts_events_outside_its_consumers():
    foreign = {(service, cls.__name__) for service, named in published().items() for cls in named
               if cls.__module__ != f"common.events.{service}"}
    assert foreign == set()


def test_every_published_contract_is_declared_and_its_producer_is_a_service():
    services = {path.name for path in SERVICES.iterdir() if (path / path.name).is_dir()}
    contexts = {cls.context for cls in contracts()}
    assert contexts <= services
    named = {cls for classes in published().values() for cls in classes if cls.routing_key}
    assert named <= set(contracts())


def calls_outside_the_unit_of_work(tree: ast.AST) -> list[int]:
    """Lines that write events without ``uow.publish``: ``record_event(s)(...)``,
    ``EventEnvelope.wrap(...)`` or SQL inserting into the outbox."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id in {"record_event", "record_events"}) or (
                    isinstance(func, ast.Attribute) and func.attr == "wrap"
                    and isinstance(func.value, ast.Name) and func.value.id == "EventEnvelope"):
                lines.append(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(
                r"insert\s+into\s+outbox", node.value, re.IGNORECASE):
            lines.append(node.lineno)
    return lines


def offenders_publishing_outside_the_unit_of_work() -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line}" for path in sorted(SERVICES.rglob("*.py"))
            for line in sorted(set(calls_outside_the_unit_of_work(ast.parse(path.read_text(), str(path)))))]


def test_services_publish_only_through_the_unit_of_work():
    assert offenders_publishing_outside_the_unit_of_work() == []


def test_the_publishing_scan_sees_a_direct_outbox_write():
    """The scan above can fail: it finds each way of writing an event around the unit of work."""
    source = ("await record_event(conn, EventEnvelope.wrap(event, 'demo', 1))\n"
              "await conn.execute('INSERT INTO outbox (id) VALUES ($1)', 1)\n")
    assert calls_outside_the_unit_of_work(ast.parse(source)) == [1, 1, 2]


def test_the_naming_scan_skips_annotations_and_sees_constructions():
    source = ("from common.events import offerings\n"
              "from common.events.identity import UserBlockedV1, UserDeletedV1 as Deleted\n"
              "async def handle(uow, event: UserBlockedV1) -> UserBlockedV1 | None:\n"
              "    blocked: UserBlockedV1 = event\n"
              "    uow.publish(Deleted(user_id=1))\n"
              "    return offerings.OfferingSettledV1\n")
    named = named_events(ast.parse(source))
    assert sorted(cls.__name__ for cls in named) == ["OfferingSettledV1", "UserDeletedV1"]


@pytest.mark.parametrize("contract", contracts(), ids=lambda contract: contract.__name__)
def test_a_routing_key_is_derived_from_its_class(contract):
    context, aggregate, fact = contract.routing_key.split(".")
    assert contract.__module__ == f"common.events.{context}"
    assert re.fullmatch(r"[a-z]+(_[a-z]+)*", aggregate) and re.fullmatch(r"[a-z]+(_[a-z]+)*", fact)
    camel = "".join(word.capitalize() for word in f"{aggregate}_{fact}".split("_"))
    assert contract.__name__ == f"{camel}V{contract.version}"


def test_routing_keys_are_unique():
    repeated = [key for key, count in Counter((c.routing_key, c.version) for c in contracts()).items() if count > 1]
    assert repeated == []
    assert len(contracts()) > 20  # every context's contracts were found


def test_a_second_class_for_a_declared_fact_is_refused():
    with pytest.raises(UndeclaredEvent):
        type("UserBlockedV1", (IntegrationEvent,), {"__module__": "common.events.identity"})
