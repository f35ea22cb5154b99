"""`python -m registry [role]`: serve registry, or one of its process roles (common.roles)."""

from registry.app import ROLES
from registry.settings import RegistrySettings


def main() -> None:
    settings = RegistrySettings()
    ROLES.main(settings, settings.registry_host, settings.registry_port)


if __name__ == "__main__":
    main()
