"""HTTP API, CLI and the composition root. Never returns an aggregate."""
