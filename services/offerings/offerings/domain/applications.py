"""Applications (Beta): preliminary asks and bids, promoted to offerings or investments later."""

from enum import IntEnum


class ApplicationStage(IntEnum):
    OPEN = 0
    REJECTED = 1
    APPROVED = 2  # the ones /public/applications lists
    WITHDRAWN = 3
    COMPLETED = 4
