from datetime import date

import pytest
from multidict import MultiDict

from common.errors import DomainError, PlatformError
from common.http.listing import ListSpec, integer_filter, parse_list_query, where_sql

SPEC = ListSpec(
    sort_columns={"id": "id", "created_at": "created_at", "name": "name"},
    filter_columns={"life_cycle_stage": "life_cycle_stage"},
    filter_parsers={"life_cycle_stage": integer_filter},
    date_column="created_at",
)


def parse(**params):
    return parse_list_query(MultiDict(params), SPEC)


def test_defaults_page_from_zero_in_id_order():
    query = parse()
    assert (query.offset, query.limit, query.order_by, query.filters) == (0, 25, [("id", False)], {})


def test_sort_takes_several_fields_with_descending_marks():
    assert parse(sort="-created_at,name").order_by == [("created_at", True), ("name", False), ("id", False)]


def test_filters_take_comma_separated_values():
    query = parse(**{"filter[life_cycle_stage]": "5,6"})
    assert query.filters == {"life_cycle_stage": [5, 6]}
    assert where_sql(query, 1) == ("life_cycle_stage = ANY($1)", [[5, 6]])


def test_a_cache_buster_and_tracking_parameters_change_nothing():
    assert parse(_="1700000000", utm_source="newsletter", sort="name") == parse(sort="name")


def test_date_range_becomes_an_inclusive_where_clause():
    query = parse(start_date="2026-01-01", end_date="2026-01-31")
    assert query.start_date == date(2026, 1, 1)
    sql, args = where_sql(query, 3, "created_at")
    assert sql == "created_at >= $3 AND created_at < $4::date + 1"
    assert args == [date(2026, 1, 1), date(2026, 1, 31)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "password"}, "sort"),
        ({"filter[email]": "a"}, "filter[email]"),
        ({"filter[life_cycle_stage]": "x"}, "filter[life_cycle_stage]"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "9" * 19}, "offset"),
        ({"filter[life_cycle_stage]": "9" * 19}, "filter[life_cycle_stage]"),
        ({"filter[colour]": "red"}, "filter[colour]"),
        ({"filter[life-cycle]": "5"}, "filter[life-cycle]"),
        ({"start_date": "01/02/2026"}, "start_date"),
        ({"start_date": "2026-02-02", "end_date": "2026-01-01"}, "start_date"),
    ],
)
def test_bad_list_parameters_are_a_clear_400_naming_the_field(params, field):
    with pytest.raises(DomainError) as caught:
        parse(**params)
    assert caught.value.code == PlatformError.BAD_LIST_QUERY
    assert caught.value.status == 400
    assert field in caught.value.fields
