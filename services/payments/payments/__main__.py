"""`python -m payments [role]`: serve payments, or one of its process roles (common.roles)."""

from payments.app import ROLES
from payments.settings import PaymentsSettings


def main() -> None:
    settings = PaymentsSettings()
    ROLES.main(settings, settings.payments_host, settings.payments_port)


if __name__ == "__main__":
    main()
