"""Tamper evidence: a Merkle-tree log that follows the event log (RFC 6962 style).

- ``hashing``: the leaf and node hashes; with ``heads`` (the signed form of a
  tree head) the only code the writer and the independent checks share.
- ``tree``: the writer's running tree and the spans its proofs are made of.
- ``keys``: the Ed25519 signing key, from configuration or generated in development.
- ``proofs``: checks of proofs, heads and receipts, for anyone who does not
  trust the operator (standard library and ``cryptography`` only).
- ``receipts``: which records carry a receipt and whom each concerns.
- ``export``: tree heads (and leaves) out of the database.
- ``audit`` and ``snapshot``: ``perfledger verify``, recomputing everything
  from the events with its own reads.

The writer's tables, the follower and the use cases are in ``projections.transparency``.
"""
