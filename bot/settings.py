"""Settings from the environment or `.env`. Built once by the entry point; never at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge.parse import ParseLimits

BUNDLED_POSTINGS = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Open Roles configuration. Names are part of the interface (see `.env.example`)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    home_guild_id: int | None = None
    """The operator's server: the only one whose moderators may reload the shared postings folder
    (DISCORD_GUILD_ID when unset). The bot's owner may reload it from any server."""
    postings_dir: Path = BUNDLED_POSTINGS
    database_path: Path = Path("data/open-roles.db")
    database_url: SecretStr | None = None
    """postgresql://user:password@host/db: use PostgreSQL (for several processes) instead of DATABASE_PATH."""
    shard_count: int | None = None
    """How many gateway shards the whole bot runs (over every process); unset: one unsharded process."""
    shard_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    """The shards this process runs (comma separated; all of them when unset)."""
    moderator_role: str | None = None
    ask_channel_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    """DEBUG, INFO, WARNING, ERROR or CRITICAL (any case); anything else is a start-up error."""

    max_posting_bytes: int = 5_000_000
    max_posting_lines: int = 50_000
    max_posting_passages: int = 5_000
    max_parse_seconds: float = 120.0
    question_cooldown_seconds: float = 5.0
    moderator_ops_per_minute: int = 6

    # Announcements, alerts and deadline reminders (bot/exts/news.py, announce.py, alerts.py, remind.py).
    news_check_seconds: float = Field(default=5.0, gt=0)
    """How often the bot looks for postings new to a server (after a reload, an upload, another process's
    sync)."""
    announce_batch_limit: int = Field(default=5, ge=1)
    """More new postings than this at once are announced (or sent as an alert) as one summary."""
    send_pause_seconds: float = Field(default=1.0, ge=0)
    """The pause between two announcements or direct messages, to stay well inside Discord's rate limits."""
    alerts_per_member: int = Field(default=10, ge=1)
    reminder_check_seconds: float = Field(default=600.0, gt=0)
    """How often due deadline reminders are looked for (a reminder is sent once, on its day)."""

    def parse_limits(self) -> ParseLimits:
        """The bounds on one posting file (bytes, lines, passages, parse time) that every load applies."""
        return ParseLimits(max_bytes=self.max_posting_bytes, max_lines=self.max_posting_lines,
                           max_passages=self.max_posting_passages, max_seconds=self.max_parse_seconds)

    @property
    def database(self) -> Path | str:
        """Where the store is: DATABASE_URL when set, else DATABASE_PATH."""
        return self.database_url.get_secret_value() if self.database_url else self.database_path

    @model_validator(mode="after")
    def _check_shards(self) -> Settings:
        if self.shard_count is not None and self.shard_count < 1:
            raise ValueError("SHARD_COUNT must be at least 1")
        if self.shard_ids and self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT (the number of shards over every process)")
        if self.shard_count is not None and any(not 0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(f"SHARD_IDS must be between 0 and SHARD_COUNT - 1 ({self.shard_count - 1})")
        return self

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"unknown level; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("ask_channel_ids", "shard_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(",", " ").split()]
        return value

    @property
    def home_guild(self) -> int | None:
        """HOME_GUILD_ID, else DISCORD_GUILD_ID."""
        return self.home_guild_id if self.home_guild_id is not None else self.discord_guild_id

    @field_validator("discord_guild_id", "home_guild_id", "moderator_role", "database_url", "shard_count",
                     mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


def settings_error(exc: ValidationError) -> str:
    """One line naming each bad variable and what is wrong with it (never its value: it may be secret)."""
    problems = [f"{'.'.join(str(part) for part in error['loc']).upper() or 'settings'}: "
                f"{str(error['msg']).removeprefix('Value error, ')}"
                if error["loc"] else str(error["msg"]).removeprefix("Value error, ")
                for error in exc.errors()]
    return "bad settings: " + "; ".join(problems)
