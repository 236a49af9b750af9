"""Configuration from the environment (``PERFLEDGER_*``), read once at start-up."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Known to everyone who has read this file: good for a laptop, refused in production.
DEVELOPMENT_SECRET = "perfledger-development-secret-do-not-use-in-production"  # noqa: S105


class Backend(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgres"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PERFLEDGER_", extra="ignore")

    mode: Literal["development", "production"] = "development"
    database_url: str = "sqlite:///var/perfledger.db"
    postgres_schema: str = Field(default="public", pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    postgres_pool_size: int = Field(default=5, ge=1, le=100)
    postgres_max_overflow: int = Field(default=5, ge=0, le=100)
    aggregate_cache_size: int = Field(default=20_000, ge=0)
    # Page cache of each embedded-store connection, taken as pages are read: views of
    # years of history outgrow SQLite's 2 MB default (services.sqlite_store).
    sqlite_cache_mib: int = Field(default=256, ge=2, le=65_536)

    jwt_secret: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    token_hours: int = Field(default=12, ge=1, le=24 * 30)

    run_projections: bool = True
    projection_batch_size: int = Field(default=1000, ge=1, le=100_000)
    projection_poll_seconds: float = Field(default=0.5, gt=0, le=60)
    read_wait_seconds: float = Field(default=5.0, ge=0, le=60)
    max_body_bytes: int = Field(default=2_000_000, ge=1024)

    seed_demo: bool = True
    # The first development start generates a demo organisation's history up to now: this
    # many reps over this many years. The defaults keep that start under a minute on two
    # cores (about 150,000 events, then every view built from them).
    demo_reps: int = Field(default=20, ge=1, le=2000)
    demo_years: int = Field(default=5, ge=1, le=20)
    # Create missing tables at start-up; by default only in development, since in
    # production the service connects as a role that may not (``perfledger db init``).
    create_schema: bool | None = None

    # The tamper-evident log: its Ed25519 key (PEM text, or a file holding it), how
    # often it signs a tree head while the log grows, and where heads are exported.
    ledger_signing_key: SecretStr | None = None
    ledger_signing_key_file: Path | None = None
    ledger_head_seconds: float = Field(default=60.0, gt=0, le=86_400)
    ledger_export: str | None = Field(default=None, max_length=2000)
    # Each exported head also carries the leaves since the previous head: a copy of
    # the ledger outside the database, which lets ``perfledger verify`` name the exact
    # position even when the ledger tables were rewritten too.
    ledger_export_leaves: bool = False
    # Privacy: the master key wrapping every person's data key (base64 of 32 bytes, or a
    # file holding it), where data keys are kept, and how long a process trusts its cache
    # of them (a key destroyed elsewhere stops working here within this many seconds).
    master_key: SecretStr | None = None
    master_key_file: Path | None = None
    key_store: Literal["database", "file"] = "database"
    key_store_dir: Path | None = None
    key_cache_seconds: float = Field(default=60.0, ge=0, le=3600)
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def backend(self) -> Backend:
        if self.database_url.startswith(("postgresql://", "postgres://")):
            return Backend.POSTGRES
        return Backend.SQLITE

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS: production is served behind TLS, development is not."""
        return self.mode == "production"

    @property
    def creates_schema(self) -> bool:
        return self.mode == "development" if self.create_schema is None else self.create_schema

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @model_validator(mode="after")
    def check_database_url(self) -> Self:
        if not self.database_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
            msg = "PERFLEDGER_DATABASE_URL must start with sqlite:/// or postgresql://"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def refuse_development_secrets_in_production(self) -> Self:
        if self.mode != "production":
            return self
        if self.jwks_url is None and self.jwt_secret.get_secret_value() == DEVELOPMENT_SECRET:
            msg = "production mode refuses the development JWT secret: set PERFLEDGER_JWKS_URL"
            raise ValueError(msg)
        if self.jwks_url is not None and not (self.jwt_issuer and self.jwt_audience):
            msg = "production SSO needs PERFLEDGER_JWT_ISSUER and PERFLEDGER_JWT_AUDIENCE"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def refuse_to_sign_without_a_key_in_production(self) -> Self:
        if self.mode == "production" and not (
            self.ledger_signing_key or self.ledger_signing_key_file
        ):
            msg = (
                "production mode needs the ledger's signing key: set "
                "PERFLEDGER_LEDGER_SIGNING_KEY or PERFLEDGER_LEDGER_SIGNING_KEY_FILE "
                "(perfledger ledger keygen makes one)"
            )
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def refuse_to_encrypt_without_a_master_key_in_production(self) -> Self:
        if self.mode == "production" and not (self.master_key or self.master_key_file):
            msg = (
                "production mode needs the master key that wraps personal data keys: set "
                "PERFLEDGER_MASTER_KEY or PERFLEDGER_MASTER_KEY_FILE "
                "(perfledger keys master-keygen makes one)"
            )
            raise ValueError(msg)
        return self
