"""The embedded store: the library's SQLite persistence, with a page cache sized for views.

SQLite's default page cache is 2 MB per connection. A rebuild of every view over
years of history touches view tables and indexes of several GB at random keys;
with 2 MB each batch reads the same pages again from the file and spills dirty
ones to the write-ahead log before its commit. So each connection gets the cache
``SQLITE_CACHE_MIB`` asks for (memory is taken only as pages are read).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteFactory,
)

DEFAULT_CACHE_MIB = 256


class SizedCachePool(SQLiteConnectionPool):
    def __init__(self, *, cache_mib: int, **kwargs: Any) -> None:
        self.cache_mib = cache_mib
        super().__init__(**kwargs)

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        # A negative cache_size is in KiB, a limit rather than an allocation.
        connection.cursor().execute(f"PRAGMA cache_size=-{self.cache_mib * 1024}")
        return connection


class SizedCacheFactory(SQLiteFactory):
    """The library's SQLite factory whose
    connections carry the page cache ``SQLITE_CACHE_MIB`` sets."""

    SQLITE_CACHE_MIB = "SQLITE_CACHE_MIB"

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        cache_mib = int(self.env.get(self.SQLITE_CACHE_MIB) or DEFAULT_CACHE_MIB)
        library = self.datastore.pool
        # The library's datastore made its pool before any connection: swap it for ours.
        self.datastore.pool = SizedCachePool(
            cache_mib=cache_mib, db_name=library.db_name, lock_timeout=library.lock_timeout
        )
        library.close()
