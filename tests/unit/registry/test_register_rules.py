"""The register's rules without a database: split, merge, issuance from an amount, refusals."""

from decimal import Decimal

import pytest

from common.errors import DomainError
from registry.domain import capitalizations as register
from registry.domain.capitalizations import CapitalizationType, Stage
from registry.domain.errors import RegistryError


def issued(shares: int, price: str, owner: int = 7, cap_id: int = 1, **kw) -> register.Capitalization:
    cap = register.new(kw.pop("organization_id", 10), kw.pop("capitalization_type", CapitalizationType.EQUITY),
                       kw.pop("stage", Stage.ISSUED), shares, Decimal(price), owner, 1)
    cap.id = cap_id
    return cap


def refused(code: RegistryError, call, *args) -> None:
    with pytest.raises(DomainError) as caught:
        call(*args)
    assert caught.value.code == code


def test_the_documents_merge_example_gives_200_shares_at_1_50():
    child = register.merge(issued(100, "1.00", cap_id=1), [issued(100, "2.00", cap_id=2)], 1)
    assert (child.number_of_shares, child.price_per_share) == (200, Decimal("1.5000"))
    assert child.parent_id == 1 and child.life_cycle_stage == Stage.ISSUED


def test_a_merge_weights_prices_by_shares_and_retires_the_parents():
    a, b = issued(100, "1.00", cap_id=1), issued(300, "2.00", cap_id=2)
    child = register.merge(a, [b], 1)
    assert child.price_per_share == Decimal("1.7500")  # (100 x 1 + 300 x 2) / 400
    assert [(p.number_of_shares, p.life_cycle_stage) for p in (a, b)] == [(0, Stage.DISTRIBUTED)] * 2


@pytest.mark.parametrize(("other", "code"), [
    (dict(organization_id=11), RegistryError.MERGE_OTHER_ORGANIZATION),
    (dict(capitalization_type=CapitalizationType.DEBT), RegistryError.MERGE_OTHER_TYPE),
    (dict(owner=8), RegistryError.MERGE_OTHER_OWNER),
    (dict(stage=Stage.OFFERED), RegistryError.MERGE_NOT_ISSUED),
])
def test_each_merge_refusal_has_its_own_code(other, code):
    refused(code, register.merge, issued(100, "1", cap_id=1), [issued(100, "1", cap_id=2, **other)], 1)


def test_a_merge_needs_others_each_once():
    refused(RegistryError.MERGE_NOTHING_TO_MERGE, register.merge, issued(1, "1"), [], 1)
    refused(RegistryError.MERGE_REPEATED, register.merge, issued(1, "1", cap_id=1), [issued(1, "1", cap_id=1)], 1)


def test_a_split_gives_children_the_parents_terms_and_retires_it():
    parent = issued(100, "1.00")
    children = register.split(parent, [(40, Decimal("1.50")), (60, Decimal("2.50"))], 5)
    assert [(c.number_of_shares, c.price_per_share, c.parent_id, c.owner_id) for c in children] == [
        (40, Decimal("1.50"), 1, 7), (60, Decimal("2.50"), 1, 7)]
    assert all(c.price_per_share_at_acquisition == Decimal("1.00") for c in children)
    assert (parent.number_of_shares, parent.life_cycle_stage, parent.is_holding) == (0, Stage.DISTRIBUTED, False)
    assert children[0].valuation_gain == Decimal("20.00")  # 40 x (1.50 - 1.00)


@pytest.mark.parametrize(("parent", "parts", "code"), [
    (dict(stage=Stage.AUTHORIZED), [(50, "1"), (50, "1")], RegistryError.SPLIT_NOT_ISSUED),
    ({}, [(100, "1")], RegistryError.SPLIT_TOO_FEW_PARTS),
    ({}, [(100, "1"), (0, "1")], RegistryError.SPLIT_PART_NOT_POSITIVE),
    ({}, [(40, "1"), (50, "1")], RegistryError.SPLIT_SUM_MISMATCH),
    ({}, [(60, "1"), (50, "1")], RegistryError.SPLIT_SUM_MISMATCH),
])
def test_each_split_refusal_has_its_own_code(parent, parts, code):
    refused(code, register.split, issued(100, "1", **parent), [(s, Decimal(p)) for s, p in parts], 1)


def test_take_moves_shares_into_a_new_issued_child():
    source = issued(1000, "0", owner=None, stage=Stage.AUTHORIZED)
    child = register.take(source, 250, 42, Decimal("2.00"), None)
    assert (source.number_of_shares, child.number_of_shares, child.owner_id, child.parent_id) == (750, 250, 42, 1)
    assert (child.life_cycle_stage, child.price_per_share_at_acquisition) == (Stage.ISSUED, Decimal("2.00"))
    refused(RegistryError.INSUFFICIENT_SHARES, register.take, source, 751, 42, Decimal(1), None)


@pytest.mark.parametrize(("amount", "price", "asked", "expected"), [
    ("1000.00", "2.50", None, (400, Decimal("0.00"))),
    ("1000.00", "3.00", None, (333, Decimal("1.00"))),  # the remainder buys no whole share
    ("1000.00", "3.00", 50, (50, Decimal(0))),  # the shares the investor asked for win
    ("1000.00", None, None, (0, Decimal("1000.00"))),
])
def test_an_amount_buys_whole_shares_and_leaves_a_remainder(amount, price, asked, expected):
    assert register.shares_bought(Decimal(amount), price and Decimal(price), asked) == expected


def test_weighted_price_rounds_to_four_places():
    assert register.weighted_price([(1, Decimal("1")), (2, Decimal("2"))]) == Decimal("1.6667")
