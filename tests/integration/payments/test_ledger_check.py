"""`cvctl ledger check`, run as operators run it, on the ledger the other tests wrote."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from common.json import loads

CVCTL = str(Path(sys.executable).with_name("cvctl"))


def ledger_check(database_url: str, database: str) -> tuple[int, str, str]:
    env = {**os.environ, "CV_DATABASE_URL": database_url, "CV_PAYMENTS_DATABASE": database}
    done = subprocess.run([CVCTL, "ledger", "check"], env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    return done.returncode, done.stdout, done.stderr


async def test_the_check_passes_on_a_sound_ledger_and_names_a_tampered_account(payments_service, infra):
    svc = payments_service
    wallet_id = await svc.wallet(900, funded="40")
    code, out, err = await asyncio.to_thread(ledger_check, infra.database_url, svc.database)
    assert code == 0, err
    assert loads(out) == {"ledger": "balanced"}
    async with svc.pool.acquire() as conn:
        await conn.execute("UPDATE accounts SET balance = balance + 1 WHERE id = $1", wallet_id)
        try:
            code, out, err = await asyncio.to_thread(ledger_check, infra.database_url, svc.database)
        finally:
            await conn.execute("UPDATE accounts SET balance = balance - 1 WHERE id = $1", wallet_id)
    assert code == 1 and f"account {wallet_id}" in err
