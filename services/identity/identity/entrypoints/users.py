"""The logged-in user's endpoints under /self."""

from datetime import date

from aiohttp import web
from pydantic import BaseModel, ConfigDict

from common.http.app import PG
from common.http.envelope import credential_answer, success
from common.http.errors import AuthError, PlatformError
from common.http.requests import entity_change, read_json, read_model
from common.ids import utcnow
from identity.adapters.db import organizations, records, store
from identity.domain.errors import IdentityError
from identity.domain.profile import ProfileChange
from identity.entrypoints.keys import SETTINGS, caller
from identity.service import onboarding, profile
from identity.service.documents import documents_of
from identity.service.sessions import open_session
from identity.service.users import self_view


async def signed_in_user(conn, request: web.Request) -> tuple[store.Network, store.User]:
    principal = caller(request)
    if principal.user_id is None:
        raise AuthError.USER_REQUIRED.error()
    network = await store.network_by_name(conn, principal.network)
    user = network and await store.user_by_id(conn, network.id, principal.user_id)
    if network is None or user is None:
        raise AuthError.USER_REQUIRED.error()
    return network, user


async def _self_view(conn, user: store.User) -> dict:
    addresses = await records.list_records(conn, "user_addresses", user.id)
    bank_accounts = await records.list_records(conn, "user_bank_accounts", user.id)
    memberships = await organizations.memberships(conn, user.id)
    documents = (await documents_of(conn, user.network_id, "User", [user.id]))[user.id]
    return self_view(user, addresses, bank_accounts, memberships, documents)


async def view_self(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        _, user = await signed_in_user(conn, request)
        return success({"user": await _self_view(conn, user)})


def profile_change(body: dict, current: dict | None = None) -> ProfileChange:
    return entity_change(ProfileChange, body, current, IdentityError.FIELD_NOT_EDITABLE)


async def update_self(request: web.Request) -> web.Response:
    body = await read_json(request)
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        change = profile_change(body, await _self_view(conn, user))
        await profile.apply_profile(conn, network, user.id, change)
    return success({"user_id": user.id})


def flag_handler(action: str):
    async def set_flag(request: web.Request) -> web.Response:
        async with request.app[PG].acquire() as conn:
            network, user = await signed_in_user(conn, request)
            await profile.set_flag(conn, network, user.id, action)
        return success({"user_id": user.id})

    return set_flag


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="ignore")
    current_password: str | None = None
    password: str | None = None  # the document's parameter table names it so
    new_password: str
    new_password_confirm: str


async def change_password(request: web.Request) -> web.Response:
    body = await read_model(request, PasswordChange)
    current = body.current_password or body.password
    if current is None:
        raise PlatformError.VALIDATION_FAILED.error(fields={"current_password": "This field is required"})
    if body.new_password != body.new_password_confirm:
        raise IdentityError.PASSWORDS_DO_NOT_MATCH.error("The new_password and new_password_confirm fields are not equal")
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        await profile.change_own_password(conn, network, user, current, body.new_password, request.app[SETTINGS])
        token = await open_session(conn, network, user, request.app[SETTINGS], utcnow())
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
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        await profile.change_email(conn, network, user, email, body.verify_email_url, utcnow())
        token = await open_session(conn, network, user, request.app[SETTINGS], utcnow())
    return credential_answer({"user_id": user.id, "token": token})


class Block(BaseModel):
    user_message: str | None = None
    description: str | None = None
    expiration_date: date | None = None


async def block_self(request: web.Request) -> web.Response:
    body = await read_model(request, Block)
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        log_id = await profile.block(conn, network, user, body.user_message, body.description, body.expiration_date)
    return success({"user_access_denied_log_id": log_id})


async def delete_self(request: web.Request) -> web.Response:
    async with request.app[PG].acquire() as conn:
        network, user = await signed_in_user(conn, request)
        await profile.delete_account(conn, network, user, utcnow())
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
