"""The register's OCF export validates against the Open Cap Format's own JSON schemas, read from
../shared/ocf/ (their license keeps them out of this repository)."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from registry.domain import capitalizations as register
from registry.domain import ocf
from registry.domain.capitalizations import CapitalizationType, Stage

ROOT = Path(__file__).resolve().parents[3]
# ../shared/ocf beside the checkout (a worktree's checkout sits one level deeper)
SCHEMAS = next((folder / "shared" / "ocf" / "schema" for folder in ROOT.parents
                if (folder / "shared" / "ocf" / "schema").is_dir()), ROOT.parent / "shared" / "ocf" / "schema")
FILES = {"stock_classes": ("OCF_STOCK_CLASSES_FILE", "StockClassesFile"),
         "stakeholders": ("OCF_STAKEHOLDERS_FILE", "StakeholdersFile"),
         "transactions": ("OCF_TRANSACTIONS_FILE", "TransactionsFile")}


# the issue asks the test to say what is missing when the schemas are absent, not to fail
needs_schemas = pytest.mark.skipif(
    not SCHEMAS.is_dir(), reason=f"the OCF JSON schemas are not at {SCHEMAS} (the Open Cap Format repository's "
    "schema/ folder, checked out beside this one as ../shared/ocf; they may not be copied into this repository)")


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    return {path.stem.removesuffix(".schema"): json.loads(path.read_text()) for path in SCHEMAS.rglob("*.schema.json")}


def validator(schemas: dict[str, dict], name: str) -> Draft7Validator:
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    return Draft7Validator(schemas[name], registry=registry)


def register_of_an_organization() -> list[register.Capitalization]:
    at = datetime(2024, 1, 10, tzinfo=UTC)
    authorized = register.new(10, CapitalizationType.EQUITY, Stage.AUTHORIZED, 10_000, Decimal(0), None, 1)
    founder = register.new(10, CapitalizationType.EQUITY, Stage.ISSUED, 1000, Decimal("0.01"), 7, 1)
    preferred = register.new(10, CapitalizationType.PREFERRED_EQUITY, Stage.ISSUED, 500, Decimal("2.5"), 8, 1)
    loan = register.new(10, CapitalizationType.DEBT, Stage.ISSUED, 1, Decimal(1000), 9, 1)
    caps = [authorized, founder, preferred, loan]
    for cap_id, cap in enumerate(caps, start=1):
        cap.id, cap.created_at = cap_id, at
    investor = register.take(authorized, 400, 11, Decimal("2.50"), None)
    kept, sold = register.split(founder, [(600, Decimal("0.01")), (400, Decimal("3"))], 7)
    for cap_id, cap in enumerate((investor, kept, sold), start=5):
        cap.id, cap.created_at = cap_id, datetime(2024, 6, 1, tzinfo=UTC)
    return [*caps, investor, kept, sold]


@needs_schemas
def test_the_export_validates_against_the_ocf_schemas(schemas):
    exported = ocf.document(10, "Acme Inc.", register_of_an_organization(), {7: "Fay Founder", 11: "Ivan Investor"})
    errors = list(validator(schemas, "Issuer").iter_errors(exported["issuer"]))
    for key, (file_type, schema) in FILES.items():
        errors += validator(schemas, schema).iter_errors({"file_type": file_type, "items": exported[key]})
    assert [error.message for error in errors] == []


def test_the_export_holds_the_registers_issuances_transfers_and_classes():
    """What the export says, schemas or not: shares issued and moved, one class per equity kind, debt no stock."""
    exported = ocf.document(10, "Acme Inc.", register_of_an_organization(), {7: "Fay Founder", 11: "Ivan Investor"})
    assert {tx["object_type"] for tx in exported["transactions"]} == {"TX_STOCK_ISSUANCE", "TX_STOCK_TRANSFER"}
    assert [c["class_type"] for c in exported["stock_classes"]] == ["COMMON", "PREFERRED"]
    assert all("stakeholder-9" != s["id"] for s in exported["stakeholders"])  # debt is no stock


@needs_schemas
def test_a_broken_export_is_caught(schemas):
    exported = ocf.document(10, "Acme Inc.", register_of_an_organization(), {})
    exported["transactions"][0]["quantity"] = 12.5  # OCF numerics are strings
    errors = list(validator(schemas, "TransactionsFile").iter_errors(
        {"file_type": "OCF_TRANSACTIONS_FILE", "items": exported["transactions"]}))
    assert errors
