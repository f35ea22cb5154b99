"""The register's use cases. Each acts in the unit of work it is given, open (the route that opened
it commits it): it loads and locks the capitalizations it changes, applies the domain's rule, saves
them with their change-log entries and publishes the fact. Access is decided before
(registry.service.access)."""

from decimal import Decimal
from typing import Any

from common.events.registry import (
    CapitalizationCreatedV1,
    CapitalizationFact,
    CapitalizationMergedV1,
    CapitalizationSplitV1,
    CapitalizationUpdatedV1,
)
from registry.domain import capitalizations as register
from registry.domain.capitalizations import Capitalization, CapitalizationType, Operation, Stage
from registry.domain.errors import RegistryError
from registry.service.unit_of_work import RegistryUnitOfWork


def fact(kind: type[CapitalizationFact], cap: Capitalization, **extra: Any) -> CapitalizationFact:
    return kind(capitalization_id=cap.id, organization_id=cap.organization_id, owner_id=cap.owner_id,
                capitalization_type=cap.capitalization_type, life_cycle_stage=cap.life_cycle_stage,
                number_of_shares=cap.number_of_shares, price_per_share=cap.price_per_share, **extra)


async def create(uow: RegistryUnitOfWork, author_id: int | None, organization_id: int, values: dict[str, Any]) -> int:
    cap = register.new(organization_id, CapitalizationType(values.get("capitalization_type", CapitalizationType.EQUITY)),
                       Stage(values.get("life_cycle_stage", Stage.AUTHORIZED)), values.get("number_of_shares", 0),
                       values.get("price_per_share", Decimal(0)), values.get("owner_id"), author_id)
    await uow.capitalizations.add(cap, Operation.CREATE, author_id)
    uow.publish(fact(CapitalizationCreatedV1, cap))
    return cap.id


async def load(uow: RegistryUnitOfWork, capitalization_id: int, for_update: bool = False) -> Capitalization:
    cap = await uow.capitalizations.get(capitalization_id, for_update)
    if cap is None:
        raise RegistryError.CAPITALIZATION_NOT_FOUND.error()
    return cap


async def update(uow: RegistryUnitOfWork, author_id: int | None, capitalization_id: int, values: dict[str, Any]) -> None:
    cap = await load(uow, capitalization_id, for_update=True)
    before = cap.state()
    if values.get("number_of_shares", 0) < 0:
        raise RegistryError.NEGATIVE_SHARES.error()
    cap.set(**{name: kind(values[name]) for name, kind in _KINDS.items() if name in values})
    if not cap.changed:
        return
    fields = sorted(cap.changed)
    operation = Operation.TRANSFER if fields == ["owner_id"] else Operation.UPDATE
    await uow.capitalizations.save(cap, before, operation, author_id)
    uow.publish(fact(CapitalizationUpdatedV1, cap, fields=fields))


_KINDS = {"capitalization_type": CapitalizationType, "life_cycle_stage": Stage, "number_of_shares": int,
          "price_per_share": Decimal, "owner_id": lambda owner: owner}


async def split(uow: RegistryUnitOfWork, author_id: int | None, capitalization_id: int,
                parts: list[tuple[int, Decimal]]) -> list[int]:
    parent = await load(uow, capitalization_id, for_update=True)
    before = parent.state()
    children = register.split(parent, parts, author_id)
    for child in children:
        await uow.capitalizations.add(child, Operation.SPLIT, author_id)
    await uow.capitalizations.save(parent, before, Operation.SPLIT, author_id)
    uow.publish(fact(CapitalizationSplitV1, parent, children=[child.id for child in children]))
    return [child.id for child in children]


async def merge(uow: RegistryUnitOfWork, author_id: int | None, capitalization_id: int, others: list[int]) -> int:
    found = await uow.capitalizations.get_many([capitalization_id, *others], for_update=True)
    missing = [i for i in (capitalization_id, *others) if i not in found]
    if missing:
        raise RegistryError.CAPITALIZATION_NOT_FOUND.error(f"No capitalization {missing[0]} in this network")
    target, parents = found[capitalization_id], [found[i] for i in others]
    befores = {cap.id: cap.state() for cap in (target, *parents)}
    child = register.merge(target, parents, author_id)
    await uow.capitalizations.add(child, Operation.MERGE, author_id)
    for parent in (target, *parents):
        await uow.capitalizations.save(parent, befores[parent.id], Operation.MERGE, author_id)
    uow.publish(fact(CapitalizationMergedV1, child, parents=[capitalization_id, *others]))
    return child.id
