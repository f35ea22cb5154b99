"""`make up` tells exactly how to start the servers it cannot reach."""

from common.settings import CommonSettings
from common.testing import free_port
from cvops.up import check_servers


def test_unreachable_servers_come_with_the_commands_that_start_them():
    closed = free_port()
    settings = CommonSettings(database_url=f"postgresql://postgres@127.0.0.1:{closed}",
                              amqp_url=f"amqp://guest:guest@127.0.0.1:{closed}/")
    lines = "\n".join(check_servers(settings))
    assert f"PostgreSQL is not reachable at 127.0.0.1:{closed} (CV_DATABASE_URL)" in lines
    assert "pg_ctlcluster --skip-systemctl-redirect" in lines
    assert f"RabbitMQ is not reachable at 127.0.0.1:{closed} (CV_AMQP_URL)" in lines
    assert "rabbitmq-server -detached" in lines


def test_reachable_servers_need_no_advice():
    assert check_servers(CommonSettings()) == []
