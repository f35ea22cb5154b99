"""Words every context shares, as enums: use them in Python and as SQL parameters, never the
bare numbers."""

from enum import IntEnum


class Visibility(IntEnum):
    """Who sees a user, an organization, an investment or a deal-room entry."""

    OPEN = 0
    HIDDEN = 1  # its owner, the managers and admins only
    ANONYMOUS = 2  # counted and listed, without naming who
