from common.settings import CommonSettings


class PaymentsSettings(CommonSettings):
    payments_host: str = "127.0.0.1"
    payments_port: int = 8104
    payments_database: str = "cv_payments"

    @property
    def dsn(self) -> str:
        return self.database_dsn(self.payments_database)
