"""Settings: read once, from the environment (prefix ``FACTTRACK_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FACTTRACK_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=PROJECT_ROOT / "data")
    database_url: str = ""
    secret_key: str = DEFAULT_SECRET
    max_upload_bytes: int = 5 * 1024 * 1024
    read_access: Literal["public", "login"] = "public"
    site_url: str = "http://127.0.0.1:8000"
    organization: str = "facttrack"

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "FACTTRACK_SECRET_KEY is left at its default: set a long random value "
                "before running in production"
            )
        if self.max_upload_bytes <= 0:
            raise ValueError("FACTTRACK_MAX_UPLOAD_BYTES must be positive")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, else a SQLite file in the data folder (created on demand)."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'facttrack.sqlite3'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
