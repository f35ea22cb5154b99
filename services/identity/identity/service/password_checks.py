"""Every password check counts, wherever it happens (log-in on any endpoint, changePassword).

An account may type a few wrong passwords freely; after that each wrong one makes the next check
wait longer (1 s, 2 s, 4 s, ... up to a cap), so guessing slows to a crawl while the owner is only
ever asked to wait, never locked out. A network (its API key: its front-end) has a budget of
wrong passwords a minute, against spraying one password over many accounts. Both counts live in
identity's database, so every gateway and identity replica sees them.
"""

import math
from datetime import datetime, timedelta

from common.errors import DomainError, PlatformError
from identity.domain.passwords import verify_password, wait_after_failures
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.settings import IdentitySettings


def _slow_down(until: datetime, now: datetime, why: str) -> DomainError:
    seconds = max(1, math.ceil((until - now).total_seconds()))
    return PlatformError.RATE_LIMITED.error(why, retry_after=seconds)


async def _admit(uow: IdentityUnitOfWork, network_id: int, email_key: str, settings: IdentitySettings) -> None:
    """Refuse the check while the account (or the network) must wait; otherwise count it as a failure
    before it runs, so simultaneous guesses each see the ones before them."""
    await uow.locks.hold("password check", network_id, email_key)
    failures = await uow.login_failures.of_account(network_id, email_key)
    wait = wait_after_failures(failures.count, settings.auth_free_failures, settings.auth_max_wait_seconds)
    if wait and failures.last_at + timedelta(seconds=wait) > failures.now:
        raise _slow_down(failures.last_at + timedelta(seconds=wait), failures.now,
                         "Too many wrong passwords for this account lately")
    back_at = await uow.login_failures.network_budget_back_at(network_id, settings.auth_network_failures_per_minute)
    if back_at is not None and back_at > failures.now:
        raise _slow_down(back_at, failures.now, "Too many wrong passwords through this network's API key lately")
    await uow.login_failures.record(network_id, email_key)


async def check_password(counts: IdentityUnitOfWork, network_id: int, email_key: str, password_hash: str | None,
                         password: str | None, settings: IdentitySettings) -> bool:
    """Whether ``password`` is the account's (``password_hash`` None for an unknown account, which
    costs the same); raise RATE_LIMITED with Retry-After while the account or network must wait.
    ``counts`` is a unit of work not yet open and outside any other: each count commits at once,
    so a wrong password stays counted when the request fails."""
    async with counts:
        await _admit(counts, network_id, email_key, settings)
        await counts.commit()
    valid = await verify_password(password_hash, password or "") and password is not None
    if valid:
        async with counts:
            await counts.login_failures.forget(network_id, email_key)
            await counts.commit()
    return valid
