"""The shared life-cycle rule: moves that exist, roles that may make them, stamps."""

from datetime import UTC, datetime
from enum import IntEnum

import pytest

from common.errors import DomainError, PlatformError
from common.lifecycle import stage_change


class Stage(IntEnum):
    DRAFT = 0
    LIVE = 1
    DONE = 2


MOVES = {(Stage.DRAFT, Stage.LIVE): frozenset({"author", "admin"}), (Stage.LIVE, Stage.DONE): frozenset({"admin"})}
STAMPS = {Stage.DONE: "done_at"}
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def change(current, target, role):
    return stage_change(MOVES, STAMPS, current, target, role, NOW, PlatformError.VALIDATION_FAILED, PlatformError.FORBIDDEN)


def test_allowed_moves_set_the_stage_and_its_stamp():
    assert change(Stage.DRAFT, Stage.LIVE, "author") == {"life_cycle_stage": 1}
    assert change(Stage.LIVE, Stage.DONE, "admin") == {"life_cycle_stage": 2, "done_at": NOW}
    assert change(Stage.LIVE, Stage.LIVE, "anyone") == {} and change(Stage.LIVE, None, "anyone") == {}


@pytest.mark.parametrize(("current", "target", "role", "code"), [
    (Stage.DRAFT, Stage.DONE, "admin", PlatformError.VALIDATION_FAILED),
    (Stage.DONE, Stage.DRAFT, "admin", PlatformError.VALIDATION_FAILED),
    (Stage.LIVE, Stage.DONE, "author", PlatformError.FORBIDDEN),
])
def test_other_moves_are_refused_with_the_callers_errors(current, target, role, code):
    with pytest.raises(DomainError) as caught:
        change(current, target, role)
    assert caught.value.code == code
