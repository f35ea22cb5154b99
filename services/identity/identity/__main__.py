"""`python -m identity`: serve the identity API."""

from common.http.app import run
from common.logging import configure_logging
from identity.app import create_app
from identity.settings import IdentitySettings


def main() -> None:
    settings = IdentitySettings()
    configure_logging(settings.log_level, settings.log_format, service="identity")

    async def factory():
        return create_app(settings)

    run(factory, settings.identity_host, settings.identity_port)


if __name__ == "__main__":
    main()
