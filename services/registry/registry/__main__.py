"""`python -m registry`: serve the registry API."""

from common.http.app import run
from common.logging import configure_logging
from registry.app import create_app
from registry.settings import RegistrySettings


def main() -> None:
    settings = RegistrySettings()
    configure_logging(settings.log_level, settings.log_format, service="registry")

    async def factory():
        return create_app(settings)

    run(factory, settings.registry_host, settings.registry_port)


if __name__ == "__main__":
    main()
