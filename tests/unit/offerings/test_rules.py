"""Offerings' rules without a database: who sees which stage, investments' first stage and
moves, the investor count, identity's block and onboarding as offerings reads them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from common.errors import DomainError
from common.vocabulary import Visibility
from offerings.domain.directory import KnownUser, check_not_blocked, check_onboarded
from offerings.domain.errors import OfferingsError
from offerings.domain.investments import (
    INVESTOR,
    MANAGER,
    InvestmentStage,
    check_move,
    first_stage,
    names_investor,
    new_investors,
)
from offerings.domain.offerings import Stage, cents, featured_stages_seen

TODAY = date(2026, 3, 1)


def code_of(call, *args) -> int:
    with pytest.raises(DomainError) as raised:
        call(*args)
    return raised.value.code


def test_restricted_featured_offerings_are_for_vips_only():
    assert Stage.RESTRICTED in featured_stages_seen(is_vip=True)
    assert featured_stages_seen(is_vip=False) == (Stage.APPROVED, Stage.PUBLISHED)


def test_a_new_investment_is_open_or_approved():
    assert first_stage(None) == InvestmentStage.OPEN
    assert first_stage(InvestmentStage.APPROVED) == InvestmentStage.APPROVED
    for stage in (InvestmentStage.REJECTED, InvestmentStage.WITHDRAWN, InvestmentStage.SETTLED):
        assert code_of(first_stage, stage) == OfferingsError.ILLEGAL_INVESTMENT_STAGE


def test_investors_withdraw_and_managers_decide():
    check_move(InvestmentStage.OPEN, InvestmentStage.WITHDRAWN, INVESTOR)
    check_move(InvestmentStage.APPROVED, InvestmentStage.SETTLED, MANAGER)
    assert code_of(check_move, InvestmentStage.OPEN, InvestmentStage.APPROVED, INVESTOR) == OfferingsError.INVESTMENT_CHANGE_FORBIDDEN
    assert code_of(check_move, InvestmentStage.OPEN, InvestmentStage.SETTLED, MANAGER) == OfferingsError.ILLEGAL_INVESTMENT_STAGE


@pytest.mark.parametrize(("direction", "counted_after", "change"), [(1, 1, 1), (1, 2, 0), (-1, 0, -1), (-1, 1, 0)])
def test_a_user_counts_once_among_the_investors(direction, counted_after, change):
    assert new_investors(direction, counted_after) == change


def test_an_anonymous_investor_is_named_to_the_parties_only():
    assert names_investor(Visibility.ANONYMOUS, party=True)
    assert not names_investor(Visibility.ANONYMOUS, party=False)
    assert names_investor(Visibility.OPEN, party=False) and names_investor(Visibility.HIDDEN, party=False)


def test_money_has_at_most_two_decimal_places():
    assert str(cents(Decimal("10.5"), "amount")) == "10.50"
    with pytest.raises(DomainError) as raised:
        cents(Decimal("10.001"), "amount")
    assert (raised.value.code, raised.value.status, raised.value.fields.keys()) == (10100, 400, {"amount"})


def test_a_block_holds_as_identity_dated_it():
    check_not_blocked(KnownUser(), TODAY)
    check_not_blocked(KnownUser(blocked=False, blocked_until=TODAY + timedelta(days=9)), TODAY)
    check_not_blocked(KnownUser(blocked=True, blocked_until=TODAY), TODAY)  # it lifts on its day
    for until in (None, TODAY + timedelta(days=1)):
        assert code_of(check_not_blocked, KnownUser(blocked=True, blocked_until=until), TODAY) == OfferingsError.USER_BLOCKED


def test_the_networks_requirements_among_the_steps_identity_reported():
    check_onboarded(KnownUser(passed=frozenset({"email_verified"})), ["email_verified", "not_a_flag"])
    with pytest.raises(DomainError) as raised:
        check_onboarded(KnownUser(passed=frozenset({"email_verified"})), ["has_been_approved", "term_service_accepted"])
    assert raised.value.developer_message == "Missing: term_service_accepted, has_been_approved"
