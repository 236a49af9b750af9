"""A generator of a realistic organisation's history, for benchmarks and tests.

``generate(app, reps=..., years=...)`` simulates the organisation day by day and
writes real domain events into the store in bulk batches (see ``run``).
"""

from api.generator.run import DEFAULT_BATCH, GeneratedSummary, Progress, generate
from api.generator.world import DEFAULT_END, DEFAULT_SEED, Profile

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_END",
    "DEFAULT_SEED",
    "GeneratedSummary",
    "Profile",
    "Progress",
    "generate",
]
