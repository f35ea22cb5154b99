"""What a request may hold: plain ASCII numbers, nothing PostgreSQL can not store, and what an
explicit null means."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict

from common.errors import DomainError, PlatformError
from common.http.errors import error_body
from common.http.requests import (
    Flag,
    Int64,
    NotNull,
    digits_as_int,
    entity_change,
    null_means,
    parse_model,
    plain_decimal,
    unstorable,
)


@pytest.mark.parametrize("text", ["²", "١٢٣", "１２", "10_0", "1e3", "0x1"])
def test_a_number_in_anything_but_ascii_digits_is_no_number(text):
    with pytest.raises(ValueError):
        digits_as_int(text)


def test_ascii_digits_are_a_number_and_words_are_left_to_the_field():
    assert (digits_as_int(" 42 "), digits_as_int("true"), digits_as_int(7)) == (42, "true", 7)


@pytest.mark.parametrize("text", ["10_0", "١٢٣", "²", "1e3", "1 0", "NaN", "Infinity", ""])
def test_an_amount_is_plain_decimal_notation(text):
    with pytest.raises(ValueError):
        plain_decimal(text)


def test_plain_amounts_read_exactly():
    assert [plain_decimal(v) for v in ("1500.50", "-2", ".5", 7, Decimal("1E+2"))] == [
        Decimal("1500.50"), Decimal(-2), Decimal("0.5"), Decimal(7), Decimal(100)]


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def test_what_no_field_can_store_is_found_with_its_path():
    assert unstorable("a\x00", "name", 2) == ("name", "must not contain a NUL character")
    assert unstorable({"k": [1, 2**64]}, "custom", 2)[0] == "custom.k.1"
    assert unstorable({"k\x00": 1}, "custom", 2)[0] == "custom.k\x00"
    assert unstorable(nested(31), "custom", 2) is None  # 32 levels with the body
    assert "32 levels" in unstorable(nested(32), "custom", 2)[1]
    assert unstorable([-(2**63), 2**63 - 1, True, "text", Decimal("1e999")], "x", 2) is None


class Change(BaseModel):
    name: NotNull[str] = None
    shares: Int64 | None = None
    custom: Annotated[dict[str, Any] | None, null_means({})] = None
    visible: int = 0


def test_an_explicit_null_is_refused_the_default_or_not_set():
    with pytest.raises(DomainError) as refused:
        parse_model(Change, {"name": None})
    assert list(refused.value.fields) == ["name"]
    change = parse_model(Change, {"shares": None, "visible": None})
    assert (change.shares, change.visible, change.model_fields_set) == (None, 0, {"shares"})
    first, second = (parse_model(Change, {"custom": None}).custom for _ in range(2))
    assert first == {} and first is not second


# what the PHP SDK sends

class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    group_id: Int64 | None = None
    custom: dict[str, Any] | None = None
    is_open: Flag | None = None


NOT_EDITABLE = PlatformError.VALIDATION_FAILED
CURRENT = {"id": 7, "name": "Old", "amount_raised": Decimal("10.00"), "is_vip": False, "custom": {},
           "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)}


def test_an_entity_sent_back_whole_is_only_the_change_made():
    body = {"id": "7", "name": "New", "amount_raised": "10", "is_vip": "0", "custom": [], "created_at":
            "2026-01-02T03:04:05+0000", "contact_point": None, "unknown_to_the_document": "x"}
    change = entity_change(Entity, body, CURRENT, NOT_EDITABLE)
    assert change.model_dump(exclude_unset=True) == {"name": "New"}


def test_a_required_field_sent_back_as_the_null_it_holds_changes_nothing():
    class Profile(BaseModel):
        given_name: NotNull[str] = None
        tagline: str | None = None

    change = entity_change(Profile, {"given_name": None, "tagline": "New"}, {"given_name": None}, NOT_EDITABLE)
    assert change.model_dump(exclude_unset=True) == {"tagline": "New"}
    with pytest.raises(DomainError):  # null for a field that holds a value is still refused
        entity_change(Profile, {"given_name": None}, {"given_name": "Ada"}, NOT_EDITABLE)


@pytest.mark.parametrize("change", [{"id": 8}, {"amount_raised": "11"}, {"is_vip": True}, {"is_vip": "1"}])
def test_changing_a_field_the_caller_may_not_edit_is_refused_naming_it(change):
    with pytest.raises(DomainError) as refused:
        entity_change(Entity, {"name": "New"} | change, CURRENT, NOT_EDITABLE)
    assert error_body(refused.value)["data"]["fields"].keys() == change.keys()


def test_a_new_entity_may_hold_its_empty_properties_and_its_parents_id_only():
    body = {"id": None, "name": "N", "offering_id": "5", "is_vip": False, "amount_raised": "0.00", "documents": []}
    assert entity_change(Entity, body, None, NOT_EDITABLE, {"offering_id": "5"}).name == "N"
    for extra in ({"offering_id": "6"}, {"is_vip": True}, {"invested": "5"}):
        with pytest.raises(DomainError):
            entity_change(Entity, body | extra, None, NOT_EDITABLE, {"offering_id": "5"})


def test_phps_empty_array_empty_id_and_string_flags():
    change = parse_model(Entity, {"custom": [], "group_id": "", "is_open": "0"})
    assert (change.custom, change.group_id, change.is_open) == ({}, None, False)
    for flag, meaning in (("1", True), (1, True), ("true", True), ("TRUE", True), (0, False), ("false", False),
                          (True, True)):
        assert parse_model(Entity, {"is_open": flag}).is_open is meaning
    for not_a_flag in ("yes", "on", 2, "2", "", []):
        with pytest.raises(DomainError):
            parse_model(Entity, {"is_open": not_a_flag})
    with pytest.raises(DomainError):
        parse_model(Entity, {"name": []})  # a text field's [] is no object
