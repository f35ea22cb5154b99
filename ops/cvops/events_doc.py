"""docs/events.md, written from the code: each declared contract of ``common.events.<context>``
with its routing key, version, producer, consumers (the services whose ``CONSUMES`` bind it, and
the gateway) and payload. A test compares the file with ``render()``, so it cannot drift.

    python -m cvops.events_doc [PATH]      (make events-doc; PATH defaults to docs/events.md)
"""

import enum
import importlib
import inspect
import pkgutil
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, get_args

from pydantic.fields import FieldInfo

import common.events
from common.messaging.envelope import EventEnvelope, IntegrationEvent
from cvops.stack import SERVICE_PORTS

DOC = Path("docs/events.md")
Contract = type[IntegrationEvent]


def event_modules() -> list[Any]:
    return [importlib.import_module(f"common.events.{info.name}")
            for info in sorted(pkgutil.iter_modules(common.events.__path__), key=lambda info: info.name)]


def contracts() -> list[Contract]:
    """Every declared contract, context by context, in the order its module declares them."""
    return [value for module in event_modules() for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, IntegrationEvent)
            and value.__module__ == module.__name__ and value.is_declared()]


def consumers() -> dict[Contract, list[str]]:
    """Who binds each contract: every service's ``entrypoints.consumers.CONSUMES``, and the gateway."""
    from gateway.revocations import REVOKING_EVENTS

    bound: dict[Contract, list[str]] = defaultdict(list)
    for service in sorted(SERVICE_PORTS):
        module_name = f"{service}.entrypoints.consumers"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as missing:
            if not module_name.startswith(missing.name or "-"):
                raise
            continue  # a service that consumes nothing
        for contract in module.CONSUMES:
            bound[contract].append(service)
    for contract in REVOKING_EVENTS:
        bound[contract].append("gateway")
    return {contract: sorted(names) for contract, names in bound.items()}


def type_name(annotation: Any) -> str:
    if isinstance(annotation, type) and not get_args(annotation):
        return annotation.__name__
    return re.sub(r"\b[a-z_][a-z0-9_]*\.", "", str(annotation))  # datetime.date | None: date | None


def default_of(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        return "generated"
    return f"`{field.default!r}`"


def field_notes(contract: Contract) -> dict[str, str]:
    """The comment written beside each field, in the contract or the base it shares fields with."""
    notes = {}
    for cls in reversed(contract.__mro__):
        if cls.__module__.startswith("common.events."):
            for line in inspect.getsourcelines(cls)[0]:
                commented = re.match(r"\s+(\w+)\s*:[^#]*#\s*(.+)$", line)
                if commented:
                    notes[commented[1]] = commented[2].strip()
    return notes


def enum_values(annotation: Any) -> str:
    members = [arg for arg in (annotation, *get_args(annotation)) if isinstance(arg, type) and issubclass(arg, enum.Enum)]
    return "; ".join(", ".join(f"{member.value} {member.name}" for member in kind) for kind in members)


def payload_table(contract: Contract) -> list[str]:
    notes = field_notes(contract)
    rows = ["| field | type | default | meaning |", "|---|---|---|---|"]
    for name, field in contract.model_fields.items():
        note = "; ".join(part for part in (notes.get(name, ""), enum_values(field.annotation)) if part)
        cells = (f"`{name}`", f"`{type_name(field.annotation)}`", default_of(field), note)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")  # a pipe would split the cell
    return rows


def description(contract: Contract) -> list[str]:
    """The contract's docstring, and that of the base whose fields it shares."""
    lines = []
    own = contract.__dict__.get("__doc__")
    if own:
        lines += [inspect.cleandoc(own), ""]
    for base in contract.__mro__[1:]:
        if base.__module__ == contract.__module__ and base.__doc__:
            lines += [f"From `{base.__name__}`: {inspect.cleandoc(base.__doc__)}", ""]
    return lines


def contract_section(contract: Contract, consumed_by: list[str]) -> list[str]:
    return [f"### {contract.__name__}", "",
            f"Routing key `{contract.routing_key}`, version {contract.version}; produced by {contract.context}; "
            f"consumed by {', '.join(consumed_by) or 'no one yet'}.", "",
            *description(contract), *payload_table(contract), ""]


def envelope_table() -> list[str]:
    rows = ["| field | type |", "|---|---|"]
    return rows + [f"| `{name}` | `{type_name(field.annotation)}` |" for name, field in EventEnvelope.model_fields.items()]


HEADER = """# Integration events

Generated from the code by `make events-doc` (`python -m cvops.events_doc`); do not edit it by
hand: a test compares it with the code. Each event is a contract class in
`libs/common/common/events/<context>.py`; only the context of that module publishes it (through
its unit of work, `uow.publish(event)`), and a consumer binds it by class in its service's
`entrypoints/consumers.py`. The routing key derives from the class name
(`<Aggregate><Fact>V<n>` in context `c` is `c.<aggregate>.<fact>`, version `n`).

Every event travels on the `<prefix>.events` topic exchange in this envelope, its `type` the
routing key and its `payload` the contract's fields (a `Decimal` as a string, a `date` as
`YYYY-MM-DD`):
"""


def render() -> str:
    declared = contracts()
    bound = consumers()
    lines = [HEADER, *envelope_table(), "",
             "| event | routing key | version | producer | consumers |", "|---|---|---|---|---|"]
    lines += [f"| [{c.__name__}](#{c.__name__.lower()}) | `{c.routing_key}` | {c.version} | {c.context} | "
              f"{', '.join(bound.get(c, [])) or '-'} |" for c in declared]
    for context in dict.fromkeys(c.context for c in declared):
        lines += ["", f"## {context}", ""]
        for contract in (c for c in declared if c.context == context):
            lines += contract_section(contract, bound.get(contract, []))
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DOC
    path.write_text(render())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
