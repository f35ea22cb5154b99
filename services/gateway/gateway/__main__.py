"""`python -m gateway [api|all]`: serve the gateway (one role: every replica is the same)."""

import sys

from common.http.app import run
from common.roles import ALL, API, choose_role
from gateway.app import create_app
from gateway.settings import GatewaySettings


def main() -> None:
    choose_role("gateway", [API, ALL], sys.argv[1:])
    settings = GatewaySettings()
    run("gateway", settings, create_app, settings.http_host, settings.http_port)


if __name__ == "__main__":
    main()
