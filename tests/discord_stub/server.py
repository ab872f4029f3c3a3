"""A local stand-in of Discord's REST API and gateway on 127.0.0.1, recording every request the bot makes.

It behaves like Discord where the bot could get it wrong: it rejects payloads over Discord's limits
(400, code 50035), a second initial response to one interaction (400, code 40060), and an initial
response that comes more than 3 seconds after the interaction was dispatched (404, code 10062).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import limits, payloads
from .payloads import Person, snowflake

INTERACTION_DEADLINE = 3.0
EPHEMERAL = 1 << 6
CHANNEL = 7
"""The option type of a channel."""
DMS_CLOSED = 50007
"""Discord's error code for a message to a user whose DMs are closed."""
# Option types (https://discord.com/developers/docs/interactions/application-commands).
SUB_COMMAND, SUB_COMMAND_GROUP, ATTACHMENT = 1, 2, 11


@dataclass
class Request:
    """One request the bot made, as received."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    status: int = 0
    response: Any = None


@dataclass
class Interaction:
    """An interaction the stand-in dispatched, and what the bot did with it."""

    id: str
    token: str
    payload: dict[str, Any]
    dispatched_at: float
    response_type: int | None = None
    response_flags: int = 0
    original: dict[str, Any] | None = None
    original_filled: bool = False


@dataclass
class Guild:
    """A guild the bot is in."""

    id: str = field(default_factory=snowflake)
    channel_id: str = field(default_factory=snowflake)
    admin_role: str = field(default_factory=snowflake)
    editor_role: str = field(default_factory=snowflake)


class DiscordStub:
    """Discord's REST API under `base_url`, its gateway under `gateway_url`, and helpers to act as users."""

    def __init__(self, token: str = "stub-token") -> None:
        self.token = token
        self.app_id = snowflake()
        self.bot = Person("Open Roles", bot=True, id=self.app_id)
        self.guild = Guild()
        self.other = Guild()
        """A second guild, with its own moderator, for isolation tests."""
        self.owner = Person("owner")
        self.member = Person("member")
        self.moderator = Person("moderator", roles=[self.guild.admin_role])
        self.editor = Person("editor", roles=[self.guild.editor_role])
        self.other_moderator = Person("other-moderator", roles=[self.other.admin_role])
        self.requests: list[Request] = []
        self.identify: dict[str, Any] | None = None
        self.commands: dict[str | None, list[dict[str, Any]]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.interactions: dict[str, Interaction] = {}
        self.files: dict[str, bytes] = {}
        self.dm_channels: dict[str, str] = {}
        """DM channel id -> the id of the user it reaches."""
        self.dms_closed: set[str] = set()
        self.ready = asyncio.Event()
        self._changed = asyncio.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._sequence = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.reactions: list[tuple[str, str]] = []
        """(message id, emoji) of each reaction the bot added, in order."""

    # ----- lifecycle -------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What `discord.http.Route.BASE` must be for the bot to talk to the stand-in."""
        return f"{self.origin}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{name}", self._attachment)
        app.router.add_put("/api/v10/channels/{channel}/messages/{message}/reactions/{emoji}/@me",
                           self._add_reaction)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----- waiting ---------------------------------------------------------------------------------

    async def _record(self, request: Request) -> None:
        async with self._changed:
            self.requests.append(request)
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[Request], bool], timeout: float = 20.0) -> Request:
        """The first recorded request matching `predicate` (waiting for it if needed)."""
        async def find() -> Request:
            async with self._changed:
                while True:
                    for request in self.requests:
                        if predicate(request):
                            return request
                    await self._changed.wait()
        return await asyncio.wait_for(find(), timeout)

    def requests_for(self, interaction: Interaction) -> list[Request]:
        """Every request about `interaction` (its callback, follow-ups, edits)."""
        return [r for r in self.requests if interaction.token in r.path]

    async def callback(self, interaction: Interaction, timeout: float = 20.0) -> Request:
        """The initial response to `interaction`."""
        return await self.wait_for(lambda r: r.path.endswith(f"/{interaction.token}/callback"), timeout)

    async def reply(self, interaction: Interaction, timeout: float = 20.0) -> dict[str, Any]:
        """The first message the bot showed for `interaction` (a message response, follow-up or edit)."""
        def shows_message(request: Request) -> bool:
            if interaction.token not in request.path or request.method == "DELETE" or request.status >= 300:
                return False
            if request.path.endswith("/callback"):
                return request.json.get("type") in (4, 7)
            return True
        request = await self.wait_for(shows_message, timeout)
        body = request.json.get("data", {}) if request.path.endswith("/callback") else request.json
        return dict(body)

    async def channel_message(self, reference: str, timeout: float = 20.0) -> Request:
        """The message the bot sent in reply to message `reference`."""
        def replies(request: Request) -> bool:
            return (request.method == "POST" and request.path.endswith("/messages")
                    and "/channels/" in request.path
                    and str((request.json.get("message_reference") or {}).get("message_id")) == reference)
        return await self.wait_for(replies, timeout)

    def replied_to(self) -> list[str]:
        """The ids of the messages the bot has replied to, in order."""
        return [str(r.json["message_reference"]["message_id"]) for r in self.requests
                if r.method == "POST" and isinstance(r.json, dict) and r.json.get("message_reference")]

    # ----- acting as users -------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH event to the bot."""
        assert self._ws is not None, "the bot is not connected"
        self._sequence += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._sequence, "d": data})

    def permissions_of(self, person: Person, guild: Guild | None = None) -> int:
        if person.id == self.owner.id:
            return (1 << 41) - 1
        permissions = payloads.MEMBER_PERMISSIONS
        if (guild or self.guild).admin_role in person.roles:
            permissions |= payloads.MANAGE_GUILD
        return permissions

    def _command(self, name: str) -> dict[str, Any]:
        for scope in (self.guild.id, None, *self.commands):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        raise KeyError(f"/{name} was not synced")

    def _options(self, definitions: list[dict[str, Any]], values: dict[str, Any],
                 focused: str | None, resolved: dict[str, Any]) -> list[dict[str, Any]]:
        by_name = {d["name"]: d for d in definitions}
        options = []
        for name, value in values.items():
            definition = by_name[name]  # KeyError: the command has no such option
            if definition["type"] == ATTACHMENT:
                filename, data = value
                attachment_id = snowflake()
                self.files[attachment_id] = data
                url = f"{self.origin}/attachments/{attachment_id}/{filename}"
                resolved.setdefault("attachments", {})[attachment_id] = payloads.attachment(
                    attachment_id, filename, len(data), url)
                value = attachment_id
            elif definition["type"] == CHANNEL:
                resolved.setdefault("channels", {})[str(value)] = self._resolved_channel(str(value))
            options.append(payloads.command_option(name, value, definition["type"], focused=name == focused))
        return options

    def _base_interaction(self, kind: int, person: Person, data: dict[str, Any],
                          guild: Guild | None = None) -> dict[str, Any]:
        interaction_id, token = snowflake(), f"token-{snowflake()}"
        g = guild or self.guild
        return {
            "id": interaction_id, "application_id": self.app_id, "type": kind, "data": data,
            "guild_id": g.id, "channel_id": g.channel_id,
            "channel": payloads.text_channel(g.channel_id, g.id, "jobs"),
            "member": person.member(self.permissions_of(person, g)), "token": token, "version": 1,
            "app_permissions": str(payloads.MEMBER_PERMISSIONS), "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "authorizing_integration_owners": {"0": g.id}, "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    async def _send_interaction(self, payload: dict[str, Any]) -> Interaction:
        interaction = Interaction(payload["id"], payload["token"], payload, time.monotonic())
        self.interactions[interaction.token] = interaction
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def slash(self, command: str, options: dict[str, Any] | None = None, *,
                    user: Person | None = None, focused: str | None = None,
                    guild: Guild | None = None) -> Interaction:
        """Invoke `/command` ("postings reload" for a subcommand) as `user` in `guild` (the first guild by
        default); attachments as (name, bytes).

        With `focused`, send an autocomplete interaction for that option instead.
        """
        name, *sub = command.split()
        definition = self._command(name)
        resolved: dict[str, Any] = {}
        definitions = definition.get("options", [])
        if sub:
            subcommand = next(o for o in definitions if o["name"] == sub[0] and o["type"] == SUB_COMMAND)
            inner = self._options(subcommand.get("options", []), options or {}, focused, resolved)
            built = [{"name": sub[0], "type": SUB_COMMAND, "options": inner}]
        else:
            built = self._options(definitions, options or {}, focused, resolved)
        data: dict[str, Any] = {"id": definition["id"], "name": name, "type": 1, "options": built}
        if definition.get("guild_id"):
            data["guild_id"] = definition["guild_id"]
        if resolved:
            data["resolved"] = resolved
        kind = 4 if focused else 2
        return await self._send_interaction(self._base_interaction(kind, user or self.member, data, guild))

    async def click(self, message: dict[str, Any], custom_id: str, *, user: Person | None = None
                    ) -> Interaction:
        """Press the button `custom_id` on `message` (a message the bot sent) as `user`."""
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._base_interaction(3, user or self.member, data)
        payload["message"] = self.messages[message["id"]]
        return await self._send_interaction(payload)

    async def say(self, content: str, *, user: Person | None = None, mention_bot: bool = False,
                  dm: bool = False, author_is_bot: bool = False,
                  guild: Guild | None = None) -> dict[str, Any]:
        """Post a message as `user` in the guild channel (of `guild`, the first by default; or in a DM);
        returns the MESSAGE_CREATE payload."""
        person = user or self.member
        g = guild or self.guild
        author = payloads.user(person.id, person.name, bot=author_is_bot or person.bot)
        mentions = [self.bot.user()] if mention_bot else []
        if mention_bot:
            content = f"<@{self.bot.id}> {content}"
        data = payloads.message(
            message_id=snowflake(), channel_id=snowflake() if dm else g.channel_id, author=author,
            content=content, mentions=mentions,
            guild_id=None if dm else g.id,
            member=None if dm else person.member(self.permissions_of(person, g)),
        )
        self.messages[data["id"]] = data
        await self.dispatch("MESSAGE_CREATE", data)
        return data

    # ----- direct messages and channel posts (announcements, alerts, reminders) ---------------------

    def close_dms(self, person: Person) -> None:
        """Close `person`'s DMs to the bot: messages to them fail (403, code 50007) as on Discord."""
        self.dms_closed.add(person.id)

    def dms(self, person: Person) -> list[dict[str, Any]]:
        """The messages the bot sent `person` by DM, oldest first."""
        channels = {c for c, user_id in self.dm_channels.items() if user_id == person.id}
        return [m for m in self.messages.values() if m["channel_id"] in channels]

    def posts(self, channel_id: str) -> list[dict[str, Any]]:
        """The messages the bot itself posted in a channel (not interaction responses, not replies)."""
        return [m for m in self.messages.values()
                if m["channel_id"] == channel_id and m["author"]["id"] == self.bot.id
                and not m.get("webhook_id") and not m.get("message_reference")]

    def _resolved_channel(self, channel_id: str) -> dict[str, Any]:
        guild = self.other if channel_id == self.other.channel_id else self.guild
        return payloads.text_channel(channel_id, guild.id, "jobs") | {
            "permissions": str(payloads.MEMBER_PERMISSIONS)}

    def _direct(self, method: str, parts: list[str], body: Any) -> tuple[int, Any] | None:
        """Creating a DM channel, and refusing messages to a user whose DMs are closed (None: not a DM)."""
        match method, parts:
            case "POST", ["users", "@me", "channels"]:
                user_id = str(body["recipient_id"])
                channel_id = next((c for c, u in self.dm_channels.items() if u == user_id), snowflake())
                self.dm_channels[channel_id] = user_id
                people = [self.owner, self.member, self.moderator, self.editor, self.other_moderator]
                person = next((p for p in people if p.id == user_id), Person("user", id=user_id))
                return 200, {"id": channel_id, "type": 1, "last_message_id": None, "flags": 0,
                             "recipients": [person.user()]}
            case "POST", ["channels", channel_id, "messages"] if (
                    self.dm_channels.get(channel_id) in self.dms_closed):
                return 403, {"code": DMS_CLOSED, "message": "Cannot send messages to this user"}
        return None

    # ----- gateway ---------------------------------------------------------------------------------

    def _guild_payload(self, guild: Guild | None = None) -> dict[str, Any]:
        g = guild or self.guild
        roles = [payloads.role(g.id, "@everyone", payloads.MEMBER_PERMISSIONS, 0),
                 payloads.role(g.admin_role, "Admins", payloads.MANAGE_GUILD, 2),
                 payloads.role(g.editor_role, "Posting Editors", 0, 1)]
        channels = [payloads.text_channel(g.channel_id, g.id, "jobs")]
        return payloads.guild(g.id, self.owner.id, roles, channels, [self.bot.member(0)])

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            if frame["op"] == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif frame["op"] == 2:
                self.identify = frame["d"]
                await self.dispatch("READY", {
                    "v": 10, "user": self.bot.user(),
                    "guilds": [{"id": g.id, "unavailable": True} for g in (self.guild, self.other)],
                    "session_id": snowflake(), "resume_gateway_url": self.gateway_url, "shard": [0, 1],
                    "application": {"id": self.app_id, "flags": 0}, "private_channels": [],
                    "relationships": [],
                })
                for g in (self.guild, self.other):
                    await self.dispatch("GUILD_CREATE", self._guild_payload(g))
                self.ready.set()
        return ws

    # ----- REST ------------------------------------------------------------------------------------

    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["id"])
        await self._record(Request("GET", request.path, {}, None, 200 if data is not None else 404))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _rest(self, request: web.Request) -> web.Response:
        body: Any = None
        if request.can_read_body:
            if request.content_type.startswith("multipart/"):
                form = await request.post()
                body = json.loads(str(form.get("payload_json") or "{}"))
            else:
                raw = await request.read()
                body = json.loads(raw) if raw else None
        path = "/" + request.match_info["tail"]
        recorded = Request(request.method, path, dict(request.query), body)
        if request.headers.get("Authorization") not in (f"Bot {self.token}", None) \
                and not path.startswith(("/webhooks/", "/interactions/")):
            status, response = 401, {"message": "401: Unauthorized", "code": 0}
        else:
            status, response = self._handle(request.method, path.split("/")[1:], body)
        recorded.status, recorded.response = status, response
        await self._record(recorded)
        if status == 204:
            return web.Response(status=204)
        # discord.py (like Discord) expects exactly "application/json", without a charset.
        return web.Response(body=json.dumps(response).encode(), status=status,
                            headers={"Content-Type": "application/json"})

    def _handle(self, method: str, parts: list[str], body: Any) -> tuple[int, Any]:
        direct = self._direct(method, parts, body)
        if direct is not None:
            return direct
        match method, parts:
            case "GET", ["gateway", "bot"]:
                return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": {
                    "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}
            case "GET", ["gateway"]:
                return 200, {"url": self.gateway_url}
            case "GET", ["users", "@me"]:
                return 200, self.bot.user() | {"verified": True, "mfa_enabled": False, "flags": 0}
            case "GET", ["oauth2", "applications", "@me"]:
                return 200, {"id": self.app_id, "name": "Open Roles", "icon": None, "description": "",
                             "bot_public": True, "bot_require_code_grant": False, "verify_key": "0" * 64,
                             "owner": self.owner.user(), "flags": 0, "team": None}
            case "PUT", ["applications", _, "commands"]:
                return 200, self._register(None, body)
            case "PUT", ["applications", _, "guilds", guild_id, "commands"]:
                if guild_id not in (self.guild.id, self.other.id):
                    return 403, {"message": "Missing Access", "code": 50001}
                return 200, self._register(guild_id, body)
            case "POST", ["interactions", interaction_id, token, "callback"]:
                return self._interaction_callback(interaction_id, token, body)
            case "POST", ["webhooks", _, token]:
                return self._followup(token, body)
            case "GET" | "PATCH" | "DELETE", ["webhooks", _, token, "messages", message_id]:
                return self._webhook_message(method, token, message_id, body)
            case "POST", ["channels", channel_id, "messages"]:
                problems = limits.message_problems(body)
                if problems:
                    return self._invalid(problems)
                return 200, self._store_message(channel_id, body)
            case "PATCH", ["channels", _, "messages", message_id] if message_id in self.messages:
                problems = limits.message_problems(body)
                if problems:
                    return self._invalid(problems)
                self.messages[message_id].update(body)
                return 200, self.messages[message_id]
            case "POST", ["channels", _, "typing"]:
                return 204, None
        return 404, {"message": "404: Not Found", "code": 0}

    @staticmethod
    def _invalid(problems: list[str]) -> tuple[int, Any]:
        return 400, {"code": 50035, "message": "Invalid Form Body", "errors": problems}

    def _register(self, guild_id: str | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        registered = []
        for command in commands:
            entry = {"id": snowflake(), "application_id": self.app_id, "version": snowflake(),
                     "type": 1, "default_member_permissions": None, **command}
            if guild_id:
                entry["guild_id"] = guild_id
            registered.append(entry)
        self.commands[guild_id] = registered
        return registered

    def _store_message(self, channel_id: str, body: dict[str, Any], *, flags: int = 0,
                       message_id: str | None = None, webhook: bool = False) -> dict[str, Any]:
        message = payloads.message(
            message_id=message_id or snowflake(), channel_id=channel_id, author=self.bot.user(),
            content=body.get("content") or "", embeds=body.get("embeds"), components=body.get("components"),
            flags=flags | int(body.get("flags") or 0), guild_id=self.guild.id,
            webhook_id=self.app_id if webhook else None, message_reference=body.get("message_reference"),
        )
        self.messages[message["id"]] = message
        return message

    def _interaction_callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        interaction = self.interactions.get(token)
        late = interaction is not None and time.monotonic() - interaction.dispatched_at > INTERACTION_DEADLINE
        if interaction is None or interaction.id != interaction_id or late:
            return 404, {"code": 10062, "message": "Unknown interaction"}
        if interaction.response_type is not None:
            return 400, {"code": 40060, "message": "Interaction has already been acknowledged."}
        kind, data = body["type"], body.get("data") or {}
        problems = limits.choice_problems(data) if kind == 8 else limits.message_problems(data)
        if problems:
            return self._invalid(problems)
        interaction.response_type = kind
        interaction.response_flags = int(data.get("flags") or 0)
        channel = self.guild.channel_id
        result: dict[str, Any] = {"interaction": {
            "id": interaction_id, "type": interaction.payload["type"],
            "response_message_loading": kind == 5, "response_message_ephemeral": bool(
                interaction.response_flags & EPHEMERAL)}}
        if kind in (4, 5):
            interaction.original = self._store_message(channel, data, webhook=True)
            interaction.original_filled = kind == 4
            result["interaction"]["response_message_id"] = interaction.original["id"]
            result["resource"] = {"type": kind, "message": interaction.original}
        elif kind == 7:
            message = self.messages[interaction.payload["message"]["id"]]
            message.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
            result["resource"] = {"type": kind, "message": message}
        return 200, result

    def _followup(self, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        interaction = self.interactions.get(token)
        if interaction is None or interaction.response_type is None:
            return 404, {"code": 10015, "message": "Unknown Webhook"}
        problems = limits.message_problems(body)
        if problems:
            return self._invalid(problems)
        original = interaction.original
        if interaction.response_type == 5 and original is not None and not interaction.original_filled:
            # The first follow-up after a deferral fills the "thinking" message, keeping its visibility.
            interaction.original_filled = True
            message = self._store_message(original["channel_id"], body, message_id=original["id"],
                                          flags=interaction.response_flags & EPHEMERAL, webhook=True)
            interaction.original = message
            return 200, message
        return 200, self._store_message(self.guild.channel_id, body, webhook=True)

    def _webhook_message(self, method: str, token: str, message_id: str, body: Any) -> tuple[int, Any]:
        interaction = self.interactions.get(token)
        if interaction is None:
            return 404, {"code": 10015, "message": "Unknown Webhook"}
        if message_id == "@original":
            if interaction.original is None:
                return 404, {"code": 10008, "message": "Unknown Message"}
            message_id = interaction.original["id"]
        message = self.messages.get(message_id)
        if message is None:
            return 404, {"code": 10008, "message": "Unknown Message"}
        if method == "DELETE":
            del self.messages[message_id]
            if interaction.original is not None and interaction.original["id"] == message_id:
                interaction.original = None
            return 204, None
        if method == "PATCH":
            problems = limits.message_problems(body)
            if problems:
                return self._invalid(problems)
            message.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            if interaction.original is not None and interaction.original["id"] == message_id:
                interaction.original_filled = True
        return 200, message


    # ----- reactions ---------------------------------------------------------------------------------

    async def _add_reaction(self, request: web.Request) -> web.Response:
        """PUT .../messages/{message}/reactions/{emoji}/@me: the bot reacts to a message (204)."""
        message, emoji = request.match_info["message"], request.match_info["emoji"]
        status = 401 if request.headers.get("Authorization") != f"Bot {self.token}" else 204
        if status == 204:
            self.reactions.append((message, emoji))
        await self._record(Request("PUT", request.path.removeprefix("/api/v10"), dict(request.query), None,
                                   status))
        return web.Response(status=status)


@contextlib.asynccontextmanager
async def running_stub(token: str = "stub-token") -> Any:
    """A started stand-in, stopped on exit."""
    stub = DiscordStub(token)
    await stub.start()
    try:
        yield stub
    finally:
        await stub.stop()
