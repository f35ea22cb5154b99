"""The offerings service's error catalog (12000-12999)."""

from common.http.errors import ErrorCatalog, ErrorSpec


class OfferingsError(ErrorCatalog):
    OFFERING_NOT_FOUND = 12000
    ILLEGAL_STAGE_CHANGE = 12001
    STAGE_CHANGE_FORBIDDEN = 12002
    NOT_A_MEMBER = 12003
    ORGANIZATION_NOT_FOUND = 12004
    FIELD_NOT_EDITABLE = 12005
    USER_NOT_FOUND = 12006

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _SPECS


_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    OfferingsError.OFFERING_NOT_FOUND: ErrorSpec(404, "The offering was not found", "No offering with this id is visible to the caller in this network"),
    OfferingsError.ILLEGAL_STAGE_CHANGE: ErrorSpec(409, "The offering can not move to this stage", "No offering may move from its current life_cycle_stage to the one requested (see docs/offerings.md)"),
    OfferingsError.STAGE_CHANGE_FORBIDDEN: ErrorSpec(403, "You are not allowed to move the offering to this stage", "Only an admin of the network may make this life_cycle_stage change"),
    OfferingsError.NOT_A_MEMBER: ErrorSpec(403, "You are not allowed to change this offering", "Only members of the offering's organization and the network's admins may do this"),
    OfferingsError.ORGANIZATION_NOT_FOUND: ErrorSpec(404, "The organization was not found", "No organization with this id in this network"),
    OfferingsError.FIELD_NOT_EDITABLE: ErrorSpec(400, "Some of this information can not be changed here", "These fields are not editable; see fields"),
    OfferingsError.USER_NOT_FOUND: ErrorSpec(404, "The user was not found", "No user with this id in this network"),
}
