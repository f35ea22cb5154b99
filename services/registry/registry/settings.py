from common.settings import CommonSettings


class RegistrySettings(CommonSettings):
    registry_host: str = "127.0.0.1"
    registry_port: int = 8103
    registry_database: str = "cv_registry"
    identity_url: str = "http://127.0.0.1:8101"  # CV_IDENTITY_URL: where membership and organizations are asked

    @property
    def dsn(self) -> str:
        return self.database_dsn(self.registry_database)
