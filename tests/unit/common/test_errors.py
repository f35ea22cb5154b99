import pytest

from common.errors import AuthError, ErrorCatalog, FieldErrors, PlatformError
from common.http.errors import error_body


@pytest.mark.parametrize("catalog", [PlatformError, AuthError])
def test_every_catalogued_code_has_its_texts_and_an_error_status(catalog: type[ErrorCatalog]):
    for member in catalog:
        spec = member.spec()
        assert 400 <= spec.status < 600
        assert spec.user_message and spec.developer_message


def test_catalog_codes_stay_in_their_documented_ranges():
    assert all(10100 <= code < 10200 for code in PlatformError)
    assert all(10200 <= code < 10300 for code in AuthError)


def test_an_error_renders_the_crowd_valley_envelope():
    body = error_body(PlatformError.VALIDATION_FAILED.error(fields={"email": "required"}))
    assert body == {
        "outcome": "error",
        "data": {
            "code": 10100,
            "user_message": "Some of the information you entered is not valid",
            "developer_message": "Request validation failed; see fields",
            "fields": {"email": "required"},
        },
        "status": 400,
    }


def test_field_errors_raise_once_with_every_field():
    errors = FieldErrors()
    errors.add("email", "invalid")
    errors.add("url", "required")
    with pytest.raises(Exception) as caught:
        errors.raise_if_any()
    assert caught.value.fields == {"email": "invalid", "url": "required"}
