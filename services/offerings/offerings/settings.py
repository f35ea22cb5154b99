from common.settings import CommonSettings


class OfferingsSettings(CommonSettings):
    offerings_host: str = "127.0.0.1"
    offerings_port: int = 8102
    offerings_database: str = "cv_offerings"
    identity_url: str = "http://127.0.0.1:8101"  # asked for the facts its decisions need (common.identity_facts)

    @property
    def dsn(self) -> str:
        return self.database_dsn(self.offerings_database)
