"""Identity's facts as offerings' decisions ask for them (``common.identity_facts``): asked of
identity itself, never of the directory its events feed, and at most once per user and
organization within a unit of work."""

from common.identity_facts import Facts, IdentityFacts


class IdentityPort:
    def __init__(self, client: IdentityFacts, network: str) -> None:
        self._client = client
        self._network = network
        self._asked: dict[tuple[int | None, int | None], Facts] = {}

    async def facts(self, user_id: int | None, organization_id: int | None = None) -> Facts:
        """The network's settings, the user and the organization (with the user's membership) as identity has them now."""
        known = self._asked.get((user_id, organization_id))
        if known is None and organization_id is None:  # any answer about the user has the user and the settings
            known = next((facts for (user, _), facts in self._asked.items() if user == user_id), None)
        if known is None:
            known = self._asked[user_id, organization_id] = await self._client.facts(
                self._network, user_id=user_id, organization_id=organization_id)
        return known
