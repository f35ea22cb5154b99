"""Deal rooms, the access-controlled area of an offering: admins, the organization's members
and users holding an investment that is not Rejected or Withdrawn, of an amount above 0 that
meets the offering's minimum; everyone else gets a 404."""

from dataclasses import dataclass

from common.vocabulary import Visibility


@dataclass(frozen=True)
class Room:
    id: int
    manages: bool  # an admin or a member of the offering's organization


def may_read(room: Room, reader_id: int | None, visibility: Visibility, author_id: int) -> bool:
    """Open and Anonymous entries are the room's; a Hidden one its author's and the managers'."""
    return visibility != Visibility.HIDDEN or room.manages or author_id == reader_id
