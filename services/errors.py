"""Refusals decided by the service layer (who may act, and how requests race)."""


class ServiceError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Unauthenticated(ServiceError):
    """No valid credentials came with the request."""


class Forbidden(ServiceError):
    """The person is known but the policy does not let them see or do this."""


class ConcurrentChange(ServiceError):
    """Another writer changed the same record first; reload and decide again."""


class PreconditionFailed(ServiceError):
    """The client's If-Match version is not the record's current version."""


class ViewBehind(ServiceError):
    """A read asked to see a position the views have not reached in time."""
