"""The local SMTP sink keeps every message it receives as a .eml file."""

import asyncio
import smtplib
from email.message import EmailMessage
from email.parser import BytesParser

from common.testing import free_port
from sandboxes.smtp_sink import start_sink


def send(port: int, subject: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "noreply@demo.example", "user@demo.example", subject
    message.set_content("Welcome aboard.")
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.send_message(message)


async def test_each_message_lands_as_an_eml_file(tmp_path):
    port = free_port()
    controller = start_sink(tmp_path / "mail", "127.0.0.1", port)
    try:
        for subject in ("first", "second"):
            await asyncio.to_thread(send, port, subject)
    finally:
        controller.stop()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    subjects = {BytesParser().parsebytes(f.read_bytes())["Subject"] for f in files}
    assert subjects == {"first", "second"}
