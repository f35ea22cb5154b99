"""Every response field the API document lists is present (null when unknown), named as written.

`documented_fields.json` holds, for each documented endpoint, the dotted paths of the fields in
its response sample in the API document (a list's fields under the list's name). This module reads
every GET endpoint of the services built so far, over one of everything (the `world` fixture).
"""

import json
from pathlib import Path

import pytest
from actors import call

from common.endpoints import endpoints_of

DOCUMENTED = json.loads(Path(__file__).with_name("documented_fields.json").read_text())


def missing_fields(paths: list[str], data) -> list[str]:
    """The documented paths absent from ``data``; below a list every element is checked, and
    below a null or a scalar nothing can be."""
    missing = []
    for path in paths:
        if not _present(path.split("."), data):
            missing.append(path)
    return missing


def _present(keys: list[str], value) -> bool:
    if not keys:
        return True
    if isinstance(value, list):
        return all(_present(keys, item) for item in value)
    if not isinstance(value, dict):
        return True  # null or a scalar where the document nests: nothing below to check
    return keys[0] in value and _present(keys[1:], value[keys[0]])


GETS = [e for service in ("identity", "offerings") for e in endpoints_of(service)
        if e.method == "GET" and f"GET {e.path}" in DOCUMENTED and "/social/" not in e.path and e.path != "/authenticate"]


@pytest.mark.parametrize("endpoint", GETS, ids=lambda e: e.path)
async def test_every_documented_response_field_is_present(stack, http, cast, world, endpoint):
    path = endpoint.path.format(**world)
    caller = cast.author if path.startswith("/self") else cast.admin  # the author owns the /self records
    status, body = await call(http, "GET", f"{stack.url}/v1/demo{path}", headers=caller.headers)
    assert status == 200, body
    assert missing_fields(DOCUMENTED[f"GET {endpoint.path}"], body["data"]) == []
