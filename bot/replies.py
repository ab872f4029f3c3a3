"""Thin helpers around interaction responses that the rest of the bot relies on."""

from __future__ import annotations

import discord

_PRIVATE = "open_roles_private"


async def defer(interaction: discord.Interaction, *, private: bool) -> None:
    """Defer with a "thinking" state, deciding here whether everything that follows is private."""
    interaction.extras[_PRIVATE] = private
    await interaction.response.defer(ephemeral=private, thinking=True)


def deferred_publicly(interaction: discord.Interaction) -> bool:
    """Whether the interaction was deferred with a public "thinking" message."""
    return (interaction.response.type is discord.InteractionResponseType.deferred_channel_message
            and not interaction.extras.get(_PRIVATE, False))
