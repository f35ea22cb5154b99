"""`python -m gateway`: serve the gateway."""

from common.http.app import run
from common.logging import configure_logging
from gateway.app import create_app
from gateway.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    configure_logging(settings.log_level, settings.log_format, service="gateway")

    async def factory():
        return create_app(settings)

    run(factory, settings.http_host, settings.http_port)


if __name__ == "__main__":
    main()
