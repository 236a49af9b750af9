"""Request and response shapes shared by every router."""

from __future__ import annotations

import re
from typing import Annotated, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from domain.values import MAX_NAME, MAX_TEXT
from services.commands import Accepted

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
IDENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain NUL or other control characters")
    return value


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_no_control_characters),
]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME),
    AfterValidator(_no_control_characters),
]
Ident = Annotated[str, StringConstraints(pattern=IDENT_PATTERN)]


class Body(BaseModel):
    """Every request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT)


class Fact(Body):
    """A body recording a business fact: it may say when the fact happened."""

    occurred_at: AwareDatetime | None = Field(
        default=None, description="When it happened (with offset); never in the future."
    )


class AcceptedOut(BaseModel):
    """What a command wrote; ``position`` lets the client read its own write."""

    id: str
    position: int
    version: int | None = None
    ids: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, accepted: Accepted) -> AcceptedOut:
        return cls(
            id=accepted.id,
            position=accepted.position,
            version=accepted.version,
            ids=list(accepted.ids),
        )


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; pass ``next`` as ``after`` to get the following page."""

    items: list[T]
    next: str | None = None
