"""Settings from the environment or `.env`. Built once by the entry point; never at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge.parse import ParseLimits

BUNDLED_POSTINGS = Path(__file__).resolve().parent.parent / "knowledge" / "postings"


class Settings(BaseSettings):
    """Open Roles configuration. Names are part of the interface (see `.env.example`)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    postings_dir: Path = BUNDLED_POSTINGS
    database_path: Path = Path("data/open-roles.db")
    moderator_role: str | None = None
    ask_channel_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"

    max_posting_bytes: int = 5_000_000
    max_posting_lines: int = 50_000
    max_posting_passages: int = 5_000
    max_parse_seconds: float = 120.0
    question_cooldown_seconds: float = 5.0
    moderator_ops_per_minute: int = 6

    def parse_limits(self) -> ParseLimits:
        """The bounds on one posting file (bytes, lines, passages, parse time) that every load applies."""
        return ParseLimits(max_bytes=self.max_posting_bytes, max_lines=self.max_posting_lines,
                           max_passages=self.max_posting_passages, max_seconds=self.max_parse_seconds)

    @field_validator("ask_channel_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(",", " ").split()]
        return value

    @field_validator("discord_guild_id", "moderator_role", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value
