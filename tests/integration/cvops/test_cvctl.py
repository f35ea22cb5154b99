"""cvctl against fresh databases, run as operators run it (the installed console script)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.json import loads
from cvops import up
from cvops.stack import SERVICE_PORTS

CVCTL = str(Path(sys.executable).with_name("cvctl"))


@pytest.fixture(scope="module")
async def cvctl_env(make_database, infra):
    env = {**os.environ, "CV_DATABASE_URL": infra.database_url}
    for service in SERVICE_PORTS:
        env[f"CV_{service.upper()}_DATABASE"] = (await make_database(f"cvctl_{service}")).rsplit("/", 1)[1]
    return env


@pytest.fixture(scope="module")
def ops_network(cvctl_env) -> dict:
    """The network "ops", created once through cvctl."""
    cvctl(cvctl_env, "migrate")
    code, created, stderr = cvctl(cvctl_env, "network", "create", "ops", "--admin-email", "root@ops.example",
                                  "--admin-password", "long enough password")
    assert code == 0, stderr
    return created


def cvctl(env, *args: str) -> tuple[int, object, str]:
    done = subprocess.run([CVCTL, *args], env=env, capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, loads(done.stdout) if done.returncode == 0 else None, done.stderr


def test_migrate_is_idempotent(cvctl_env):
    code, first, _ = cvctl(cvctl_env, "migrate")
    assert code == 0 and set(first["applied"]) == set(SERVICE_PORTS)
    code, again, _ = cvctl(cvctl_env, "migrate")
    assert again == {"applied": {name: [] for name in SERVICE_PORTS}}


def test_operators_manage_networks_users_and_constants(cvctl_env, ops_network):
    assert set(ops_network) == {"network", "api_key", "api_secret", "admin_user_id"}
    admin_id = str(ops_network["admin_user_id"])
    code, users, _ = cvctl(cvctl_env, "user", "list", "ops")
    assert [u["email"] for u in users] == ["root@ops.example"]
    assert cvctl(cvctl_env, "user", "roles", "ops", admin_id, "--vip")[1]["is_vip"] is True
    assert cvctl(cvctl_env, "user", "approve", "ops", admin_id)[0] == 0
    code, blocked, _ = cvctl(cvctl_env, "user", "block", "ops", admin_id, "--message", "hold", "--until", "2099-01-01")
    assert code == 0 and blocked["user_access_denied_log_id"]
    assert cvctl(cvctl_env, "user", "unblock", "ops", admin_id)[0] == 0
    code, users, _ = cvctl(cvctl_env, "user", "list", "ops")
    assert (users[0]["is_vip"], users[0]["has_been_approved"], users[0]["status"]) == (True, True, "active")
    assert cvctl(cvctl_env, "globals", "set", "ops", '{"currency": "GBP"}')[1] == {"currency": "GBP"}
    assert cvctl(cvctl_env, "newsletter", "list", "ops")[1] == {"count": 0, "list": []}


def test_errors_are_clear_and_exit_1(cvctl_env, ops_network):
    for args, message in ((("user", "list", "nosuch"), "no network"),
                          (("user", "approve", "ops", "99999"), "No user"),
                          (("globals", "set", "ops", "[1]"), "one JSON object"),
                          (("network", "settings", "ops", '{"frontend_urls": ["http://ops.example"]}'), "frontend_urls"),
                          (("network", "create", "ops2", "--admin-email", "a@ops.example", "--admin-password",
                            "long enough password", "--frontend-url", "javascript:alert(1)"), "frontend_urls")):
        code, _, stderr = cvctl(cvctl_env, *args)
        assert code == 1 and message in stderr, stderr


def test_operators_register_front_ends_and_turn_self_approval_off(cvctl_env, ops_network):
    code, created, stderr = cvctl(cvctl_env, "network", "create", "shop", "--admin-email", "root@shop.example",
                                  "--admin-password", "long enough password", "--frontend-url", "https://Shop.example/",
                                  "--frontend-url", "http://localhost:3000")
    assert code == 0, stderr
    code, settings, stderr = cvctl(cvctl_env, "network", "settings", "shop", '{"user_self_approval": false}')
    assert settings == {"frontend_urls": ["https://shop.example", "http://localhost:3000"], "user_self_approval": False}


async def test_make_up_registers_the_demo_front_ends_and_says_so(cvctl_env, ops_network, monkeypatch, tmp_path):
    for name in ("CV_DATABASE_URL", "CV_IDENTITY_DATABASE"):
        monkeypatch.setenv(name, cvctl_env[name])
    monkeypatch.setattr(up, "VAR", tmp_path)
    credentials = await up.seed_demo()
    assert credentials["frontend_urls"] == list(up.DEMO_FRONTEND_URLS)
    assert "front-ends      http://localhost:3000, http://127.0.0.1:3000" in up.banner("http://x", credentials, tmp_path)
    assert cvctl(cvctl_env, "network", "settings", "demo", '{"frontend_urls": ["https://www.demo.example"]}')[0] == 0
    again = await up.seed_demo()  # the next make up keeps the operator's origins
    assert again["frontend_urls"] == ["https://www.demo.example", *up.DEMO_FRONTEND_URLS]
