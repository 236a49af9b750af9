"""The writer of the tamper-evident log: its tables, the follower and the use cases.

The hashing and proof checks it relies on live in ``services.transparency``;
the independent verifier (``perfledger verify``) reads the same tables with
its own queries.
"""
