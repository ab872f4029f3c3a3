"""Payloads shaped as Discord documents them (API v10): users, members, guilds, messages, interactions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

TIMESTAMP = "2026-11-23T12:00:00.000000+00:00"
_snowflakes = itertools.count(1_300_000_000_000_000_000)

# Permission bits used by the stand-in (https://discord.com/developers/docs/topics/permissions).
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY
                      | USE_APPLICATION_COMMANDS)


def snowflake() -> str:
    """A fresh, unique 19-digit id."""
    return str(next(_snowflakes))


def user(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {"id": user_id, "username": name, "global_name": name, "discriminator": "0", "avatar": None,
            "bot": bot, "system": False, "public_flags": 0}


@dataclass
class Person:
    """A member of the stand-in guild."""

    name: str
    roles: list[str] = field(default_factory=list)
    bot: bool = False
    id: str = field(default_factory=snowflake)

    def user(self) -> dict[str, Any]:
        return user(self.id, self.name, bot=self.bot)

    def member(self, permissions: int) -> dict[str, Any]:
        """A guild member object (as in interactions: with the computed permissions)."""
        return {"user": self.user(), "roles": list(self.roles), "joined_at": TIMESTAMP, "deaf": False,
                "mute": False, "flags": 0, "pending": False, "nick": None, "avatar": None,
                "permissions": str(permissions)}


def role(role_id: str, name: str, permissions: int, position: int) -> dict[str, Any]:
    """A role object."""
    return {"id": role_id, "name": name, "permissions": str(permissions), "position": position, "color": 0,
            "hoist": False, "managed": False, "mentionable": True, "flags": 0}


def text_channel(channel_id: str, guild_id: str, name: str) -> dict[str, Any]:
    """A guild text channel object."""
    return {"id": channel_id, "type": 0, "guild_id": guild_id, "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "topic": None, "last_message_id": None,
            "rate_limit_per_user": 0, "parent_id": None}


def guild(guild_id: str, owner_id: str, roles: list[dict[str, Any]], channels: list[dict[str, Any]],
          members: list[dict[str, Any]]) -> dict[str, Any]:
    """A GUILD_CREATE payload."""
    return {
        "id": guild_id, "name": "Stand-in Guild", "icon": None, "splash": None, "discovery_splash": None,
        "owner_id": owner_id, "afk_channel_id": None, "afk_timeout": 300, "verification_level": 0,
        "default_message_notifications": 0, "explicit_content_filter": 0, "roles": roles, "emojis": [],
        "features": [], "mfa_level": 0, "application_id": None, "system_channel_id": None,
        "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None, "description": None,
        "banner": None, "premium_tier": 0, "preferred_locale": "en-US", "public_updates_channel_id": None,
        "nsfw_level": 0, "stickers": [], "premium_progress_bar_enabled": False, "joined_at": TIMESTAMP,
        "large": False, "unavailable": False, "member_count": len(members), "voice_states": [],
        "members": members, "channels": channels, "threads": [], "presences": [], "stage_instances": [],
        "guild_scheduled_events": [], "soundboard_sounds": [],
    }


def message(*, message_id: str, channel_id: str, author: dict[str, Any], content: str = "",
            guild_id: str | None = None, member: dict[str, Any] | None = None,
            mentions: list[dict[str, Any]] | None = None, embeds: list[Any] | None = None,
            components: list[Any] | None = None, flags: int = 0, webhook_id: str | None = None,
            message_reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message object (MESSAGE_CREATE when `guild_id`/`member` are set, or a REST response)."""
    data: dict[str, Any] = {
        "id": message_id, "channel_id": channel_id, "author": author, "content": content,
        "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False, "mention_everyone": False,
        "mentions": mentions or [], "mention_roles": [], "attachments": [], "embeds": embeds or [],
        "pinned": False, "type": 19 if message_reference else 0, "flags": flags,
        "components": components or [],
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
    if member is not None:
        data["member"] = {k: v for k, v in member.items() if k not in ("user", "permissions")}
    if webhook_id is not None:
        data["webhook_id"] = webhook_id
    if message_reference is not None:
        data["message_reference"] = message_reference
    return data


def command_option(name: str, value: Any, option_type: int, *, focused: bool = False) -> dict[str, Any]:
    """One resolved option of an application command interaction."""
    option: dict[str, Any] = {"name": name, "type": option_type, "value": value}
    if focused:
        option["focused"] = True
    return option


def attachment(attachment_id: str, filename: str, size: int, url: str) -> dict[str, Any]:
    """An attachment object (as found in `resolved.attachments`)."""
    return {"id": attachment_id, "filename": filename, "size": size, "url": url, "proxy_url": url,
            "content_type": "text/plain; charset=utf-8", "ephemeral": True}
