"""The route table: every documented endpoint reaches its owner; literals beat parameters."""

import re

import pytest

from common.endpoints import Endpoint, document_endpoints
from gateway.routes import RouteTable, default_route_table


def concrete(template: str) -> str:
    return re.sub(r"\{network\}", "demo", re.sub(r"\{(?!network)[a-z_]+\}", "123", template))


def test_the_document_has_151_endpoints():
    assert len(document_endpoints()) == 151


@pytest.mark.parametrize("endpoint", document_endpoints(), ids=lambda e: f"{e.method} {e.path}")
def test_each_documented_endpoint_resolves_to_itself(endpoint):
    match = default_route_table().match(concrete(endpoint.full_path))
    assert match.methods[endpoint.method] == endpoint
    assert match.params["network"] == "demo"


def test_a_literal_segment_wins_over_a_parameter_and_backtracks_when_it_leads_nowhere():
    table = RouteTable((
        Endpoint("GET", "/things/{thing_id}/parts", "a", "user", "parts"),
        Endpoint("GET", "/things/stats", "b", "user", "stats"),
    ))
    assert table.match("/v1/demo/things/stats").methods["GET"].service == "b"
    parts = table.match("/v1/demo/things/stats/parts")
    assert parts.methods["GET"].service == "a" and parts.params["thing_id"] == "stats"


def test_unknown_paths_match_nothing():
    table = default_route_table()
    for path in ("/", "/v1", "/v1/demo", "/v1/demo/self/unknown", "/v1/demo//self", "/v2/demo/self"):
        assert table.match(path).methods == {}
