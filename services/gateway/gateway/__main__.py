"""`python -m gateway`: serve the gateway."""

from common.http.app import run
from gateway.app import create_app
from gateway.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    run("gateway", settings, create_app, settings.http_host, settings.http_port)


if __name__ == "__main__":
    main()
