"""deploy/ runs every process role of every service on its own (so any of them scales alone),
with its probes on the port where that role answers them."""

import re
from pathlib import Path

import pytest

from common.roles import ALL, API
from cvops.stack import SERVICE_PORTS
from identity.app import ROLES as IDENTITY
from identity.settings import IdentitySettings
from offerings.app import ROLES as OFFERINGS
from offerings.settings import OfferingsSettings
from payments.app import ROLES as PAYMENTS
from payments.settings import PaymentsSettings
from registry.app import ROLES as REGISTRY
from registry.settings import RegistrySettings

DEPLOY = Path(__file__).parents[3] / "deploy"
HEALTH_PORT = 8090  # CV_HEALTH_PORT in both files
COMMAND = re.compile(r'command: \["python", "-m", "(\w+)"(?:, "(\w+)")?\]')
ROLES = {roles.name: roles.roles(settings) for roles, settings in ((IDENTITY, IdentitySettings()),
                                                                    (OFFERINGS, OfferingsSettings()),
                                                                    (REGISTRY, RegistrySettings()),
                                                                    (PAYMENTS, PaymentsSettings()))}


def service_roles(service: str) -> list[str]:
    return [role for role in ROLES[service] if role != ALL]


def kubernetes_deployments() -> dict[tuple[str, str | None], str]:
    """(service, role) -> the text of the Deployment whose container runs it."""
    deployments = {}
    for document in (DEPLOY / "k8s" / "backoffice.yaml").read_text().split("\n---\n"):
        if "kind: Deployment" in document:
            service, role = COMMAND.search(document).groups()
            deployments[(service, role)] = document
    return deployments


@pytest.mark.parametrize("service", SERVICE_PORTS)
def test_kubernetes_runs_each_role_of_a_service_as_its_own_deployment_probed_on_its_port(service):
    deployments = kubernetes_deployments()
    roles = service_roles(service)
    assert sorted(role for s, role in deployments if s == service) == sorted(roles)
    for role in roles:
        port = SERVICE_PORTS[service] if role == API else HEALTH_PORT
        deployment = deployments[(service, role)]
        assert f"labels: {{app: {service}, role: {role}}}" in deployment
        assert f"readinessProbe: {{httpGet: {{path: /readyz, port: {port}}}" in deployment
        assert f"livenessProbe: {{httpGet: {{path: /healthz, port: {port}}}" in deployment


def test_kubernetes_services_send_requests_only_to_api_pods():
    manifest = (DEPLOY / "k8s" / "backoffice.yaml").read_text()
    for service in SERVICE_PORTS:
        assert f"metadata: {{name: {service}}}\nspec:\n  selector: {{app: {service}, role: api}}" in manifest


@pytest.mark.parametrize("service", SERVICE_PORTS)
def test_compose_runs_each_role_of_a_service_in_its_own_container(service):
    commands = COMMAND.findall((DEPLOY / "compose.yaml").read_text())
    assert sorted(role for s, role in commands if s == service) == sorted(service_roles(service))


def test_every_role_answers_health_on_the_port_deploy_probes():
    for path in (DEPLOY / "k8s" / "backoffice.yaml", DEPLOY / "compose.yaml"):
        assert f'CV_HEALTH_PORT: "{HEALTH_PORT}"' in path.read_text()
