"""Progress bars for the long commands: a rich display whose tasks are the phases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

# (done, total, events): how far a phase is, and how many events it has written or read.
Report = Callable[[int, int, int], None]


class Phases:
    """One live display; a phase's bar appears when it first reports, so a phase
    that has nothing to do (or whose total is unknown until then) shows nothing early."""

    def __init__(self, display: Progress) -> None:
        self.display = display
        self.tasks: dict[str, TaskID] = {}

    def phase(self, label: str) -> Report:
        def report(done: int, total: int, events: int) -> None:
            if label not in self.tasks:
                self.tasks[label] = self.display.add_task(label, total=total, events=events)
            self.display.update(self.tasks[label], completed=done, total=total, events=events)

        return report

    def views(self, label: str) -> Callable[[int, int], None]:
        """A rebuild's report: its position is the count of events applied."""
        report = self.phase(label)
        return lambda position, head: report(position, max(head, 1), position)


@contextmanager
def phases(console: Console) -> Iterator[Phases]:
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    events = TextColumn("{task.fields[events]:,} events")
    with Progress(*columns, events, TimeRemainingColumn(), console=console) as display:
        yield Phases(display)
