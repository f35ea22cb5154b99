"""`python -m payments`: serve the payments API."""

from common.http.app import run
from common.logging import configure_logging
from payments.app import create_app
from payments.settings import PaymentsSettings


def main() -> None:
    settings = PaymentsSettings()
    configure_logging(settings.log_level, settings.log_format, service="payments")

    async def factory():
        return create_app(settings)

    run(factory, settings.payments_host, settings.payments_port)


if __name__ == "__main__":
    main()
