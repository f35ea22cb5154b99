"""/self/stats formulas and the pro-rata split, with figures computed by hand."""

from decimal import Decimal as D

from payments.domain.distribution import pro_rata
from payments.domain.stats import investment_stats


def test_received_sums_paid_transactions_per_type_and_outstanding_is_the_rest():
    payouts = [
        (0, D("100.00"), D("100.00")),  # a dividend paid in full
        (0, D("50.00"), D("20.00")),    # a dividend paid in part
        (1, D("300.00"), D("0")),       # a capital gain not yet paid
        (2, D("80.00"), D("80.00")),    # a loan repayment paid
        (2, D("80.00"), D("0")),        # one to come
    ]
    assert investment_stats(payouts) == {
        "total_dividends_received": "120.00", "outstanding_dividends": "30.00",
        "total_capitalgains_received": "0.00", "outstanding_capitalgains": "300.00",
        "total_loanrepayments_received": "80.00", "outstanding_loanrepayments": "80.00",
    }


def test_no_payouts_is_all_zero():
    assert set(investment_stats([]).values()) == {"0.00"}


def test_pro_rata_gives_leftover_cents_to_the_largest_remainders():
    # 100.00 over 1:1:1 = 33.333... each: floors 33.33 x3 = 99.99, one cent left -> the lowest id
    assert pro_rata(D("100.00"), {1: D("10"), 2: D("10"), 3: D("10")}) == {1: D("33.34"), 2: D("33.33"),
                                                                          3: D("33.33")}
    # 10.00 over 1000:2000:3000: 1.666.., 3.333.., 5.00 -> floors 1.66, 3.33, 5.00; the cent to id 1 (.0066 > .0033)
    assert pro_rata(D("10.00"), {1: D("1000"), 2: D("2000"), 3: D("3000")}) == {1: D("1.67"), 2: D("3.33"),
                                                                              3: D("5.00")}
    assert pro_rata(D("5"), {}) == {}
