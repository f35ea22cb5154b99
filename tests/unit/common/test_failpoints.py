"""Every failpoint the code can reach is documented in docs/configuration.md, and none fires
unless ``CV_FAILPOINTS`` names it."""

import re
from pathlib import Path

from common import failpoints

ROOT = Path(__file__).resolve().parents[3]


def failpoints_in_the_code() -> set[str]:
    return {name for folder in ("libs", "services") for path in (ROOT / folder).rglob("*.py")
            for name in re.findall(r"failpoints\.reached\(\"([^\"]+)\"\)", path.read_text())}


def test_every_failpoint_is_documented():
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", (ROOT / "docs/configuration.md").read_text(), re.MULTILINE))
    assert failpoints_in_the_code() and failpoints_in_the_code() <= documented


def test_a_failpoint_not_enabled_does_nothing():
    assert "idempotency.before_commit" not in failpoints.ENABLED
    failpoints.reached("idempotency.before_commit")  # this test process lives on
