"""`python -m identity [role]`: serve identity, or one of its process roles (common.roles)."""

from identity.app import ROLES
from identity.settings import IdentitySettings


def main() -> None:
    settings = IdentitySettings()
    ROLES.main(settings, settings.identity_host, settings.identity_port)


if __name__ == "__main__":
    main()
