"""Test modules are imported by their file name alone (no packages under tests/), so two with
the same name in different folders would stop the whole run at collection."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).parents[1]


def test_every_test_module_name_is_unique():
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
