"""Mail bodies rendered from templates (text and HTML) in templates/."""

from email.message import EmailMessage
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

SUBJECTS = {
    "verify_email": "Confirm your email address",
    "reset_password": "Reset your password",
    "no_account": "About your request",
    "already_registered": "You already have an account",
    "account_deleted": "A user asked to delete their account",
    "invitation": "You are invited",
}

_environment = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def render(template: str, context: dict[str, Any], sender: str, recipient: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = sender, recipient
    message["Subject"] = f"{SUBJECTS[template]} - {context['network']}"
    message.set_content(_environment.get_template(f"{template}.txt").render(context))
    message.add_alternative(_environment.get_template(f"{template}.html").render(context), subtype="html")
    return message
