"""The portfolio's figures, each worked out by hand.

The investor bought 100 shares at 2.00 (transaction cost 5.00) on 2024-01-10, split them into 30
kept (price 2.00), 30 offered (price 3.00) and 40 offered; a buyer bought the 40 at 3.50 on
2024-06-01 with a transaction cost of 4.00 recorded on the sale.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from registry.domain.capitalizations import Capitalization, CapitalizationType, Stage
from registry.domain.portfolio import entry, portfolio

INVESTOR, BUYER = 7, 8


def cap(cap_id, owner, stage, shares, price, acquired_shares, acquired_price, day, parent=None, cost="0"):
    return Capitalization(10, CapitalizationType.EQUITY, stage, shares, Decimal(price), owner, 1,
                          acquired_shares, Decimal(acquired_price), parent, Decimal(cost), cap_id,
                          datetime.combine(day, datetime.min.time(), UTC))


ACQUISITION = cap(1, INVESTOR, Stage.DISTRIBUTED, 0, "2.00", 100, "2.00", date(2024, 1, 10), cost="5.00")
KEPT = cap(2, INVESTOR, Stage.ISSUED, 30, "2.00", 30, "2.00", date(2024, 3, 1), parent=1)
OFFERED = cap(3, INVESTOR, Stage.OFFERED, 30, "3.00", 30, "2.00", date(2024, 3, 1), parent=1)
SOLD_FROM = cap(4, INVESTOR, Stage.OFFERED, 0, "3.50", 40, "2.00", date(2024, 3, 1), parent=1)
BOUGHT = cap(5, BUYER, Stage.ISSUED, 40, "3.50", 40, "3.50", date(2024, 6, 1), parent=4, cost="4.00")
TREE = [KEPT, OFFERED, SOLD_FROM, BOUGHT]


def test_each_figure_of_an_acquisition():
    figures = entry(ACQUISITION, TREE, "Acme")
    assert figures["name"] == "Acme" and figures["acquisition_date"] == ACQUISITION.created_at
    assert figures["number_of_shares"] == 60  # 30 kept + 30 offered; the 40 sold are the buyer's
    assert figures["investment_cost"] == Decimal("200.00")  # 2.00 x 100
    assert figures["transaction_cost"] == Decimal("5.00")
    assert figures["dividends_received"] == 0
    assert figures["sales_proceeds"] == Decimal("140.00")  # 3.50 x 40
    assert figures["capital_gains_realised"] == Decimal("56.00")  # 140.00 - 2.00 x 40 - 4.00


def test_sales_offered_and_held_lines():
    figures = entry(ACQUISITION, TREE, "Acme")
    assert figures["sales"] == [{
        "sale_date": BOUGHT.created_at, "number_of_shares": 40, "price_per_share": Decimal("3.50"),
        "sales_proceeds": Decimal("140.00"), "investment_cost": Decimal("80.00"), "transaction_cost": Decimal("4.00"),
        "capital_gains": Decimal("56.00")}]
    assert figures["offered"] == [{
        "sale_date": OFFERED.created_at, "number_of_shares": 30, "price_per_share": Decimal("3.00"),
        "sales_proceeds": 0, "investment_cost": Decimal("60.00"), "transaction_cost": Decimal(0), "capital_gains": 0}]
    assert [(line["number_of_shares"], line["investment_cost"]) for line in figures["held"]] == [(30, Decimal("60.00"))]


def test_an_acquisition_never_split_holds_its_own_shares():
    whole = cap(9, INVESTOR, Stage.ISSUED, 100, "2.50", 100, "2.00", date(2024, 1, 10))
    figures = entry(whole, [], "Acme")
    assert (figures["number_of_shares"], figures["investment_cost"], figures["sales"], figures["held"]) == (
        100, Decimal("200.00"), [], [])


def test_the_date_range_keeps_sales_made_in_it_and_acquisitions_made_by_its_end():
    in_2023 = portfolio([(ACQUISITION, TREE)], {10: "Acme"}, date(2023, 1, 1), date(2023, 12, 31))
    assert in_2023 == []
    first_half = portfolio([(ACQUISITION, TREE)], {10: "Acme"}, date(2024, 1, 1), date(2024, 5, 31))
    assert first_half[0]["sales"] == [] and first_half[0]["sales_proceeds"] == 0
    whole_year = portfolio([(ACQUISITION, TREE)], {10: "Acme"}, date(2024, 1, 1), date(2024, 12, 31))
    assert whole_year[0]["capital_gains_realised"] == Decimal("56.00")
