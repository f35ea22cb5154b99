"""`python -m registry`: serve the registry API."""

from common.http.app import run
from registry.app import create_app
from registry.settings import RegistrySettings


def main() -> None:
    settings = RegistrySettings()
    run("registry", settings, create_app, settings.registry_host, settings.registry_port)


if __name__ == "__main__":
    main()
