"""The read side: pages of every list and what their views show, each a fixed number of
statements whatever the page's length (joins, or one batched lookup per kind)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from common.http.listing import ListQuery
from common.json import loads
from common.sql import page_of_ids
from common.vocabulary import Visibility
from offerings.adapters.db import documents
from offerings.adapters.db.deal_rooms import FORUM_ENTRIES
from offerings.adapters.db.offerings import COLUMNS as OFFERING_COLUMNS
from offerings.adapters.db.offerings import offering_of
from offerings.domain.applications import ApplicationStage
from offerings.domain.documents import BULLETIN_SHOWN, ReviewStage
from offerings.domain.investments import InvestmentStage
from offerings.domain.offerings import Offering, Stage


class Parameters:
    """The parameters of a statement built piece by piece, numbered in order ($1 the network)."""

    def __init__(self, network_id: int | None) -> None:
        self.args: list[Any] = [network_id]

    def __call__(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"


@dataclass(frozen=True)
class OfferingScope:
    """Which of the network's offerings a list holds."""

    stages: Sequence[Stage] | None = None  # only these stages
    seen: Sequence[Stage] | None = None  # only these stages, but every stage in the viewer's organizations
    viewer_id: int = 0
    organization_id: int | None = None
    creator_id: int | None = None
    featured: bool = False

    def condition(self, param: Parameters) -> str:
        clauses = ["network_id = $1"]
        if self.stages is not None:
            clauses.append(f"life_cycle_stage = ANY({param(list(self.stages))})")
        if self.seen is not None:
            clauses.append(f"(life_cycle_stage = ANY({param(list(self.seen))}) OR organization_id IN "
                           f"(SELECT organization_id FROM directory_members WHERE user_id = {param(self.viewer_id)}))")
        if self.organization_id is not None:
            clauses.append(f"organization_id = {param(self.organization_id)}")
        if self.creator_id is not None:
            clauses.append(f"user_id = {param(self.creator_id)}")
        if self.featured:
            clauses.append("is_featured")
        return " AND ".join(clauses)


@dataclass(frozen=True)
class InvestmentScope:
    """Which of the network's investments a list holds."""

    offering_id: int | None = None
    user_id: int | None = None
    stages: Sequence[InvestmentStage] | None = None
    not_hidden: bool = False
    disclosed_to: int | None = None  # only Open ones, but any in offerings of this user's organizations
    in_offerings: OfferingScope | None = None

    def condition(self, param: Parameters) -> str:
        clauses = ["network_id = $1"]
        if self.offering_id is not None:
            clauses.append(f"offering_id = {param(self.offering_id)}")
        if self.user_id is not None:
            clauses.append(f"user_id = {param(self.user_id)}")
        if self.stages is not None:
            clauses.append(f"life_cycle_stage = ANY({param(list(self.stages))})")
        if self.not_hidden:
            clauses.append(f"visibility <> {param(Visibility.HIDDEN)}")
        if self.disclosed_to is not None:
            clauses.append(f"(visibility = {param(Visibility.OPEN)} OR offering_id IN (SELECT o.id FROM offerings o "
                           f"JOIN directory_members m ON m.organization_id = o.organization_id "
                           f"WHERE m.user_id = {param(self.disclosed_to)}))")
        if self.in_offerings is not None:
            clauses.append(f"offering_id IN (SELECT id FROM offerings WHERE {self.in_offerings.condition(param)})")
        return " AND ".join(clauses)


def _forum_columns(kind: str) -> str:
    """What a list shows of a forum entry."""
    owner_column, columns = FORUM_ENTRIES[kind]
    return ", ".join(f"x.{column}" for column in ("id", owner_column, "user_id", *columns, "created_at", "updated_at"))


INVESTMENT_VIEW = (
    "SELECT i.id, i.offering_id, i.user_id, i.investment_amount, i.number_of_shares, i.interest_rate, i.term, "
    "i.visibility, i.life_cycle_stage, i.custom, i.settled_at, i.created_at, i.updated_at, "
    "o.currency, o.funding_goal, o.invested, o.external_commitments, o.organization_id AS org_id, "
    "o.name AS offering_name, org.display_name AS org_name, u.user_id IS NOT NULL AS investor_known, "
    "u.email, u.given_name, u.family_name, ($2 OR EXISTS (SELECT 1 FROM directory_members m "
    "WHERE m.organization_id = o.organization_id AND m.user_id = $3)) AS managed "
    "FROM investments i JOIN offerings o ON o.id = i.offering_id "
    "LEFT JOIN directory_organizations org ON org.network_id = o.network_id AND org.organization_id = o.organization_id "
    "LEFT JOIN directory_users u ON u.network_id = i.network_id AND u.user_id = i.user_id "
    "WHERE i.id = ANY($1)")


def _in_order(rows: Sequence[asyncpg.Record], ids: Sequence[int]) -> list[asyncpg.Record]:
    found = {row["id"]: row for row in rows}
    return [found[i] for i in ids if i in found]


class Queries:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def _page(self, scope: str, args: Sequence[Any], columns: str, table: str,
                    query: ListQuery) -> tuple[int, list[asyncpg.Record]]:
        """How many rows ``scope`` selects, and the query's page of them."""
        count = await self._conn.fetchval(f"SELECT count(*) FROM {table} WHERE {scope}", *args)
        rows = await self._conn.fetch(f"SELECT {columns} FROM {table} WHERE {scope} ORDER BY {query.order_sql()} "
                                      f"LIMIT {query.limit} OFFSET {query.offset}", *args)
        return count, rows

    async def offering_page(self, scope: OfferingScope, query: ListQuery) -> tuple[int, list[Offering]]:
        param = Parameters(self._network_id)
        count, ids = await page_of_ids(self._conn, "offerings", scope.condition(param), param.args, query)
        rows = await self._conn.fetch(f"SELECT {OFFERING_COLUMNS} FROM offerings WHERE id = ANY($1)", ids)
        return count, [offering_of(row) for row in _in_order(rows, ids)]

    async def histories(self, offering_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """Each offering's history of its terms, oldest first (who made a change stays in the
        table for audit; the views show what changed, when and why)."""
        rows = await self._conn.fetch(
            "SELECT offering_id, life_cycle_stage, changes, reason, created_at AS changed_at "
            "FROM offering_history WHERE offering_id = ANY($1) ORDER BY offering_id, id", offering_ids)
        found: dict[int, list[dict[str, Any]]] = {offering_id: [] for offering_id in offering_ids}
        for row in rows:
            entry = dict(row) | {"changes": loads(row["changes"])}
            found[entry.pop("offering_id")].append(entry)
        return found

    async def documents_of(self, owner_object: str, owner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """The documents of each owner, oldest first, but withdrawn ones."""
        rows = await self._conn.fetch(
            f"SELECT {documents.COLUMNS} FROM documents WHERE network_id = $1 AND owner_object = $2 "
            f"AND owner_id = ANY($3) AND life_cycle_stage <> $4 ORDER BY owner_id, id",
            self._network_id, owner_object, owner_ids, ReviewStage.WITHDRAWN)
        found: dict[int, list[dict[str, Any]]] = {owner_id: [] for owner_id in owner_ids}
        for row in rows:
            found[row["owner_id"]].append(dict(row))
        return found

    async def document_page(self, owner_object: str, owner_id: int, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        count, rows = await self._page(
            "network_id = $1 AND owner_object = $2 AND owner_id = $3 AND life_cycle_stage <> $4",
            (self._network_id, owner_object, owner_id, ReviewStage.WITHDRAWN), documents.COLUMNS, "documents", query)
        return count, [dict(row) for row in rows]

    async def investment_page(self, scope: InvestmentScope, query: ListQuery) -> tuple[int, list[int]]:
        param = Parameters(self._network_id)
        return await page_of_ids(self._conn, "investments", scope.condition(param), param.args, query)

    async def investment_views(self, ids: list[int], viewer_id: int | None, viewer_is_admin: bool) -> list[dict[str, Any]]:
        """The investments with their offering's figures and names, their investor's names, and
        whether the viewer manages their offering (an admin, or a member of its organization)."""
        rows = await self._conn.fetch(INVESTMENT_VIEW, ids, viewer_is_admin, viewer_id or 0)
        return [dict(row) | {"custom": loads(row["custom"])} for row in _in_order(rows, ids)]

    async def deal_room_page(self, offering_id: int, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        count, rows = await self._page("offering_id = $1", (offering_id,), "id, offering_id, custom, created_at, updated_at",
                                       "deal_rooms", query)
        return count, [dict(row) | {"custom": loads(row["custom"])} for row in rows]

    async def forum_page(self, table: str, owner_id: int, manages: bool, reader_id: int | None,
                         query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        """The topics of a room, the posts of a topic or the comments of a post, with their
        authors' names; Hidden ones only for their readers (the room's managers and the author)."""
        owner_column, columns = FORUM_ENTRIES[table][0], _forum_columns(table)
        readable = f"x.{owner_column} = $1 AND (x.visibility <> $2 OR $3 OR x.user_id = $4)"
        args = (owner_id, Visibility.HIDDEN, manages, reader_id)
        count = await self._conn.fetchval(f"SELECT count(*) FROM {table} x WHERE {readable}", *args)
        order = ", ".join(f"x.{column} {'DESC' if descending else 'ASC'}" for column, descending in query.order_by)
        rows = await self._conn.fetch(
            f"SELECT {columns}, u.given_name, u.family_name FROM {table} x LEFT JOIN directory_users u "
            f"ON u.user_id = x.user_id AND u.network_id = $5 WHERE {readable} ORDER BY {order} "
            f"LIMIT {query.limit} OFFSET {query.offset}", *args, self._network_id)
        return count, [dict(row) for row in rows]

    async def post(self, post_id: int) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(
            f"SELECT {_forum_columns('posts')}, u.given_name, u.family_name FROM posts x LEFT JOIN directory_users u "
            f"ON u.user_id = x.user_id AND u.network_id = $2 WHERE x.id = $1", post_id, self._network_id)
        return dict(row) if row else None

    async def bulletin_page(self, offering_id: int, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        count, rows = await self._page("offering_id = $1 AND life_cycle_stage = $2", (offering_id, BULLETIN_SHOWN),
                                       "id, offering_id, title, body, life_cycle_stage, created_at, updated_at",
                                       "bulletins", query)
        return count, [dict(row) for row in rows]

    async def application_page(self, stage: ApplicationStage, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
        where = "a.network_id = $1 AND a.life_cycle_stage = $2"
        count = await self._conn.fetchval(f"SELECT count(*) FROM applications a WHERE {where}", self._network_id, stage)
        order = ", ".join(f"a.{column} {'DESC' if descending else 'ASC'}" for column, descending in query.order_by)
        rows = await self._conn.fetch(
            f"SELECT a.*, trim(coalesce(u.given_name, '') || ' ' || coalesce(u.family_name, '')) AS user_name "
            f"FROM applications a LEFT JOIN directory_users u ON u.network_id = a.network_id AND u.user_id = a.user_id "
            f"WHERE {where} ORDER BY {order} LIMIT {query.limit} OFFSET {query.offset}", self._network_id, stage)
        return count, [dict(row) | {"custom": loads(row["custom"])} for row in rows]

    async def settled_figures(self) -> dict[str, Any]:
        """The network's Settled investments with an amount, and its Settled offerings."""
        investments = await self._conn.fetchrow(
            "SELECT coalesce(sum(investment_amount), 0)::numeric(20,2) AS total, count(*) AS count, "
            "count(DISTINCT user_id) AS investors FROM investments WHERE network_id = $1 AND life_cycle_stage = $2 "
            "AND investment_amount > 0", self._network_id, InvestmentStage.SETTLED)
        offerings = await self._conn.fetchval("SELECT count(*) FROM offerings WHERE network_id = $1 AND life_cycle_stage = $2",
                                              self._network_id, Stage.SETTLED)
        return dict(investments) | {"offerings": offerings}
