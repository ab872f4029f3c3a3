"""A local stand-in of Discord (REST API + gateway) and a harness that runs the real bot against it."""

from .harness import Running, running_bot
from .payloads import Person
from .server import DiscordStub, Interaction, Request

__all__ = ["DiscordStub", "Interaction", "Person", "Request", "Running", "running_bot"]
