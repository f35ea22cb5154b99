"""Identity's error catalog: the document's codes (10001-10022) and 11000-11999 of its own."""

from common.errors import ErrorCatalog, ErrorSpec

_RESET_FAILED = "Failed to reset password"
_FORGOT_FAILED = "Failed to send forgot password link"
_RESEND_FAILED = "Failed to re-send verification email"
_UNKNOWN_EMAIL = "Email address not recognized - please check that you have entered the correct email address without any typos"
_LINK_REFUSED = "This link can not be sent - please contact the platform"
_INVALID_EMAIL = "Invalid email address - please check that you have entered the correct email address without any typos"


class IdentityError(ErrorCatalog):
    # the document's codes
    PASSWORDS_DO_NOT_MATCH = 10001
    RESET_USER_NOT_FOUND = 10002
    RESET_SECRET_INVALID = 10003
    RESET_LINK_EXPIRED = 10004
    RESET_USER_ID_MISSING = 10005
    RESET_SECRET_MISSING = 10006
    RESET_PASSWORD_MISSING = 10007
    RESET_PASSWORD_CONFIRM_MISSING = 10008
    FORGOT_EMAIL_MISSING = 10009
    FORGOT_URL_MISSING = 10010
    FORGOT_EMAIL_UNKNOWN = 10011
    FORGOT_EMAIL_INVALID = 10012
    RESEND_EMAIL_MISSING = 10017
    RESEND_URL_MISSING = 10018
    RESEND_EMAIL_UNKNOWN = 10019
    RESEND_EMAIL_INVALID = 10020
    EMAIL_ALREADY_VERIFIED = 10021
    NEWSLETTER_EMAIL_INVALID = 10022
    # ours
    USER_NOT_FOUND = 11000
    VERIFY_SECRET_INVALID = 11001
    VERIFY_LINK_EXPIRED = 11002
    EMAIL_TAKEN = 11003
    PASSWORD_TOO_WEAK = 11004
    CURRENT_PASSWORD_WRONG = 11005
    EMAILS_DO_NOT_MATCH = 11006
    FIELD_NOT_EDITABLE = 11007
    ADDRESS_NOT_FOUND = 11008
    BANK_ACCOUNT_NOT_FOUND = 11009
    ORGANIZATION_NOT_FOUND = 11010
    ILLEGAL_STAGE_CHANGE = 11011
    STAGE_CHANGE_FORBIDDEN = 11012
    CONTACT_POINT_REMOVAL = 11013
    MEMBER_NOT_FOUND = 11014
    NOT_AN_AUTHOR = 11015
    INVITATION_NOT_FOUND = 11016
    PROVIDER_NOT_CONFIGURED = 11017
    SOCIAL_LOGIN_FAILED = 11018
    SOCIAL_EMAIL_IN_USE = 11019
    LINK_URL_REFUSED = 11030
    NO_FRONTEND_REGISTERED = 11031
    SELF_APPROVAL_OFF = 11032
    CONTACT_POINT_HANDOVER_FORBIDDEN = 11033

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _SPECS


_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    IdentityError.PASSWORDS_DO_NOT_MATCH: ErrorSpec(409, "Passwords do not match", "The password and password_confirm fields are not equal"),
    IdentityError.RESET_USER_NOT_FOUND: ErrorSpec(404, "Email address not recognized. Please check that you have entered the correct email address without any typos", "No User with this email address was found"),
    IdentityError.RESET_SECRET_INVALID: ErrorSpec(400, _RESET_FAILED, "Invalid secret parameter. Please check that you are correctly parsing the secret string from the link sent in the User's email."),
    IdentityError.RESET_LINK_EXPIRED: ErrorSpec(409, "Your password reset link has expired - please request a new verification email and click the link within 24 hours", "The User's password reset link has expired after 24 hours. Please allow the User to request a new link in order to reset their password."),
    IdentityError.RESET_USER_ID_MISSING: ErrorSpec(400, _RESET_FAILED, "Parameter missing: user_id"),
    IdentityError.RESET_SECRET_MISSING: ErrorSpec(400, _RESET_FAILED, "Parameter missing: secret"),
    IdentityError.RESET_PASSWORD_MISSING: ErrorSpec(400, _RESET_FAILED, "Parameter missing: password"),
    IdentityError.RESET_PASSWORD_CONFIRM_MISSING: ErrorSpec(400, _RESET_FAILED, "Parameter missing: password_confirm"),
    IdentityError.FORGOT_EMAIL_MISSING: ErrorSpec(400, _FORGOT_FAILED, "Parameter missing: email"),
    IdentityError.FORGOT_URL_MISSING: ErrorSpec(400, _FORGOT_FAILED, "Parameter missing: url"),
    IdentityError.FORGOT_EMAIL_UNKNOWN: ErrorSpec(404, _UNKNOWN_EMAIL, "No User with this email address was found"),
    IdentityError.FORGOT_EMAIL_INVALID: ErrorSpec(400, _INVALID_EMAIL, "The User entered an invalid email address"),
    IdentityError.RESEND_EMAIL_MISSING: ErrorSpec(400, _RESEND_FAILED, "Parameter missing: email"),
    IdentityError.RESEND_URL_MISSING: ErrorSpec(400, _RESEND_FAILED, "Parameter missing: url"),
    IdentityError.RESEND_EMAIL_UNKNOWN: ErrorSpec(404, _UNKNOWN_EMAIL, "No User with this email address was found"),
    IdentityError.RESEND_EMAIL_INVALID: ErrorSpec(400, _INVALID_EMAIL, "The User entered an invalid email address"),
    IdentityError.EMAIL_ALREADY_VERIFIED: ErrorSpec(409, "You have already verified your email address", "The User already has email_verified set to true"),
    IdentityError.NEWSLETTER_EMAIL_INVALID: ErrorSpec(400, _INVALID_EMAIL, "The User entered an invalid email address"),
    IdentityError.USER_NOT_FOUND: ErrorSpec(404, "The user was not found", "No user with this id in this network"),
    IdentityError.VERIFY_SECRET_INVALID: ErrorSpec(400, "Failed to verify your email address", "Invalid secret parameter: parse user_id and secret from the link sent in the User's email"),
    IdentityError.VERIFY_LINK_EXPIRED: ErrorSpec(409, "Your verification link has expired - please request a new verification email and click the link within 24 hours", "The verification secret is older than 24 hours; call POST /self/resendVerificationEmail"),
    IdentityError.EMAIL_TAKEN: ErrorSpec(409, "An account with this email address already exists - please log in or reset your password", "The email address is already registered in this network"),
    IdentityError.PASSWORD_TOO_WEAK: ErrorSpec(400, "Please choose a stronger password: at least 8 characters, and not a commonly used password", "The password does not meet the password policy (minimum 8 characters, not in the common-password list)"),
    IdentityError.CURRENT_PASSWORD_WRONG: ErrorSpec(401, "Your current password is not correct", "current_password does not match the User's password"),
    IdentityError.EMAILS_DO_NOT_MATCH: ErrorSpec(409, "Email addresses do not match", "The new_email and new_email_confirm fields are not equal"),
    IdentityError.FIELD_NOT_EDITABLE: ErrorSpec(400, "Some of this information can not be changed here", "These fields are not editable by the User; see fields"),
    IdentityError.ADDRESS_NOT_FOUND: ErrorSpec(404, "The address was not found", "No address with this id belongs to the User"),
    IdentityError.BANK_ACCOUNT_NOT_FOUND: ErrorSpec(404, "The bank account was not found", "No bank account with this id belongs to the User"),
    IdentityError.ORGANIZATION_NOT_FOUND: ErrorSpec(404, "The organization was not found", "No organization with this id is visible to the caller in this network"),
    IdentityError.ILLEGAL_STAGE_CHANGE: ErrorSpec(409, "The organization can not move to this stage", "No organization may move from its current life_cycle_stage to the one requested"),
    IdentityError.STAGE_CHANGE_FORBIDDEN: ErrorSpec(403, "You are not allowed to move the organization to this stage", "Only an admin of the network may make this life_cycle_stage change"),
    IdentityError.CONTACT_POINT_REMOVAL: ErrorSpec(409, "The organization's contact point can not be removed", "The user is the organization's contact_point; make another member the contact point first"),
    IdentityError.MEMBER_NOT_FOUND: ErrorSpec(404, "The member was not found", "The user is not a member of this organization"),
    IdentityError.PROVIDER_NOT_CONFIGURED: ErrorSpec(400, "This way of logging in is not available", "The network has no app credentials for this provider; set them with cvctl network provider"),
    IdentityError.SOCIAL_LOGIN_FAILED: ErrorSpec(401, "We could not log you in with this account - please try again", "The provider refused the code, token or verifier"),
    IdentityError.SOCIAL_EMAIL_IN_USE: ErrorSpec(409, "An account with this email address already exists - please log in with your password first", "The provider account's email belongs to a user and is not verified on both sides, so it is not linked"),
    IdentityError.CONTACT_POINT_HANDOVER_FORBIDDEN: ErrorSpec(403, "Only the organization's contact point can hand that role over", "Only the current contact_point or an admin of the network may send contact_point with POST /organizations/{organization_id}/members/{user_id}"),
    IdentityError.INVITATION_NOT_FOUND: ErrorSpec(404, "The invitation was not found", "No invitation with this id was sent by the logged-in User"),
    IdentityError.NOT_AN_AUTHOR: ErrorSpec(403, "You are not allowed to change this organization", "Only the organization's authors and the network's admins may do this"),
    IdentityError.LINK_URL_REFUSED: ErrorSpec(400, _LINK_REFUSED, "A mailed link is built only on an https URL (http for localhost) whose origin is one of the network's registered front-ends (setting frontend_urls), naming no user; see fields"),
    IdentityError.NO_FRONTEND_REGISTERED: ErrorSpec(400, _LINK_REFUSED, "The network has no registered front-end, so no link can be mailed: register its origins in the setting frontend_urls (cvctl network create --frontend-url, cvctl network settings, or PATCH /admin/settings)"),
    IdentityError.SELF_APPROVAL_OFF: ErrorSpec(403, "Your account is approved by the platform's team", "This network lets only its admins approve users (setting user_self_approval is false): POST /admin/users/{user_id}/approve"),
}
