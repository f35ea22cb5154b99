from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from common.json import dumps, loads, wire_form


def test_money_is_written_as_a_string_never_a_float():
    assert dumps({"amount": Decimal("1234.50")}) == b'{"amount":"1234.50"}'


def test_timestamps_are_written_in_utc_as_the_document_shows():
    paris = timezone(timedelta(hours=1))
    stamp = datetime(2017, 1, 18, 15, 53, 20, tzinfo=paris)
    assert dumps({"at": stamp}) == b'{"at":"2017-01-18T14:53:20+0000"}'


def test_dates_are_written_as_iso_dates():
    assert dumps({"on": date(2026, 2, 3)}) == b'{"on":"2026-02-03"}'


def test_numbers_with_a_fraction_are_read_as_decimal():
    assert loads(b'{"amount": 0.1}') == {"amount": Decimal("0.1")}


def test_a_value_travelling_inside_an_event_keeps_its_wire_form():
    """An event's pydantic dump would write 2017-01-18T14:53:20.000001Z; the wire form is the document's."""
    stamp = datetime(2017, 1, 18, 14, 53, 20, 1, tzinfo=timezone.utc)
    assert wire_form({"created_at": stamp, "amount": Decimal("5.00"), "on": date(2026, 2, 3)}) == {
        "created_at": "2017-01-18T14:53:20+0000", "amount": "5.00", "on": "2026-02-03"}
