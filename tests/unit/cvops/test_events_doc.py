"""docs/events.md is what the code declares: regenerate it with `make events-doc`."""

import importlib
from pathlib import Path

from cvops import events_doc
from gateway.revocations import REVOKING_EVENTS

ROOT = Path(__file__).resolve().parents[3]


def test_the_events_document_is_generated_from_the_code():
    assert (ROOT / events_doc.DOC).read_text() == events_doc.render(), "run `make events-doc`"


def row(text: str, contract: type) -> str:
    [line] = [line for line in text.splitlines() if line.startswith(f"| [{contract.__name__}](")]
    return line


def test_each_contract_has_a_section_and_a_row_naming_every_consumer():
    text = events_doc.render()
    assert all(f"\n### {contract.__name__}\n" in text for contract in events_doc.contracts())
    bindings = [(contract, "gateway") for contract in REVOKING_EVENTS]
    for path in sorted((ROOT / "services").glob("*/*/entrypoints/consumers.py")):
        service = path.parents[1].name
        consumers = importlib.import_module(f"{service}.entrypoints.consumers")
        bindings += [(contract, service) for contract in consumers.CONSUMES]
    assert bindings and all(consumer in row(text, contract).split("|")[5] for contract, consumer in bindings)
