"""The request bodies the registry's endpoints read, as the wire sends them (shape and range; the
rules are the domain's)."""

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from common.http.requests import Int64, NotNull, digits_as_int
from common.json import loads
from common.money import Price
from registry.domain.capitalizations import CapitalizationType, Stage


class CapitalizationChange(BaseModel):
    """The documented fields of a capitalization a create or an update sets."""

    model_config = ConfigDict(extra="forbid")

    number_of_shares: NotNull[Int64] = None
    price_per_share: NotNull[Price] = None
    owner_id: Int64 | None = None
    life_cycle_stage: NotNull[Annotated[Stage, BeforeValidator(digits_as_int)]] = None
    capitalization_type: NotNull[Annotated[CapitalizationType, BeforeValidator(digits_as_int)]] = None


class SplitPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number_of_shares: Annotated[int, BeforeValidator(digits_as_int), Field(le=2**63 - 1)]
    price_per_share: Price


class Split(BaseModel):
    capitalizations: list[SplitPart] = Field(max_length=1000)


def _id_list(value: Any) -> Any:
    """The document's sample sends the ids as a string, "[100, 101]"; a JSON array is read as well."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return loads(text) if text.startswith("[") else [part for part in text.split(",") if part.strip()]
        except ValueError:
            return value
    return value


class Merge(BaseModel):
    capitalization_ids: Annotated[list[Annotated[int, BeforeValidator(digits_as_int), Field(ge=1, le=2**63 - 1)]],
                                  BeforeValidator(_id_list), Field(max_length=1000)]
