"""Use cases, the access policy and the event store wiring.

One public method is one use case: load, call aggregate methods, save, return
ids. Every command and every query passes through ``services.policy``.
"""
