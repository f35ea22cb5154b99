"""Reading users: one's own account, other users as the caller may see them, the admins' lists.

Lists hold Open users only (admins see everyone); a Hidden user is visible to themself and
admins only; an Anonymous one is shown without a name. No view carries private fields: the
documented private keys answer null, documents go to their owner and admins only, and
memberships are of the organizations the caller may see. Every page costs a fixed number of
queries, however long it is.
"""

from typing import Any

from common.http.listing import ListQuery
from common.http.principal import Principal
from common.vocabulary import Visibility
from identity.domain.errors import IdentityError
from identity.domain.users import User
from identity.service.unit_of_work import IdentityUnitOfWork
from identity.service.users import public_view, self_view


async def own_account(uow: IdentityUnitOfWork, user: User) -> dict[str, Any]:
    """The user's whole account, as they (and the admins) see it."""
    addresses = await uow.directory.addresses(user.id)
    bank_accounts = await uow.directory.bank_accounts(user.id)
    memberships = (await uow.organization_views.memberships([user.id]))[user.id]
    documents = (await uow.documents.of_owners(user.network_id, "User", [user.id]))[user.id]
    return self_view(user, addresses, bank_accounts, memberships, documents)


async def _shown_memberships(uow: IdentityUnitOfWork, user_ids: list[int],
                             principal: Principal) -> dict[int, list[dict[str, Any]]]:
    """Users' memberships as the caller may see them: every one for admins and of the caller
    themself, otherwise those of public organizations."""
    if principal.is_admin:
        return await uow.organization_views.memberships(user_ids)
    return await uow.organization_views.memberships(user_ids, public_only_for=principal.user_id or 0)


async def users_page(uow: IdentityUnitOfWork, principal: Principal, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
    """GET /users and /public/users."""
    count, users = await uow.directory.page(uow.tenant.id, query, open_only=not principal.is_admin)
    ids = [user.id for user in users]
    addresses = await uow.directory.public_addresses(ids)
    memberships = await _shown_memberships(uow, ids, principal)
    return count, [public_view(user, addresses.get(user.id), principal.is_admin, memberships=memberships[user.id])
                   for user in users]


async def user_view(uow: IdentityUnitOfWork, principal: Principal, user_id: int) -> dict[str, Any]:
    """GET /users/{user_id}."""
    user = await uow.users.get(uow.tenant.id, user_id)
    may_see = user is not None and user.deleted_at is None and (
        user.visibility != Visibility.HIDDEN or principal.is_admin or principal.user_id == user.id)
    if not may_see:
        raise IdentityError.USER_NOT_FOUND.error()
    address = (await uow.directory.public_addresses([user.id])).get(user.id)
    # a user's documents are theirs and the admins' to read
    own = principal.is_admin or principal.user_id == user.id
    documents = (await uow.documents.of_owners(uow.tenant.id, "User", [user.id]))[user.id] if own else []
    memberships = (await _shown_memberships(uow, [user.id], principal))[user.id]
    return public_view(user, address, principal.is_admin, documents, memberships)


async def every_user_page(uow: IdentityUnitOfWork, query: ListQuery) -> tuple[int, list[dict[str, Any]]]:
    """GET /admin/users: every user, those who left included, with their email and its verification."""
    count, users = await uow.directory.every_user(uow.tenant.id, query)
    return count, [public_view(user, None, show_email=True) | {"email_verified": user.email_verified}
                   for user in users]
