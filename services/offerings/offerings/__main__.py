"""`python -m offerings`: serve the offerings API."""

from common.http.app import run
from offerings.app import create_app
from offerings.settings import OfferingsSettings


def main() -> None:
    settings = OfferingsSettings()
    run("offerings", settings, create_app, settings.offerings_host, settings.offerings_port)


if __name__ == "__main__":
    main()
