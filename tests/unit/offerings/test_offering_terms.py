"""Who changes an offering's terms at which stage (the table in docs/offerings.md)."""

import pytest

from common.errors import DomainError
from offerings.domain.errors import OfferingsError
from offerings.domain.offerings import ADMIN, MEMBER, Stage, check_terms_change

AFTER_DRAFT = [stage for stage in Stage if stage != Stage.DRAFT]
FROM_CLOSING = (Stage.CLOSING, Stage.SETTLED, Stage.CANCELED)


def code_of(stage: Stage, role: str, changed: set[str], reason: str | None) -> int:
    with pytest.raises(DomainError) as raised:
        check_terms_change(stage, role, changed, reason)
    return raised.value.code


@pytest.mark.parametrize("role", [MEMBER, ADMIN])
def test_a_draft_is_shaped_freely_and_kept_out_of_the_history(role):
    assert check_terms_change(Stage.DRAFT, role, {"funding_goal", "name"}, None) is False


@pytest.mark.parametrize("stage", AFTER_DRAFT)
def test_from_submitted_on_members_change_no_term(stage):
    assert code_of(stage, MEMBER, {"funding_goal"}, None) == OfferingsError.TERMS_CHANGE_FORBIDDEN
    assert code_of(stage, MEMBER, {"funding_goal"}, "a reason") == OfferingsError.TERMS_CHANGE_FORBIDDEN


@pytest.mark.parametrize("stage", AFTER_DRAFT)
def test_admins_change_the_terms_and_it_is_kept(stage):
    if stage in FROM_CLOSING:
        assert code_of(stage, ADMIN, {"valuation"}, None) == OfferingsError.CHANGE_REASON_REQUIRED
    else:
        assert check_terms_change(stage, ADMIN, {"valuation"}, None) is True
    assert check_terms_change(stage, ADMIN, {"valuation"}, "Corrected by the auditor") is True


@pytest.mark.parametrize("stage", list(Stage))
def test_no_change_of_the_terms_needs_nobody_and_takes_no_reason(stage):
    assert check_terms_change(stage, MEMBER, set(), None) is False
    assert code_of(stage, ADMIN, set(), "why not") == 10100
