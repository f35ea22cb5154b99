"""The route table: every documented endpoint (and admin ones, the SDKs' extra ones and their
old paths) matched to its owning service.

Paths are matched segment by segment on a trie; a literal segment is tried before a
``{parameter}`` one, so ``/offerings/stats`` never reads as an offering id.
"""

from dataclasses import dataclass, field

from common.endpoints import Endpoint, alias_endpoints, all_endpoints

PARAM = "{}"


@dataclass
class _Node:
    literals: dict[str, "_Node"] = field(default_factory=dict)
    param: "_Node | None" = None
    param_name: str = ""
    methods: dict[str, Endpoint] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    methods: dict[str, Endpoint]  # empty when no path matches
    params: dict[str, str]


class RouteTable:
    def __init__(self, endpoints: tuple[Endpoint, ...]) -> None:
        self._root = _Node()
        for endpoint in endpoints:
            self._add(endpoint)

    def _add(self, endpoint: Endpoint) -> None:
        node = self._root
        for segment in _segments(endpoint.full_path):
            if _is_param(segment):
                node.param = node.param or _Node(param_name=segment[1:-1])
                node = node.param
            else:
                node = node.literals.setdefault(segment, _Node())
        node.methods[endpoint.method] = endpoint

    def match(self, path: str) -> Match:
        params: dict[str, str] = {}
        node = _walk(self._root, _segments(path), 0, params)
        return Match(node.methods if node else {}, params)


def served_path(endpoint: Endpoint, path: str) -> str:
    """The decoded request ``path`` as the owning service routes it: the endpoint's own path
    (or, for an alias, its documented endpoint's) with the request's parameter values in place,
    so the service sees exactly the segments the gateway matched and checked access for."""
    values = {name: value for name, value in zip(_segments(endpoint.full_path), _segments(path), strict=True)
              if _is_param(name)}
    return "/" + "/".join(values.get(name, name) for name in _segments(endpoint.served_path))


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _walk(node: _Node, segments: list[str], index: int, params: dict[str, str]) -> _Node | None:
    if index == len(segments):
        return node if node.methods else None
    segment = segments[index]
    literal = node.literals.get(segment)
    if literal is not None:
        found = _walk(literal, segments, index + 1, params)
        if found is not None:
            return found
    if node.param is not None and segment:
        params[node.param.param_name] = segment
        found = _walk(node.param, segments, index + 1, params)
        if found is not None:
            return found
        params.pop(node.param.param_name, None)
    return None


def default_route_table() -> RouteTable:
    return RouteTable(all_endpoints() + alias_endpoints())
