"""The register's rules: what a capitalization is and how shares move between capitalizations.

Shares are whole numbers (``int``, exact); prices and amounts are ``Decimal``. A split or a merge
never changes the number of shares of an organization's class (organization and
``capitalization_type``): the parents give all their shares to the children, keep their rows (and
history) with ``number_of_shares`` 0 and move to Distributed, so they stop counting as holdings.
Issuing and transferring take shares from one capitalization into a new child of it.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from enum import IntEnum
from typing import Any

from common.money import CENT
from registry.domain.errors import RegistryError

PRICE_PLACES = Decimal("0.0001")  # prices carry four decimal places (common.money.Price)
EXACT_PLACES = {"price_per_share": PRICE_PLACES, "price_per_share_at_acquisition": PRICE_PLACES,
                "transaction_cost": CENT}


class CapitalizationType(IntEnum):
    EQUITY = 0
    PREFERRED_EQUITY = 1
    DEBT = 2


class Stage(IntEnum):
    AUTHORIZED = 0
    ISSUED = 1
    OFFERED = 2
    TREASURY = 3
    DISTRIBUTED = 4


class Operation(IntEnum):
    """What a change-log entry records."""

    CREATE = 0
    UPDATE = 1
    SPLIT = 2
    MERGE = 3
    ISSUE = 4
    TRANSFER = 5


@dataclass
class Capitalization:
    organization_id: int
    capitalization_type: CapitalizationType
    life_cycle_stage: Stage
    number_of_shares: int
    price_per_share: Decimal
    owner_id: int | None
    author_id: int | None
    number_of_shares_at_acquisition: int = 0
    price_per_share_at_acquisition: Decimal = Decimal(0)
    parent_id: int | None = None
    transaction_cost: Decimal = Decimal(0)
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    changed: set[str] = field(default_factory=set, compare=False, repr=False)

    def __post_init__(self) -> None:
        # held as the register's columns hold them, so the change log's "after" is what is stored
        for name, places in EXACT_PLACES.items():
            setattr(self, name, Decimal(getattr(self, name)).quantize(places))

    @property
    def is_holding(self) -> bool:
        return self.number_of_shares > 0 and self.life_cycle_stage != Stage.DISTRIBUTED

    @property
    def valuation_gain(self) -> Decimal:
        """What the shares held gained (or lost) in value since their acquisition."""
        return self.number_of_shares * (self.price_per_share - self.price_per_share_at_acquisition)

    def state(self) -> dict[str, Any]:
        """The fields a change-log entry records, before and after a change (JSON-ready)."""
        return {
            "organization_id": self.organization_id,
            "capitalization_type": int(self.capitalization_type),
            "life_cycle_stage": int(self.life_cycle_stage),
            "number_of_shares": self.number_of_shares,
            "price_per_share": str(self.price_per_share),
            "owner_id": self.owner_id,
            "number_of_shares_at_acquisition": self.number_of_shares_at_acquisition,
            "price_per_share_at_acquisition": str(self.price_per_share_at_acquisition),
            "parent_id": self.parent_id,
            "transaction_cost": str(self.transaction_cost),
        }

    def set(self, **values: Any) -> None:
        for name, value in values.items():
            if name in EXACT_PLACES:
                value = Decimal(value).quantize(EXACT_PLACES[name])
            if getattr(self, name) != value:
                setattr(self, name, value)
                self.changed.add(name)


def new(organization_id: int, capitalization_type: CapitalizationType, stage: Stage, shares: int,
        price: Decimal, owner_id: int | None, author_id: int | None) -> Capitalization:
    """A capitalization as created: what it holds now is what it was acquired with."""
    if shares < 0:
        raise RegistryError.NEGATIVE_SHARES.error()
    return Capitalization(organization_id, capitalization_type, stage, shares, price, owner_id, author_id,
                          number_of_shares_at_acquisition=shares, price_per_share_at_acquisition=price)


def _child_of(parent: Capitalization, shares: int, price: Decimal, author_id: int | None,
              **overrides: Any) -> Capitalization:
    return replace(parent, id=None, number_of_shares=shares, price_per_share=price,
                   number_of_shares_at_acquisition=shares, parent_id=parent.id, author_id=author_id,
                   transaction_cost=Decimal(0), created_at=None, updated_at=None, changed=set(), **overrides)


def _retire(parent: Capitalization) -> None:
    """A parent whose shares all went to its children: kept for its history, no longer a holding."""
    parent.set(number_of_shares=0, life_cycle_stage=Stage.DISTRIBUTED)


def split(parent: Capitalization, parts: list[tuple[int, Decimal]], author_id: int | None) -> list[Capitalization]:
    """The children of an Issued capitalization, one per (shares, price) part, summing to its shares."""
    if parent.life_cycle_stage != Stage.ISSUED:
        raise RegistryError.SPLIT_NOT_ISSUED.error()
    if len(parts) < 2:
        raise RegistryError.SPLIT_TOO_FEW_PARTS.error()
    if any(shares <= 0 for shares, _ in parts):
        raise RegistryError.SPLIT_PART_NOT_POSITIVE.error()
    if sum(shares for shares, _ in parts) != parent.number_of_shares:
        raise RegistryError.SPLIT_SUM_MISMATCH.error(
            f"The children's number_of_shares sum to {sum(s for s, _ in parts)}; the parent holds {parent.number_of_shares}")
    # each child keeps the parent's acquisition price: what its shares originally cost
    children = [_child_of(parent, shares, price, author_id) for shares, price in parts]
    _retire(parent)
    return children


def weighted_price(holdings: list[tuple[int, Decimal]]) -> Decimal:
    """The share-weighted average price, to four decimal places (half to even)."""
    shares = sum(count for count, _ in holdings)
    if shares == 0:
        return Decimal(0)
    total = sum((count * price for count, price in holdings), Decimal(0))
    return (total / shares).quantize(PRICE_PLACES, ROUND_HALF_EVEN)


def merge(target: Capitalization, others: list[Capitalization], author_id: int | None) -> Capitalization:
    """One child holding every share of ``target`` and ``others``, at their share-weighted average price."""
    if not others:
        raise RegistryError.MERGE_NOTHING_TO_MERGE.error()
    ids = [target.id, *(other.id for other in others)]
    if len(set(ids)) != len(ids):
        raise RegistryError.MERGE_REPEATED.error()
    parents = [target, *others]
    for other in others:
        if other.organization_id != target.organization_id:
            raise RegistryError.MERGE_OTHER_ORGANIZATION.error()
        if other.capitalization_type != target.capitalization_type:
            raise RegistryError.MERGE_OTHER_TYPE.error()
        if other.owner_id != target.owner_id:
            raise RegistryError.MERGE_OTHER_OWNER.error()
    if any(parent.life_cycle_stage != Stage.ISSUED for parent in parents):
        raise RegistryError.MERGE_NOT_ISSUED.error()
    shares = sum(parent.number_of_shares for parent in parents)
    child = _child_of(target, shares, weighted_price([(p.number_of_shares, p.price_per_share) for p in parents]),
                      author_id)
    child.price_per_share_at_acquisition = weighted_price(
        [(p.number_of_shares, p.price_per_share_at_acquisition) for p in parents])
    for parent in parents:
        _retire(parent)
    return child


def take(source: Capitalization, shares: int, owner_id: int | None, price: Decimal,
         author_id: int | None) -> Capitalization:
    """A new Issued capitalization of ``owner_id`` holding ``shares`` taken from ``source`` at ``price``
    (an issuance from the organization's capitalization, or a transfer from a holder's)."""
    if shares <= 0:
        raise RegistryError.SPLIT_PART_NOT_POSITIVE.error("Shares issued or transferred must be above 0")
    if shares > source.number_of_shares:
        raise RegistryError.INSUFFICIENT_SHARES.error(
            f"Capitalization {source.id} holds {source.number_of_shares} shares; {shares} were asked for")
    child = _child_of(source, shares, price, author_id, owner_id=owner_id, life_cycle_stage=Stage.ISSUED,
                      price_per_share_at_acquisition=price)
    source.set(number_of_shares=source.number_of_shares - shares)
    return child


def shares_bought(amount: Decimal, price: Decimal | None, asked: int | None) -> tuple[int, Decimal]:
    """The whole shares an investment settles into, and the remainder of its amount that buys no
    whole share (returned to the investor by payments; the register issues no fraction).

    The investment's own ``number_of_shares`` wins when it names any; otherwise its amount buys
    ``floor(amount / price)`` shares. No price and no shares named: nothing to issue."""
    if asked:
        return asked, Decimal(0)
    if not price or price <= 0:
        return 0, amount
    shares = int((amount / price).to_integral_value(ROUND_DOWN))
    return shares, amount - shares * price
