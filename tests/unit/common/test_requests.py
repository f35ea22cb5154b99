"""What a request may hold: plain ASCII numbers, nothing PostgreSQL can not store, and what an
explicit null means."""

from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from common.http.errors import ApiError
from common.http.requests import (
    Int64,
    NotNull,
    digits_as_int,
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
    with pytest.raises(ApiError) as refused:
        parse_model(Change, {"name": None})
    assert list(refused.value.fields) == ["name"]
    change = parse_model(Change, {"shares": None, "visible": None})
    assert (change.shares, change.visible, change.model_fields_set) == (None, 0, {"shares"})
    first, second = (parse_model(Change, {"custom": None}).custom for _ in range(2))
    assert first == {} and first is not second
