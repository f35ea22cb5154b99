"""Names and declarations of the broker objects: one topic exchange, and per consumer a queue,
its back-off queues and its dead-letter queue.

A failed event is parked in ``<queue>.retry.<n>`` whose message TTL is the n-th back-off
delay; when the TTL runs out the broker dead-letters it back into the consumer's queue.
"""

from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue


async def declare_events_exchange(channel: AbstractChannel, name: str) -> AbstractExchange:
    return await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)


@dataclass(frozen=True)
class ConsumerQueues:
    prefix: str
    consumer: str
    retry_delays: tuple[float, ...]

    @property
    def main(self) -> str:
        return f"{self.prefix}.{self.consumer}"

    @property
    def dead(self) -> str:
        return f"{self.main}.dead"

    def retry(self, attempt: int) -> str:
        return f"{self.main}.retry.{attempt}"

    def all_names(self) -> list[str]:
        return [self.main, self.dead, *(self.retry(n) for n in range(1, len(self.retry_delays) + 1))]

    async def declare(self, channel: AbstractChannel, exchange: AbstractExchange,
                      routing_keys: list[str]) -> AbstractQueue:
        queue = await channel.declare_queue(self.main, durable=True)
        for routing_key in routing_keys:
            await queue.bind(exchange, routing_key)
        await channel.declare_queue(self.dead, durable=True)
        for attempt, delay in enumerate(self.retry_delays, start=1):
            await channel.declare_queue(self.retry(attempt), durable=True, arguments={
                "x-message-ttl": int(delay * 1000),
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": self.main,
            })
        return queue
