"""Who may do what, and how often: moderator check, per-guild rate limit, per-user question cooldown."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from bot.errors import NotModerator, RateLimited

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

T = TypeVar("T")


def is_moderator_member(member: discord.Member, moderator_role: str | None) -> bool:
    """Manage Server, or the configured moderator role (given by name, case-insensitive, or id)."""
    if member.guild_permissions.manage_guild:
        return True
    if not moderator_role:
        return False
    wanted = moderator_role.strip()
    return any(str(role.id) == wanted or role.name.casefold() == wanted.casefold() for role in member.roles)


class Throttle:
    """At most `rate` uses per `per` seconds for each key (a sliding window)."""

    def __init__(self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._uses: dict[Hashable, list[float]] = {}

    def retry_after(self, key: Hashable) -> float:
        """0 and records a use when allowed; otherwise the seconds until the next use is allowed."""
        if self.rate <= 0 or self.per <= 0:
            return 0.0
        now = self._clock()
        uses = [t for t in self._uses.get(key, []) if now - t < self.per]
        if len(uses) >= self.rate:
            self._uses[key] = uses
            return self.per - (now - uses[0])
        uses.append(now)
        self._uses[key] = uses
        return 0.0


def _bot(interaction: discord.Interaction) -> OpenRolesBot:
    return interaction.client  # type: ignore[return-value]


def moderator_only() -> Callable[[T], T]:
    """An app-command check run by the bot itself (Discord's default permissions can be changed)."""

    async def predicate(interaction: discord.Interaction) -> bool:
        member = interaction.user
        if not isinstance(member, discord.Member) or not is_moderator_member(
                member, _bot(interaction).settings.moderator_role):
            raise NotModerator()
        return True

    return app_commands.check(predicate)


def moderator_rate_limit() -> Callable[[T], T]:
    """Moderator actions per guild per minute, from `Settings.moderator_ops_per_minute`."""

    async def predicate(interaction: discord.Interaction) -> bool:
        wait = _bot(interaction).moderator_throttle.retry_after(interaction.guild_id)
        if wait:
            raise RateLimited(f"Too many posting changes in this server; try again in {wait:.0f} s.")
        return True

    return app_commands.check(predicate)


def question_cooldown() -> Callable[[T], T]:
    """The per-user question cooldown shared by `/ask` and questions asked in messages."""

    async def predicate(interaction: discord.Interaction) -> bool:
        wait = _bot(interaction).question_throttle.retry_after(interaction.user.id)
        if wait:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, wait), wait)
        return True

    return app_commands.check(predicate)


def describe_actor(user: discord.abc.User | Any) -> str:
    """How an audit entry names a member: "name (id)"."""
    return f"{user} ({user.id})"
