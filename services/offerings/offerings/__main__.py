"""`python -m offerings`: serve the offerings API."""

from common.http.app import run
from common.logging import configure_logging
from offerings.app import create_app
from offerings.settings import OfferingsSettings


def main() -> None:
    settings = OfferingsSettings()
    configure_logging(settings.log_level, settings.log_format, service="offerings")

    async def factory():
        return create_app(settings)

    run(factory, settings.offerings_host, settings.offerings_port)


if __name__ == "__main__":
    main()
