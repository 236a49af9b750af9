"""The perfledger domain: aggregates, events, value objects and pure rules.

Imports only the standard library, pydantic and ``eventsourcing.domain``; time
comes in as data, never from a clock read here.
"""
