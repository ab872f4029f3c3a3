"""The one place a failure becomes a reply: user errors get a short private sentence, the rest an apology.

    discord.app_commands.AppCommandError
    └── UserError                 a failure the user can fix; its message is shown as is
        ├── UnknownPosting        no posting matches the name given
        ├── BadAttachment         an upload that is not a posting file (type, size)
        └── RateLimited           too many moderator actions in this server for now
    discord.app_commands.CheckFailure
    ├── NotModerator              the member may not manage postings
    └── NotHomeServer             the shared folder is reloaded only from the operator's server

Library errors (cooldowns, missing permissions, bad option values) and the knowledge layer's
`OpenRolesError` (whose messages are written for users) are shown the same way, except `StoreError`,
whose message names paths on the server. Anything else is logged with its context and answered with
`APOLOGY`. Slash commands reach `report_interaction_error` through `OpenRolesTree.on_error`;
questions asked in messages through `report_message_error`.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.render import escape
from bot.replies import deferred_publicly
from knowledge.errors import OpenRolesError
from knowledge.store import StoreError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."


class UserError(app_commands.AppCommandError):
    """A failure the user can fix; the message is one sentence shown only to them."""


class UnknownPosting(UserError):
    """No posting matches what the user typed."""

    def __init__(self, name: str) -> None:
        super().__init__(f"No posting matches “{escape(name[:80])}”. "
                         "Pick one from the suggestions, or try `/jobs` to list them.")


class BadAttachment(UserError):
    """An uploaded file that cannot be a posting."""


class RateLimited(UserError):
    """Too many moderator actions in a short time."""


class NotModerator(app_commands.CheckFailure):
    """The member has neither Manage Server nor the moderator role."""

    def __init__(self) -> None:
        super().__init__("Only moderators (Manage Server, or the moderator role) can manage postings.")


class NotHomeServer(app_commands.CheckFailure):
    """A reload of the shared postings folder from a server other than the operator's."""

    def __init__(self) -> None:
        super().__init__("The shared postings folder can only be reloaded from the bot operator's server. "
                         "Use `/postings add` to add postings for this server.")


def user_message(error: BaseException) -> str | None:
    """The sentence to show for a user-facing error, or None when it is a bug to log and apologise for."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, StoreError):
        return None  # it names server paths: logged for the operator, not shown in Discord
    if isinstance(error, UserError | NotModerator | NotHomeServer | OpenRolesError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.MissingPermissions | app_commands.MissingAnyRole
                  | app_commands.MissingRole):
        return "You don't have permission to use this command."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.TransformerError):
        return f"“{escape(str(error.value)[:80])}” is not a valid value for that option."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


def _describe(interaction: discord.Interaction) -> str:
    command = interaction.command.qualified_name if interaction.command else "?"
    options = interaction.namespace.__dict__ if interaction.namespace else {}
    where = f"guild={interaction.guild_id} channel={interaction.channel_id}"
    return f"/{command} by user={interaction.user.id} {where} options={options!r}"


async def report_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, privately; log whatever is not their doing."""
    message = user_message(error)
    if message is None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("Command failed: %s", _describe(interaction), exc_info=original)
        message = APOLOGY
    elif isinstance(error, NotModerator | NotHomeServer) or isinstance(
            getattr(error, "original", None), NotHomeServer):
        log.warning("Refused: %s", _describe(interaction))
    if interaction.type is discord.InteractionType.autocomplete:
        return  # an autocomplete cannot show a message; the user just sees no suggestions
    try:
        await _send_private(interaction, message)
    except discord.HTTPException:
        log.exception("Could not report an error to the user: %s", _describe(interaction))


async def _send_private(interaction: discord.Interaction, message: str) -> None:
    if not interaction.response.is_done():
        await interaction.response.send_message(message, ephemeral=True)
        return
    # After a public defer the first follow-up would fill the public "thinking" message: remove it
    # so the error stays private.
    if deferred_publicly(interaction):
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            log.debug("Could not delete the deferred response", exc_info=True)
    await interaction.followup.send(message, ephemeral=True)


async def report_message_error(message: discord.Message, error: BaseException) -> None:
    """The same path for questions asked in messages: a short reply, and a log entry for bugs."""
    text = user_message(error)
    if text is None:
        log.error("Answering a message failed: user=%s guild=%s channel=%s",
                  message.author.id, message.guild.id if message.guild else None, message.channel.id,
                  exc_info=error)
        text = APOLOGY
    try:
        await message.reply(text, mention_author=False)
    except discord.HTTPException:
        log.exception("Could not report an error in channel %s", message.channel.id)


class OpenRolesTree(app_commands.CommandTree[discord.Client]):
    """The command tree whose `on_error` is the bot's single error path for slash commands."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await report_interaction_error(interaction, error)
