"""The local stack's own secrets: generated on the first `make up`, kept in var/secrets.env
(git-ignored, mode 600) and reused after, so sessions survive a restart. A variable already
set in the environment wins, so an operator can bring their own.
"""

import os
from pathlib import Path

from dotenv import dotenv_values

from common.ids import random_token

GENERATED = ("CV_INTERNAL_SECRET", "CV_TOKEN_SECRET")


def local_secrets(path: Path) -> dict[str, str]:
    """Each generated secret: from the environment, else from ``path``, else new (and saved there)."""
    saved = {k: v for k, v in dotenv_values(path).items() if v} if path.exists() else {}
    missing = [name for name in GENERATED if name not in saved]
    if missing:
        saved |= {name: random_token(32) for name in missing}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text("".join(f"{name}={value}\n" for name, value in saved.items()))
        path.chmod(0o600)
    return {name: os.environ.get(name) or saved[name] for name in GENERATED}
