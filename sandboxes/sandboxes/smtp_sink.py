"""A local SMTP server that keeps every message it receives as a .eml file.

`python -m sandboxes.smtp_sink`; the folder is CV_MAIL_DIR (default var/mail), the
address CV_SMTP_SINK_HOST:CV_SMTP_SINK_PORT (default 127.0.0.1:1025).
"""

import asyncio
import signal
import uuid
from datetime import datetime, timezone
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from pydantic_settings import BaseSettings, SettingsConfigDict


class SinkSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CV_", extra="ignore")

    mail_dir: Path = Path("var/mail")
    smtp_sink_host: str = "127.0.0.1"
    smtp_sink_port: int = 1025


class MailDirHandler:
    """Writes each accepted message to ``<folder>/<UTC time>-<random>.eml``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(path)  # a reader sees the whole message or none of it
        return "250 Message accepted for delivery"


def start_sink(folder: Path, host: str, port: int) -> Controller:
    controller = Controller(MailDirHandler(folder), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    settings = SinkSettings()
    controller = start_sink(settings.mail_dir, settings.smtp_sink_host, settings.smtp_sink_port)
    print(f"smtp sink on {settings.smtp_sink_host}:{settings.smtp_sink_port} -> {settings.mail_dir}", flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
