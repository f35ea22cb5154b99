"""The deal rooms repository: rooms, their forum (topics, posts, comments) and an offering's
bulletins; where each entry belongs."""

from typing import Any

import asyncpg

from offerings.domain.documents import BULLETIN_SHOWN

# each kind of forum entry: the column naming what it is written under, and what it holds
FORUM_ENTRIES = {
    "topics": ("deal_room_id", ("title", "body", "visibility")),
    "posts": ("topic_id", ("body", "visibility")),
    "comments": ("post_id", ("body", "visibility")),
}


class DealRoomRepository:
    def __init__(self, conn: asyncpg.Connection, network_id: int | None) -> None:
        self._conn = conn
        self._network_id = network_id

    async def add_room(self, offering_id: int) -> int:
        return await self._conn.fetchval("INSERT INTO deal_rooms (network_id, offering_id) VALUES ($1, $2) RETURNING id",
                                         self._network_id, offering_id)

    async def offering_of_room(self, deal_room_id: int) -> int | None:
        return await self._conn.fetchval("SELECT offering_id FROM deal_rooms WHERE network_id = $1 AND id = $2",
                                         self._network_id, deal_room_id)

    async def room_of_topic(self, topic_id: int) -> int | None:
        return await self._conn.fetchval(
            "SELECT t.deal_room_id FROM topics t JOIN deal_rooms d ON d.id = t.deal_room_id "
            "WHERE t.id = $1 AND d.network_id = $2", topic_id, self._network_id)

    async def topic_of_post(self, post_id: int) -> int | None:
        return await self._conn.fetchval(
            "SELECT p.topic_id FROM posts p JOIN topics t ON t.id = p.topic_id JOIN deal_rooms d ON d.id = t.deal_room_id "
            "WHERE p.id = $1 AND d.network_id = $2", post_id, self._network_id)

    async def add_entry(self, kind: str, owner_id: int, user_id: int | None, entry: dict[str, Any]) -> int:
        """A topic in a room, a post under a topic or a comment under a post."""
        owner_column, columns = FORUM_ENTRIES[kind]
        placeholders = ", ".join(f"${i}" for i in range(3, len(columns) + 3))
        return await self._conn.fetchval(
            f"INSERT INTO {kind} ({owner_column}, user_id, {', '.join(columns)}) VALUES ($1, $2, {placeholders}) "
            f"RETURNING id", owner_id, user_id, *(entry[column] for column in columns))

    async def add_bulletin(self, offering_id: int, user_id: int, title: str, body: str) -> int:
        return await self._conn.fetchval(
            "INSERT INTO bulletins (network_id, offering_id, user_id, title, body, life_cycle_stage) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            self._network_id, offering_id, user_id, title, body, BULLETIN_SHOWN)
