"""Request bodies of the JSON API. A scenario is the same pydantic model as a TOML scenario
file (:class:`cardtable.scenarios.Scenario`), so the OpenAPI schema documents the file format."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cardtable.scenarios import Scenario

__all__ = ["CoalitionRequest", "RunRequest"]


class RunRequest(BaseModel):
    """A run of a scenario: a built-in ``name`` or an inline ``scenario`` (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
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
    calibration: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    figures: bool = Field(default=True, description="Include the report's Plotly figures.")

    @model_validator(mode="after")
    def _one_scenario(self) -> RunRequest:
        if (self.name is None) == (self.scenario is None):
            raise ValueError("give exactly one of name (a built-in) or scenario (inline)")
        return self


class CoalitionRequest(BaseModel):
    """Shapley values of creditors' leverage at one month."""

    model_config = ConfigDict(extra="forbid")

    as_of: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None
    holders: Annotated[list[Annotated[str, Field(min_length=1)]], Field(max_length=60)] | None = (
        None
    )
    sale_share: Annotated[float, Field(gt=0.0, le=1.0)] = 0.25
    figures: bool = True
