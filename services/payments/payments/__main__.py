"""`python -m payments`: serve the payments API."""

from common.http.app import run
from payments.app import create_app
from payments.settings import PaymentsSettings


def main() -> None:
    settings = PaymentsSettings()
    run("payments", settings, create_app, settings.payments_host, settings.payments_port)


if __name__ == "__main__":
    main()
