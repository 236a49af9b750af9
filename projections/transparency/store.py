"""The tamper-evident log's tables: leaves, completed nodes and signed tree heads.

All three only grow. A leaf row holds the event's position and leaf hash; a
node row the hash of a completed subtree (level >= 1); a head row a signed tree
head. Rows are inserted in the same transaction as the leaves that complete
them, and triggers refuse UPDATE and DELETE (``services.append_only``). The
SQL plumbing is the view store's: the same connections, one transaction per
batch, placeholders written once for both stores.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from projections.store import PostgresViewStore, ViewStore
from services.append_only import (
    LEDGER_LEAVES,
    LEDGER_NODES,
    LEDGER_TABLES,
    TREE_HEADS,
    postgres_triggers,
    sqlite_triggers,
)
from services.transparency.heads import TreeHead
from services.transparency.tree import Frontier, Node, NodeKey, right_edge

Leaf = tuple[int, int, bytes]  # (leaf index, position, leaf hash)


class LogStore:
    def __init__(self, store: ViewStore) -> None:
        self.store = store
        self.postgres = isinstance(store, PostgresViewStore)
        self.leaves = store.qualify(LEDGER_LEAVES)
        self.nodes = store.qualify(LEDGER_NODES)
        self.heads = store.qualify(TREE_HEADS)

    def create(self) -> None:
        blob = "BYTEA" if self.postgres else "BLOB"
        statements = [
            f"CREATE TABLE IF NOT EXISTS {self.leaves} (leaf_index BIGINT PRIMARY KEY, "
            f"position BIGINT NOT NULL UNIQUE, leaf_hash {blob} NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.nodes} (level SMALLINT NOT NULL, "
            f"node_index BIGINT NOT NULL, hash {blob} NOT NULL, PRIMARY KEY (level, node_index))",
            f"CREATE TABLE IF NOT EXISTS {self.heads} (tree_size BIGINT NOT NULL, "
            f"timestamp_ms BIGINT NOT NULL, root_hash {blob} NOT NULL, signature {blob} NOT NULL, "
            f"key_id {blob} NOT NULL, PRIMARY KEY (tree_size, timestamp_ms))",
            *self._triggers(),
        ]
        with self.store.transaction() as tx:
            for statement in statements:
                tx.execute(statement)

    def _triggers(self) -> list[str]:
        if not self.postgres:
            return [t for table in LEDGER_TABLES for t in sqlite_triggers(table)]
        assert isinstance(self.store, PostgresViewStore)
        schema = self.store.datastore.schema
        return [t.as_string() for table in LEDGER_TABLES for t in postgres_triggers(schema, table)]

    # --- the tree ---------------------------------------------------------------------

    def tip(self) -> tuple[int, int]:
        """The number of leaves and the position of the last one (0, 0 when empty)."""
        rows = self.store.query(
            f"SELECT leaf_index, position FROM {self.leaves} ORDER BY leaf_index DESC LIMIT 1"
        )
        if not rows:
            return 0, 0
        return int(rows[0]["leaf_index"]) + 1, int(rows[0]["position"])

    def frontier(self) -> tuple[Frontier, int]:
        """The stored tree's right edge and the position of its last leaf."""
        size, last = self.tip()
        keys = right_edge(size)
        found = self.hashes(keys)
        return Frontier(size, [found[k] for k in keys]), last

    def hashes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        """Stored hashes by (level, index): leaves for level 0, completed nodes above."""
        found: dict[NodeKey, bytes] = {}
        leaves = [index for level, index in keys if level == 0]
        if leaves:
            marks = ", ".join(["%s"] * len(leaves))
            for r in self.store.query(
                f"SELECT leaf_index, leaf_hash FROM {self.leaves} WHERE leaf_index IN ({marks})",
                leaves,
            ):
                found[(0, int(r["leaf_index"]))] = bytes(r["leaf_hash"])
        inner = [key for key in keys if key[0] > 0]
        if inner:
            where = " OR ".join(["(level = %s AND node_index = %s)"] * len(inner))
            for r in self.store.query(
                f"SELECT level, node_index, hash FROM {self.nodes} WHERE {where}",
                [v for key in inner for v in key],
            ):
                found[(int(r["level"]), int(r["node_index"]))] = bytes(r["hash"])
        missing = set(keys) - found.keys()
        if missing:
            raise LookupError(f"the ledger lacks nodes {sorted(missing)[:5]}")
        return found

    def append(self, leaves: Sequence[Leaf], nodes: Sequence[Node]) -> None:
        """Add a batch of leaves and the nodes they complete, in one transaction.

        A second writer appending the same leaves fails on the leaf index key
        (an ``IntegrityError``) and writes nothing.
        """
        with self.store.transaction() as tx:
            tx.execute_many(
                f"INSERT INTO {self.leaves} (leaf_index, position, leaf_hash) VALUES (%s, %s, %s)",
                leaves,
            )
            if nodes:
                tx.execute_many(
                    f"INSERT INTO {self.nodes} (level, node_index, hash) VALUES (%s, %s, %s)",
                    nodes,
                )

    def leaf_at(self, position: int) -> tuple[int, bytes] | None:
        """The leaf index and hash of the event at a position, once the ledger holds it."""
        rows = self.store.query(
            f"SELECT leaf_index, leaf_hash FROM {self.leaves} WHERE position = %s", [position]
        )
        return None if not rows else (int(rows[0]["leaf_index"]), bytes(rows[0]["leaf_hash"]))

    def leaf_pages(self, first: int, end: int, page: int = 10_000) -> Iterator[list[Leaf]]:
        """The leaves with indexes in [first, end), in order, a page at a time (for exports)."""
        while True:
            rows = self.store.query(
                f"SELECT leaf_index, position, leaf_hash FROM {self.leaves} "
                "WHERE leaf_index >= %s AND leaf_index < %s ORDER BY leaf_index LIMIT %s",
                [first, end, page],
            )
            if not rows:
                return
            yield [(int(r["leaf_index"]), int(r["position"]), bytes(r["leaf_hash"])) for r in rows]
            first = int(rows[-1]["leaf_index"]) + 1

    # --- signed heads -----------------------------------------------------------------

    def add_head(self, head: TreeHead) -> None:
        with self.store.transaction() as tx:
            tx.execute(
                f"INSERT INTO {self.heads} (tree_size, timestamp_ms, root_hash, signature, key_id) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (head.tree_size, head.timestamp, head.root_hash, head.signature, head.key_id),
            )

    def latest_head(self) -> TreeHead | None:
        rows = self.store.query(
            f"SELECT * FROM {self.heads} ORDER BY tree_size DESC, timestamp_ms DESC LIMIT 1"
        )
        return _head(rows[0]) if rows else None


def _head(row: dict[str, Any]) -> TreeHead:
    return TreeHead(
        tree_size=int(row["tree_size"]),
        timestamp=int(row["timestamp_ms"]),
        root_hash=bytes(row["root_hash"]),
        signature=bytes(row["signature"]),
        key_id=bytes(row["key_id"]),
    )
