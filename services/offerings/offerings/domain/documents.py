"""Documents of every owner, and the review stages documents and bulletins share."""

from enum import IntEnum


class ReviewStage(IntEnum):
    """A document's or a bulletin's stage, as the document lists it."""

    OPEN = 0
    REJECTED = 1
    APPROVED = 2
    WITHDRAWN = 3  # a withdrawn document stays for audit and is left out of every view


class SourceType(IntEnum):
    CROWD_VALLEY_CDN = 0
    EXTERNAL_CDN = 1


USER, ORGANIZATION, OFFERING, INVESTMENT, DEAL_ROOM = "User", "Organization", "Offering", "Investment", "DealRoom"
BULLETIN_SHOWN = ReviewStage.APPROVED  # the stage a new bulletin takes and the stage the list shows
