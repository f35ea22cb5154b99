"""`python -m offerings [role]`: serve offerings, or one of its process roles (common.roles)."""

from offerings.app import ROLES
from offerings.settings import OfferingsSettings


def main() -> None:
    settings = OfferingsSettings()
    ROLES.main(settings, settings.offerings_host, settings.offerings_port)


if __name__ == "__main__":
    main()
