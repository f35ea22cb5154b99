"""The logged-in user's endpoints under /self."""

from datetime import date
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict

from common.errors import PlatformError
from common.http.context import caller, unit_of_work
from common.http.envelope import credential_answer, success
from common.http.requests import entity_change, read_json, read_model
from common.ids import utcnow
from identity.domain.errors import IdentityError
from identity.entrypoints.bodies import ProfileChange
from identity.entrypoints.keys import SETTINGS, unit_of_work_of_its_own
from identity.service import directory, networks, onboarding, profile
from identity.service.sessions import change_password as set_password
from identity.service.sessions import open_session
from identity.service.unit_of_work import IdentityUnitOfWork


async def view_self(request: web.Request) -> web.Response:
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await profile.signed_in(uow, principal)
        return success({"user": await directory.own_account(uow, user)})


def profile_change(body: dict[str, Any], current: dict[str, Any] | None = None) -> ProfileChange:
    return entity_change(ProfileChange, body, current, IdentityError.FIELD_NOT_EDITABLE)


async def update_self(request: web.Request) -> web.Response:
    body = await read_json(request)
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await profile.signed_in(uow, principal)
        change = profile_change(body, await directory.own_account(uow, user))
        await profile.apply_profile(uow, user.id, change.edit())
        await uow.commit()
    return success({"user_id": user.id})


def flag_handler(action: str):
    async def set_flag(request: web.Request) -> web.Response:
        principal = caller(request)
        async with unit_of_work(request, IdentityUnitOfWork) as uow:
            user = await profile.signed_in(uow, principal)
            await profile.set_flag(uow, user, action)
            await uow.commit()
        return success({"user_id": user.id})

    return set_flag


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="ignore")
    current_password: str | None = None
    password: str | None = None  # the document's parameter table names it so
    new_password: str
    new_password_confirm: str


async def change_password(request: web.Request) -> web.Response:
    body, settings = await read_model(request, PasswordChange), request.app[SETTINGS]
    current = body.current_password or body.password
    if current is None:
        raise PlatformError.VALIDATION_FAILED.error(fields={"current_password": "This field is required"})
    if body.new_password != body.new_password_confirm:
        raise IdentityError.PASSWORDS_DO_NOT_MATCH.error("The new_password and new_password_confirm fields are not equal")
    principal = caller(request)
    # the current password is checked (and counted) before the request's own unit of work opens
    user = await profile.verify_password_change(unit_of_work_of_its_own(request), principal, current,
                                                body.new_password, settings)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network = await networks.current(uow)
        await set_password(uow, network, user.id, body.new_password)
        token = await open_session(uow, network, user, settings, utcnow())
        await uow.commit()
    return credential_answer({"user_id": user.id, "token": token})


class EmailChange(BaseModel):
    verify_email_url: str
    new_email: str
    new_email_confirm: str


async def change_email(request: web.Request) -> web.Response:
    body = await read_model(request, EmailChange)
    if body.new_email.strip().lower() != body.new_email_confirm.strip().lower():
        raise IdentityError.EMAILS_DO_NOT_MATCH.error()
    email = onboarding.normalized_email(body.new_email)
    if email is None:
        raise PlatformError.VALIDATION_FAILED.error(fields={"new_email": "Not a valid email address"})
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network, user = await networks.current(uow), await profile.signed_in(uow, principal)
        await profile.change_email(uow, network, user, email, body.verify_email_url, utcnow())
        token = await open_session(uow, network, user, request.app[SETTINGS], utcnow())
        await uow.commit()
    return credential_answer({"user_id": user.id, "token": token})


class Block(BaseModel):
    user_message: str | None = None
    description: str | None = None
    expiration_date: date | None = None


async def block_self(request: web.Request) -> web.Response:
    body = await read_model(request, Block)
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        user = await profile.signed_in(uow, principal)
        log_id = await profile.block(uow, user, body.user_message, body.description, body.expiration_date)
        await uow.commit()
    return success({"user_access_denied_log_id": log_id})


async def delete_self(request: web.Request) -> web.Response:
    principal = caller(request)
    async with unit_of_work(request, IdentityUnitOfWork) as uow:
        network, user = await networks.current(uow), await profile.signed_in(uow, principal)
        await profile.delete_account(uow, network, user, utcnow())
        await uow.commit()
    return success({"user_id": user.id})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/{network}/self", view_self)
    app.router.add_patch("/v1/{network}/self", update_self)
    app.router.add_delete("/v1/{network}/self", delete_self)
    for action in profile.FLAGS:
        app.router.add_post(f"/v1/{{network}}/self/{action}", flag_handler(action))
    app.router.add_post("/v1/{network}/self/changePassword", change_password)
    app.router.add_post("/v1/{network}/self/changeEmail", change_email)
    app.router.add_post("/v1/{network}/self/blockUser", block_self)
