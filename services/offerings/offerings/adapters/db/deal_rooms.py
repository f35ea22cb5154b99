"""The deal rooms repository: rooms, their forum (topics, posts, comments) and an offering's
bulletins; where each entry belongs."""

import asyncpg

from common.vocabulary import Visibility
from offerings.domain.documents import BULLETIN_SHOWN


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

    async def add_topic(self, deal_room_id: int, user_id: int, title: str, body: str, visibility: Visibility) -> int:
        return await self._conn.fetchval(
            "INSERT INTO topics (deal_room_id, user_id, title, body, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            deal_room_id, user_id, title, body, visibility)

    async def add_post(self, topic_id: int, user_id: int, body: str, visibility: Visibility) -> int:
        return await self._conn.fetchval(
            "INSERT INTO posts (topic_id, user_id, body, visibility) VALUES ($1, $2, $3, $4) RETURNING id",
            topic_id, user_id, body, visibility)

    async def add_comment(self, post_id: int, user_id: int, body: str, visibility: Visibility) -> int:
        return await self._conn.fetchval(
            "INSERT INTO comments (post_id, user_id, body, visibility) VALUES ($1, $2, $3, $4) RETURNING id",
            post_id, user_id, body, visibility)

    async def add_bulletin(self, offering_id: int, user_id: int, title: str, body: str) -> int:
        return await self._conn.fetchval(
            "INSERT INTO bulletins (network_id, offering_id, user_id, title, body, life_cycle_stage) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            self._network_id, offering_id, user_id, title, body, BULLETIN_SHOWN)
