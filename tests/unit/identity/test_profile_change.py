"""The two shapes the document gives a user's bank accounts are both read."""

import pytest
from pydantic import ValidationError

from identity.entrypoints.bodies import ProfileChange


def test_one_bank_account_object_is_a_list_of_one():
    change = ProfileChange.model_validate({"bank_accounts": {"bank_name": "First Bank"}})
    assert [account.bank_name for account in change.bank_accounts] == ["First Bank"]


def test_a_bank_address_given_as_an_address_is_kept_as_one_line():
    change = ProfileChange.model_validate({"bank_accounts": [{"bank_address": {
        "building": "2", "street_address": "Main St", "city": "Leeds", "postal_code": "LS1", "country": "gb"}}]})
    assert change.bank_accounts[0].bank_address == "2, Main St, Leeds, LS1, GB"


@pytest.mark.parametrize("bank_accounts", [{"bank_address": {"planet": "Mars"}}, "First Bank", [1]])
def test_anything_else_is_refused(bank_accounts):
    with pytest.raises(ValidationError):
        ProfileChange.model_validate({"bank_accounts": bank_accounts})
