"""Read models rebuilt from the log, their storage and their runner.

A view is an ``eventsourcing.projection.Projection`` whose view object is a
tracking recorder holding the view's tables; each batch of events changes the
tables and records the tracking position in one transaction, so every event is
applied exactly once, whatever stops or races.
"""
