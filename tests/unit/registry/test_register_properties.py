"""The register's invariant, property-tested: no sequence of creations, splits, merges,
issuances and transfers creates or destroys shares of an organization's class, no holding goes
negative, and the change log (each change's state after) replays to the register as it is."""

from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import DomainError
from registry.domain import capitalizations as register
from registry.domain.capitalizations import Capitalization, CapitalizationType, Stage

OWNERS = [None, 1, 2, 3]
step = st.tuples(st.sampled_from(["create", "issue", "transfer", "split", "merge"]),
                 st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 4))


class Register:
    def __init__(self) -> None:
        self.caps: dict[int, Capitalization] = {}
        self.log: list[tuple[int, dict]] = []
        self.created: Counter = Counter()

    def add(self, cap: Capitalization) -> None:
        cap.id = len(self.caps) + 1
        self.caps[cap.id] = cap
        self.log.append((cap.id, cap.state()))

    def saved(self, *caps: Capitalization) -> None:
        self.log.extend((cap.id, cap.state()) for cap in caps)

    def pick(self, seed: int, fits=lambda cap: True) -> Capitalization | None:
        chosen = [cap for cap in self.caps.values() if fits(cap)]
        return chosen[seed % len(chosen)] if chosen else None

    def apply(self, op: str, a: int, b: int, n: int) -> None:
        if op == "create":
            kind, stage = CapitalizationType(a % 3), Stage(b % 4)
            cap = register.new(10 + a % 2, kind, stage, a % 1000, Decimal(b % 500) / 100, OWNERS[b % 4], 1)
            self.created[(cap.organization_id, kind)] += cap.number_of_shares
            self.add(cap)
        elif op in ("issue", "transfer"):
            source = self.pick(a, lambda cap: cap.number_of_shares > 0)
            if source is not None:
                child = register.take(source, 1 + b % source.number_of_shares, OWNERS[n % 4], Decimal(b % 300) / 100, None)
                self.add(child)
                self.saved(source)
        elif op == "split":
            parent = self.pick(a, lambda cap: cap.life_cycle_stage == Stage.ISSUED and cap.number_of_shares >= n)
            if parent is not None and n >= 2:
                shares = parent.number_of_shares
                cuts = sorted({(b * (i + 1)) % shares for i in range(n - 1)} - {0})
                parts = [hi - lo for lo, hi in zip([0, *cuts], [*cuts, shares], strict=True)]
                for child in register.split(parent, [(count, Decimal(1)) for count in parts], 1) if len(parts) >= 2 else []:
                    self.add(child)
                self.saved(parent)
        elif op == "merge":
            target = self.pick(a, lambda cap: cap.life_cycle_stage == Stage.ISSUED and cap.number_of_shares > 0)
            if target is not None:
                same = [cap for cap in self.caps.values() if cap is not target and cap.life_cycle_stage == Stage.ISSUED
                        and (cap.organization_id, cap.capitalization_type, cap.owner_id)
                        == (target.organization_id, target.capitalization_type, target.owner_id)]
                if same:
                    others = same[: 1 + b % len(same)]
                    self.add(register.merge(target, others, 1))
                    self.saved(target, *others)

    def totals(self) -> Counter:
        totals: Counter = Counter()
        for cap in self.caps.values():
            totals[(cap.organization_id, cap.capitalization_type)] += cap.number_of_shares
        return totals


@settings(max_examples=60, deadline=None)
@given(st.lists(step, max_size=40))
def test_shares_of_a_class_are_conserved_and_the_log_replays(steps):
    book = Register()
    for op, a, b, n in steps:
        try:
            book.apply(op, a, b, n)
        except DomainError:
            pass  # a refusal changes nothing
        assert +book.totals() == +book.created
        assert all(cap.number_of_shares >= 0 for cap in book.caps.values())
    replayed = dict(book.log)  # each capitalization's last logged state
    assert replayed == {cap_id: cap.state() for cap_id, cap in book.caps.items()}


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**9), st.lists(st.integers(1, 10**6), min_size=2, max_size=6), st.integers(0, 10**6))
def test_a_split_whose_parts_do_not_sum_changes_nothing(shares, parts, extra):
    parent = register.new(10, CapitalizationType.EQUITY, Stage.ISSUED, shares, Decimal(1), 1, 1)
    before = parent.state()
    try:
        children = register.split(parent, [(count, Decimal(1)) for count in parts], 1)
    except DomainError:
        assert parent.state() == before
    else:
        assert sum(child.number_of_shares for child in children) == shares == sum(parts)
