"""The route table: every documented endpoint reaches its owner; literals beat parameters."""

import re

import pytest

from common.endpoints import Endpoint, alias_endpoints, document_endpoints
from gateway.routes import RouteTable, default_route_table, served_path


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


@pytest.mark.parametrize("alias", alias_endpoints(), ids=lambda e: f"{e.method} {e.path}")
def test_an_old_path_takes_its_public_endpoints_owner_and_access_and_is_served_there(alias):
    public = next(e for e in document_endpoints() if (e.method, e.path) == (alias.method, alias.alias_of))
    match = default_route_table().match(concrete(alias.full_path))
    assert (match.methods[alias.method].service, match.methods[alias.method].access) == (public.service, public.access)
    assert served_path(match.methods[alias.method], concrete(alias.full_path)) == concrete(public.full_path)


def test_the_sdks_wallet_transactions_get_is_routed_to_payments():
    match = default_route_table().match("/v1/demo/wallets/9/transactions")
    assert {method: e.service for method, e in match.methods.items()} == {"GET": "payments", "POST": "payments"}


def test_the_served_path_holds_the_matched_segments_in_place_of_the_parameters():
    endpoint = Endpoint("GET", "/things/{thing_id}/parts", "a", "user", "parts")
    assert served_path(endpoint, "/v1/demo/things/x y/parts/") == "/v1/demo/things/x y/parts"
