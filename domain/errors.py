"""One hierarchy for every rule the domain refuses to break.

The API maps each class to one HTTP status (see ``api/problems.py``), so a new
rule only has to pick the right class here.
"""


class DomainError(Exception):
    """A command was refused; nothing was written."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(DomainError):
    """A field of a command has a value the domain cannot accept."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.reason = detail


class RuleBroken(DomainError):
    """The command is well formed but breaks a business rule."""

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field


class StateConflict(DomainError):
    """The record is not in a state that allows this step (already sealed, closed...)."""


class NotFound(DomainError):
    """The record named by the command does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!s} not found")
        self.kind = kind
        self.key = str(key)


class UnknownReference(NotFound):
    """A field of a command names a record that does not exist."""

    def __init__(self, kind: str, key: object, field: str) -> None:
        super().__init__(kind, key)
        self.field = field
        self.reason = self.detail
