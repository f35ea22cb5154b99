"""The layers' one rule: what sits below never imports what sits above. ``libs/`` is shared by
every service and the operator tool, so it imports none of them; a service imports no other
service (it learns of them through events and internal HTTP); the sandboxes import no service."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVICES = {"gateway", "identity", "offerings", "registry", "payments"}
ABOVE_LIBS = SERVICES | {"cvops", "sandboxes"}


def imported_packages(folder: Path) -> dict[str, set[str]]:
    """Each module under ``folder`` (relative path) with the top-level packages it imports."""
    found = {}
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
        found[str(path.relative_to(ROOT))] = {name.split(".")[0] for name in names}
    return found


def test_libs_import_no_service_nor_the_operator_tool():
    offending = {module: packages & ABOVE_LIBS for module, packages in imported_packages(ROOT / "libs").items()
                 if packages & ABOVE_LIBS}
    assert offending == {}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_service_imports_no_other_service(service):
    others = SERVICES - {service} | {"cvops", "sandboxes"}
    folder = ROOT / "services" / service / service
    offending = {module: packages & others for module, packages in imported_packages(folder).items()
                 if packages & others}
    assert offending == {}


def test_the_sandboxes_import_no_service():
    offending = {module: packages & (SERVICES | {"cvops"})
                 for module, packages in imported_packages(ROOT / "sandboxes").items() if packages & (SERVICES | {"cvops"})}
    assert offending == {}
