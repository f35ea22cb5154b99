from common.settings import CommonSettings


class PaymentsSettings(CommonSettings):
    payments_host: str = "127.0.0.1"
    payments_port: int = 8104
    payments_database: str = "cv_payments"

    @property
    def dsn(self) -> str:
        return self.database_dsn(self.payments_database)
    identity_url: str = "http://127.0.0.1:8101"  # asked for membership decisions (common.identity_facts)
    worker_poll_seconds: float = 0.2  # how long an idle payment worker waits before looking again
