"""Reading what the SMTP sink stored: the tests' view of a user's mailbox."""

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from common.testing import wait_until


class Mailbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self, recipient: str) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            message = _parsed(path)
            if message["To"] and recipient.lower() in message["To"].lower():
                found.append(message)
        return found

    async def wait_for(self, recipient: str, subject: str, count: int = 1, timeout: float = 10,
                       containing: str = "") -> EmailMessage:
        """The ``count``-th message to ``recipient`` whose subject contains ``subject`` (and
        whose text contains ``containing``)."""

        async def arrived() -> bool:
            return len(self._matching(recipient, subject, containing)) >= count

        await wait_until(arrived, timeout=timeout)
        return self._matching(recipient, subject, containing)[count - 1]

    def _matching(self, recipient: str, subject: str, containing: str) -> list[EmailMessage]:
        return [m for m in self.messages(recipient)
                if subject.lower() in m["Subject"].lower() and containing in text_of(m)]


_PARSED: dict[Path, EmailMessage] = {}


def _parsed(path: Path) -> EmailMessage:
    """The message in ``path``, parsed once: the sink never rewrites a message it stored."""
    if path not in _PARSED:
        _PARSED[path] = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    return _PARSED[path]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_parameters(message: EmailMessage) -> tuple[int, str]:
    """user_id and secret from the link in a verification or reset mail."""
    link = re.search(r"https?://\S+", text_of(message)).group(0)
    query = parse_qs(urlsplit(link).query)
    return int(query["user_id"][0]), query["secret"][0]
