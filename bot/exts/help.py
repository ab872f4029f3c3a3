"""`/help`: what the bot can do, with examples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render

if TYPE_CHECKING:
    from bot.client import OpenRolesBot


class Help(commands.Cog):
    """The help command."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What Open Roles can do, with examples."""
        await interaction.response.send_message(embed=render.help_embed(), ephemeral=True)


async def setup(bot: OpenRolesBot) -> None:
    """Load the help feature."""
    await bot.add_cog(Help(bot))
