"""The document's onboarding endpoints: register, verify email, forgotten password, newsletter."""

from typing import Any

from aiohttp import web

from common.errors import DomainError, PlatformError
from common.http.context import caller, unit_of_work
from common.http.envelope import success
from common.http.requests import MAX_ID_DIGITS, is_ascii_integer, read_json
from common.ids import utcnow
from identity.domain.errors import IdentityError
from identity.entrypoints.bodies import REGISTRATION_ONLY
from identity.entrypoints.users import profile_change
from identity.service import networks, onboarding, profile
from identity.service.unit_of_work import IdentityUnitOfWork


def _text(body: dict[str, Any], name: str, missing: IdentityError | None = None) -> str:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if missing is None:
            raise PlatformError.VALIDATION_FAILED.error(fields={name: "This field is required"})
        raise missing.error()
    if not isinstance(value, str | int):
        raise PlatformError.VALIDATION_FAILED.error(fields={name: "Must be a string"})
    return str(value).strip()


def _email(body: dict[str, Any], missing: IdentityError | None, invalid: DomainError) -> str:
    email = onboarding.normalized_email(_text(body, "email", missing))
    if email is None:
        raise invalid
    return email


def _user_id(value: str, unknown: IdentityError) -> int:
    if not is_ascii_integer(value):
        raise PlatformError.VALIDATION_FAILED.error(fields={"user_id": "must be an integer identifier in ASCII digits"})
    if len(value) > MAX_ID_DIGITS:
        raise unknown.error()
    return int(value)


async def register_user(request: web.Request) -> web.Response:
    body = await read_json(request)
    invalid = PlatformError.VALIDATION_FAILED.error(fields={"email": "Not a valid email address"})
    email = _email(body, None, invalid)
    password, url = _text(body, "password"), _text(body, "url")
    change = profile_change({k: v for k, v in body.items() if k not in REGISTRATION_ONLY})
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
        user_id = await onboarding.register(uow, network, email, password, url, change.edit(), utcnow())
        await uow.commit()
    if user_id is None:
        return success({"user_id": None, "message": "Check your email to continue"})
    return success({"user_id": user_id})


async def verify_email(request: web.Request) -> web.Response:
    body = await read_json(request)
    user_id = _user_id(_text(body, "user_id"), IdentityError.USER_NOT_FOUND)
    secret = _text(body, "secret")
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await onboarding.verify_email(uow, user_id, secret, utcnow())
        await uow.commit()
    return success({"user_id": user_id})


async def resend_verification_email(request: web.Request) -> web.Response:
    """Optionally names the address (as the SDKs send it): it must be the caller's own."""
    body = await read_json(request)
    email = None
    if "email" in body:
        email = _email(body, IdentityError.RESEND_EMAIL_MISSING, IdentityError.RESEND_EMAIL_INVALID.error())
    url = _text(body, "url", IdentityError.RESEND_URL_MISSING)
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network, user = await networks.current(uow), await profile.signed_in(uow, principal)
        if email is not None and email.lower() != user.email.lower():
            raise IdentityError.RESEND_EMAIL_UNKNOWN.error()
        await onboarding.resend_verification(uow, network, user, url, utcnow())
        await uow.commit()
    return success({"user_id": user.id})


async def forgot_password(request: web.Request) -> web.Response:
    body = await read_json(request)
    email = _email(body, IdentityError.FORGOT_EMAIL_MISSING, IdentityError.FORGOT_EMAIL_INVALID.error())
    url = _text(body, "url", IdentityError.FORGOT_URL_MISSING)
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user_id = await onboarding.forgot_password(uow, await networks.current(uow), email, url, utcnow())
        await uow.commit()
    return success({"user_id": user_id})


async def reset_password(request: web.Request) -> web.Response:
    body = await read_json(request)
    raw_user_id = _text(body, "user_id", IdentityError.RESET_USER_ID_MISSING)
    secret = _text(body, "secret", IdentityError.RESET_SECRET_MISSING)
    password = _text(body, "password", IdentityError.RESET_PASSWORD_MISSING)
    if _text(body, "password_confirm", IdentityError.RESET_PASSWORD_CONFIRM_MISSING) != password:
        raise IdentityError.PASSWORDS_DO_NOT_MATCH.error()
    user_id = _user_id(raw_user_id, IdentityError.RESET_USER_NOT_FOUND)
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await onboarding.reset_password(uow, await networks.current(uow), user_id, secret, password, utcnow())
        await uow.commit()
    return success({"user_id": user_id})


async def newsletter_sign_up(request: web.Request) -> web.Response:
    body = await read_json(request)
    invalid = IdentityError.NEWSLETTER_EMAIL_INVALID
    email = _email(body, invalid, invalid.error())
    caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        await onboarding.sign_up_for_newsletter(uow, email)
        await uow.commit()
    return success({"message": f"{email} asked to sign up to the newsletter"})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/{network}/users", register_user)
    app.router.add_post("/v1/{network}/public/verifyEmail", verify_email)
    app.router.add_post("/v1/{network}/self/resendVerificationEmail", resend_verification_email)
    app.router.add_post("/v1/{network}/public/forgotPassword", forgot_password)
    app.router.add_post("/v1/{network}/public/resetPassword", reset_password)
    app.router.add_post("/v1/{network}/public/newsletterSignUp", newsletter_sign_up)
