"""The base of every read model: handlers per event type over declared tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from projections.sealed import open_rows
from projections.store import ViewStore, ViewTransaction
from projections.tables import Key, Row, Rows, Table

Handler = Callable[[Any, Rows], None]
Applied = tuple[Any, int]  # a domain event and its position in the log


class View(Projection[ViewStore]):
    """A projection: for each event type it handles, a function that changes rows.

    Handlers are side-effect free apart from the rows they are given, so a view
    equals a fold over the events whatever the batch sizes, and a rebuild from
    the first event equals the live view.
    """

    tables: ClassVar[tuple[Table, ...]] = ()
    handlers: ClassVar[Mapping[type, Handler]] = {}
    # A view of every event in the log (the audit trail) overrides ``apply`` instead.
    every_event: ClassVar[bool] = False
    # Small tables read whole at the start of each batch (a few thousand rows at most).
    whole_tables: ClassVar[tuple[Table, ...]] = ()

    def __init__(self, view: ViewStore, prefix: str = "") -> None:
        super().__init__(view)
        self.prefix = prefix
        # No topics selects every notification (the library's recorders filter only when given).
        self.topics = () if self.every_event else tuple(get_topic(cls) for cls in self.handlers)

    @property
    def tracking_name(self) -> str:
        return self.prefix + self.name

    def table(self, table: Table) -> str:
        """The physical name of one of this view's tables."""
        return self.view.qualify(self.prefix + table.name)

    def create(self) -> None:
        self.view.create(self.tables, self.prefix)

    def reset(self) -> None:
        self.view.reset(self.tracking_name, self.tables, self.prefix)

    def position(self) -> int:
        return self.view.position(self.tracking_name) or 0

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.apply_batch([(domain_event, tracking.notification_id)], tracking.notification_id)

    def apply_batch(self, events: Sequence[Applied], up_to: int) -> None:
        """Apply events and move the position to ``up_to``, all in one transaction."""
        with self.view.transaction(self.prefix) as tx:
            self.apply_in(tx, events, up_to)

    def apply_in(self, tx: ViewTransaction, events: Sequence[Applied], up_to: int) -> None:
        """Apply events and move the position within a transaction the caller commits (a
        rebuild applies every view's share of a batch in one)."""
        tx = tx.with_prefix(self.prefix)
        # Tracking first: a second runner on the same view waits here, then fails.
        tx.track(self.tracking_name, up_to)
        rows = Rows(tx)
        self.prefetch(events, rows)
        for event, position in events:
            rows.position = position
            self.apply(event, rows)
        rows.flush()

    def prefetch(self, events: Sequence[Applied], rows: Rows) -> None:
        """Read in bulk the rows the batch's handlers will ask for, so that a batch costs a
        few queries instead of one per event; what is not prefetched is fetched on demand."""
        for table in self.whole_tables:
            rows.preload(table)
        wanted: dict[Table, list[Key]] = {}
        for event, _ in events:
            for table, key in self.rows_needed(event):
                wanted.setdefault(table, []).append(key)
        for table, keys in wanted.items():
            rows.prefetch(table, keys)

    def rows_needed(self, event: Any) -> Iterable[tuple[Table, Key]]:
        """The rows an event's handler will read, where the event names them."""
        del event
        return ()

    def apply(self, event: Any, rows: Rows) -> None:
        """Change rows for one event: its type's handler."""
        self.handlers[type(event)](event, rows)

    def select(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query whose ``{table}`` names are this view's tables.

        Text about a person comes back opened: the text, or the erased marker.
        """
        names = {t.name: self.table(t) for t in self.tables}
        return open_rows(self.view.query(sql.format(**names), params), self.view.texts)

    def dump(self) -> dict[str, list[Row]]:
        """Every row of every table as stored (texts sealed), in key order: for
        rebuild-equals-live checks."""
        return {
            t.name: self.view.query(f"SELECT * FROM {self.table(t)} ORDER BY {', '.join(t.key)}")
            for t in self.tables
        }
