from common.settings import CommonSettings


class GatewaySettings(CommonSettings):
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    identity_url: str = "http://127.0.0.1:8101"
    offerings_url: str = "http://127.0.0.1:8102"
    registry_url: str = "http://127.0.0.1:8103"
    payments_url: str = "http://127.0.0.1:8104"
    gateway_connect_timeout_seconds: float = 3.0
    gateway_upstream_timeout_seconds: float = 30.0
    gateway_pool_size: int = 100  # keep-alive connections per service
    gateway_body_limit_bytes: int = 10 * 1024 * 1024
    gateway_auth_cache_seconds: int = 10  # upper bound on reusing a verified session token
    gateway_network_cache_seconds: int = 30
    gateway_auth_rate_per_minute: int = 30  # per client IP and network, on log-in style endpoints
    gateway_auth_rate_burst: int = 10
    gateway_trusted_proxies: int = 0  # load balancers in front that append to X-Forwarded-For

    def service_urls(self) -> dict[str, str]:
        return {
            "identity": self.identity_url,
            "offerings": self.offerings_url,
            "registry": self.registry_url,
            "payments": self.payments_url,
        }
