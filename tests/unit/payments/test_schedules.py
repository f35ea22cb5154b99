"""Schedules from loan terms against amortization tables computed by hand."""

from datetime import date
from decimal import Decimal as D

from payments.domain.schedules import add_months, annuity_payment, schedule

START = date(2026, 1, 31)


def rows(method: str, principal: str = "1000.00", rate: str = "0.12", months: int = 3):
    return [(i.due_date, i.principal, i.interest) for i in schedule(D(principal), D(rate), months, START, method)]


def test_annuity_level_payment_and_table():
    # r = 1%: 1000 * 0.01 / (1 - 1.01^-3) = 340.0221... -> 340.02
    assert annuity_payment(D("1000"), D("0.01"), 3) == D("340.02")
    assert rows("annuity") == [
        (date(2026, 2, 28), D("330.02"), D("10.00")),   # 340.02 - 10.00
        (date(2026, 3, 31), D("333.32"), D("6.70")),    # 669.98 * 1% = 6.6998 -> 6.70
        (date(2026, 4, 30), D("336.66"), D("3.37")),    # the rest: 336.66, 336.66 * 1% = 3.3666 -> 3.37
    ]
    assert sum(p for _, p, _ in rows("annuity")) == D("1000.00")


def test_equal_principal_last_absorbs_rounding():
    assert rows("equal_principal") == [
        (date(2026, 2, 28), D("333.33"), D("10.00")),
        (date(2026, 3, 31), D("333.33"), D("6.67")),    # 666.67 * 1% = 6.6667
        (date(2026, 4, 30), D("333.34"), D("3.33")),    # 333.34 * 1% = 3.3334
    ]


def test_interest_only_with_a_final_balloon():
    assert rows("interest_only") == [
        (date(2026, 2, 28), D("0"), D("10.00")),
        (date(2026, 3, 31), D("0"), D("10.00")),
        (date(2026, 4, 30), D("1000.00"), D("10.00")),
    ]


def test_bullet_is_one_payment_of_principal_and_simple_interest():
    assert rows("bullet") == [(date(2026, 4, 30), D("1000.00"), D("30.00"))]


def test_zero_rate_annuity_and_month_ends():
    assert [p for _, p, _ in rows("annuity", "100.00", "0", 3)] == [D("33.33"), D("33.33"), D("33.34")]
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)
