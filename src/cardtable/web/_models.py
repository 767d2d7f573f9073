"""Request bodies of the JSON API. A scenario is the same pydantic model as a TOML scenario
file (:class:`cardtable.scenarios.Scenario`), so the OpenAPI schema documents the file format."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cardtable._spec import Spec
from cardtable.scenarios import Scenario
from cardtable.scenarios._text import Label

__all__ = ["MONTH_PATTERN", "ApiError", "CoalitionRequest", "RunRequest"]

#: A month ``YYYY-MM`` (the query parameter ``as_of`` and ``CoalitionRequest.as_of``).
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class ApiError(BaseModel):
    """Every 4xx answer (and the rare 5xx): one line naming the field, the value and what is
    allowed, the same line the CLI prints after ``error:``."""

    model_config = ConfigDict(extra="forbid")

    error: str = Field(description="One line: field, bad value, what is allowed.")


class RunRequest(Spec):
    """A run of a scenario: a built-in ``name`` or an inline ``scenario`` (exactly one).

    Strict like a scenario file: no strings for numbers, no numbers for booleans.
    """

    name: Annotated[Label, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="A built-in scenario (GET /api/scenarios lists them)."
    )
    scenario: Scenario | None = Field(
        default=None, description="An inline scenario: the fields of a scenario TOML file."
    )
    draws: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="Monte Carlo draws (default: the scenario's); capped by the "
        "server's max_draws.",
    )
    seed: Annotated[int, Field(ge=0)] | None = None
    calibration: Annotated[Label, Field(min_length=1, max_length=40)] | None = None
    figures: bool = Field(default=True, description="Include the report's Plotly figures.")

    @model_validator(mode="after")
    def _one_scenario(self) -> RunRequest:
        if (self.name is None) == (self.scenario is None):
            raise ValueError("give exactly one of name (a built-in) or scenario (inline)")
        return self


class CoalitionRequest(Spec):
    """Shapley values of creditors' leverage at one month (strict, like :class:`RunRequest`)."""

    as_of: Annotated[str, Field(pattern=MONTH_PATTERN)] | None = None
    holders: (
        Annotated[list[Annotated[Label, Field(min_length=1, max_length=80)]], Field(max_length=60)]
        | None
    ) = None
    sale_share: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)] = 0.25
    figures: bool = True
