"""The offerings service's error catalog (12000-12999)."""

from common.errors import ErrorCatalog, ErrorSpec


class OfferingsError(ErrorCatalog):
    OFFERING_NOT_FOUND = 12000
    ILLEGAL_STAGE_CHANGE = 12001
    STAGE_CHANGE_FORBIDDEN = 12002
    NOT_A_MEMBER = 12003
    ORGANIZATION_NOT_FOUND = 12004
    FIELD_NOT_EDITABLE = 12005
    FEATURING_FORBIDDEN = 12006
    TERMS_CHANGE_FORBIDDEN = 12010
    CHANGE_REASON_REQUIRED = 12011
    # investment rules
    OFFERING_NOT_OPEN = 12100
    BEFORE_OPEN_DATE = 12101
    AFTER_CLOSE_DATE = 12102
    BELOW_MIN_COMMITMENT = 12103
    ABOVE_MAX_COMMITMENT = 12104
    OVERFUNDING = 12105
    INVESTMENT_NOT_FOUND = 12106
    INVESTMENT_CHANGE_FORBIDDEN = 12107
    ILLEGAL_INVESTMENT_STAGE = 12108
    ONBOARDING_INCOMPLETE = 12109
    USER_BLOCKED = 12110
    NO_AMOUNT_TO_APPROVE = 12115
    DEAL_ROOM_NOT_FOUND = 12200
    TOPIC_NOT_FOUND = 12201
    POST_NOT_FOUND = 12202
    DOCUMENT_NOT_FOUND = 12300

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
    OfferingsError.FEATURING_FORBIDDEN: ErrorSpec(403, "Only the platform's admins can feature an offering", "is_featured is set by the network's admins only (an unchanged value is accepted from anyone who may edit)"),
    OfferingsError.TERMS_CHANGE_FORBIDDEN: ErrorSpec(403, "Only the platform's admins can change the offering's terms now", "From Submitted on, the fields in fields change by admins only (see docs/offerings.md)"),
    OfferingsError.CHANGE_REASON_REQUIRED: ErrorSpec(400, "Please give the reason for changing the offering's terms", "From Closing on, a change of the terms needs change_reason, which is kept in the offering's history"),
    OfferingsError.OFFERING_NOT_OPEN: ErrorSpec(409, "This offering is not open for investment", "Only Published and Live offerings (and Restricted ones, for VIP users) accept investments"),
    OfferingsError.BEFORE_OPEN_DATE: ErrorSpec(409, "This offering is not open for investment yet", "Today is before the offering's open_date"),
    OfferingsError.AFTER_CLOSE_DATE: ErrorSpec(409, "This offering is closed for investment", "Today is after the offering's close_date"),
    OfferingsError.BELOW_MIN_COMMITMENT: ErrorSpec(400, "The amount is below the minimum investment for this offering", "investment_amount is below the offering's min_commitment"),
    OfferingsError.ABOVE_MAX_COMMITMENT: ErrorSpec(400, "The amount is above the maximum you may invest in this offering", "The user's total in the offering would exceed its max_commitment"),
    OfferingsError.OVERFUNDING: ErrorSpec(409, "This offering has reached its funding limit", "The investments submitted (or amount_raised, at approval) would exceed the offering's max_overfunding_amount"),
    OfferingsError.INVESTMENT_NOT_FOUND: ErrorSpec(404, "The investment was not found", "No investment with this id is visible to the caller in this network"),
    OfferingsError.INVESTMENT_CHANGE_FORBIDDEN: ErrorSpec(403, "You are not allowed to make this change", "The investor may change an Open investment and withdraw it; members of the organization and admins approve, reject and settle"),
    OfferingsError.ILLEGAL_INVESTMENT_STAGE: ErrorSpec(409, "The investment can not move to this stage", "No investment may move from its current life_cycle_stage to the one requested"),
    OfferingsError.ONBOARDING_INCOMPLETE: ErrorSpec(403, "Please complete your registration before investing", "The network requires onboarding steps the user has not passed; see developer_message"),
    OfferingsError.USER_BLOCKED: ErrorSpec(403, "Your account is blocked", "A blocked user may not invest (identity blocked this user)"),
    OfferingsError.NO_AMOUNT_TO_APPROVE: ErrorSpec(409, "An investment needs an amount before it can be approved", "Only an investment with an investment_amount above 0 (and at least min_commitment) is approved; 0 stays an Open expression of interest"),
    OfferingsError.DEAL_ROOM_NOT_FOUND: ErrorSpec(404, "The deal room was not found", "No deal room with this id is open to the caller: admins, the organization's members and the offering's investors"),
    OfferingsError.TOPIC_NOT_FOUND: ErrorSpec(404, "The topic was not found", "No topic with this id in a deal room open to the caller"),
    OfferingsError.POST_NOT_FOUND: ErrorSpec(404, "The post was not found", "No post with this id in a deal room open to the caller"),
    OfferingsError.DOCUMENT_NOT_FOUND: ErrorSpec(404, "The document was not found", "No document with this id is readable by the caller (or it was withdrawn)"),
}
