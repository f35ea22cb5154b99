"""`python -m identity`: serve the identity API."""

from common.http.app import run
from identity.app import create_app
from identity.settings import IdentitySettings


def main() -> None:
    settings = IdentitySettings()
    run("identity", settings, create_app, settings.identity_host, settings.identity_port)


if __name__ == "__main__":
    main()
