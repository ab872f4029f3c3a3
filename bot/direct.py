"""Direct messages to members (alerts, deadline reminders), and what happens when theirs are closed.

A member whose DMs are closed to the bot (Discord's error 50007) has their alerts paused and is owed a
short private note, given the next time they use a command (`bot/exts/alerts.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

DMS_CLOSED = 50007
"""Discord's error code for "Cannot send messages to this user"."""

CLOSED_NOTE = ("I couldn't send you a direct message (your DMs are closed to me), so your alerts are "
               "paused and reminders can't reach you. Allow direct messages from this server's members "
               "(the server's Privacy Settings), then run `/alerts resume`.")


def link_buttons(links: Sequence[tuple[str, str]]) -> discord.ui.View | None:
    """A view of link buttons (label, URL); None without any. Link buttons need no listener."""
    if not links:
        return None
    view = discord.ui.View(timeout=None)
    for label, url in links[:25]:
        view.add_item(discord.ui.Button(label=label[:80], url=url, style=discord.ButtonStyle.link))
    return view


async def send_dm(bot: OpenRolesBot, user_id: int, *, embeds: Sequence[discord.Embed],
                  view: discord.ui.View | None = None) -> bool:
    """DM a member; False if it could not be sent. Closed DMs pause the member's alerts (and a note is
    owed to them); any other failure is logged."""
    try:
        channel = await bot.create_dm(discord.Object(id=user_id))
        if view is None:
            await channel.send(embeds=list(embeds))
        else:
            await channel.send(embeds=list(embeds), view=view)
        return True
    except discord.Forbidden as exc:
        if exc.code != DMS_CLOSED:
            log.warning("Could not DM user %s: %s", user_id, exc)
            return False
        log.info("User %s has closed DMs: pausing their alerts", user_id)
        await bot.store.pause_alerts(user_id)
        return False
    except discord.HTTPException as exc:
        log.warning("Could not DM user %s: %s", user_id, exc)
        return False
