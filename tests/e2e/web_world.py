"""A month of one rep's work recorded through the API, for the pages to show."""

from __future__ import annotations

from tests.e2e import month_of_work as work
from tests.e2e.conftest import Api
from tests.e2e.process import plan

TODAY = work.TODAY
MONTH = work.MONTH
PURPOSE = "Their Ningbo warehouse needs a second supplier now"


def month_of_work(api: Api) -> None:
    """Wang's month (tests.e2e.month_of_work) with a deal of 12,500, and one more visit, to
    c-3, planned for today and waiting for the manager's review."""
    work.month_of_work(api, "12500", "c-3")
    plan(api, "rep-wang", "c-3", TODAY, why=PURPOSE)
