"""Discord's documented size limits, checked the way Discord rejects a payload (400 Invalid Form Body)."""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100


def embed_length(embed: dict[str, Any]) -> int:
    """The characters Discord counts toward an embed's 6000 total."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


def embed_problems(embed: dict[str, Any], where: str) -> list[str]:
    """Every limit one embed breaks."""
    problems = []
    checks = [("title", embed.get("title"), TITLE), ("description", embed.get("description"), DESCRIPTION),
              ("footer.text", (embed.get("footer") or {}).get("text"), FOOTER),
              ("author.name", (embed.get("author") or {}).get("name"), AUTHOR_NAME)]
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        problems.append(f"{where}.fields: {len(fields)} > {FIELDS}")
    for i, item in enumerate(fields):
        checks.append((f"fields[{i}].name", item.get("name"), FIELD_NAME))
        checks.append((f"fields[{i}].value", item.get("value"), FIELD_VALUE))
        if not item.get("name") or not item.get("value"):
            problems.append(f"{where}.fields[{i}]: name and value are required")
    for name, value, limit in checks:
        if value is not None and len(value) > limit:
            problems.append(f"{where}.{name}: {len(value)} > {limit}")
    if embed_length(embed) > EMBED_TOTAL:
        problems.append(f"{where}: total {embed_length(embed)} > {EMBED_TOTAL}")
    return problems


def message_problems(payload: dict[str, Any]) -> list[str]:
    """Every limit a message payload (create, edit, follow-up or interaction response data) breaks."""
    problems = []
    content = payload.get("content")
    if content is not None and len(content) > CONTENT:
        problems.append(f"content: {len(content)} > {CONTENT}")
    embeds = payload.get("embeds") or []
    if len(embeds) > EMBEDS:
        problems.append(f"embeds: {len(embeds)} > {EMBEDS}")
    if sum(embed_length(e) for e in embeds) > EMBED_TOTAL:
        problems.append(f"embeds: combined total > {EMBED_TOTAL}")
    for i, embed in enumerate(embeds):
        problems.extend(embed_problems(embed, f"embeds[{i}]"))
    problems.extend(component_problems(payload))
    return problems


COMPONENT_ROWS = 5
ROW_BUTTONS = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
LINK_URL = 512
LINK_SCHEMES = ("http://", "https://", "discord://")
LINK_STYLE = 5


def component_problems(payload: dict[str, Any]) -> list[str]:
    """Every rule the message's buttons break (rows, ids, labels, link URLs)."""
    rows = payload.get("components") or []
    problems = [f"components: {len(rows)} rows > {COMPONENT_ROWS}"] if len(rows) > COMPONENT_ROWS else []
    for r, row in enumerate(rows):
        items = row.get("components") or []
        if row.get("type") == 1 and len(items) > ROW_BUTTONS:
            problems.append(f"components[{r}]: {len(items)} > {ROW_BUTTONS}")
        for i, item in enumerate(items):
            where = f"components[{r}].components[{i}]"
            if len(item.get("custom_id") or "") > CUSTOM_ID:
                problems.append(f"{where}.custom_id: length > {CUSTOM_ID}")
            if len(item.get("label") or "") > BUTTON_LABEL:
                problems.append(f"{where}.label: length > {BUTTON_LABEL}")
            if item.get("style") == LINK_STYLE:
                url = str(item.get("url") or "")
                if not url.lower().startswith(LINK_SCHEMES):
                    problems.append(f"{where}.url: scheme must be one of http, https, discord")
                if len(url) > LINK_URL:
                    problems.append(f"{where}.url: length {len(url)} > {LINK_URL}")
                if item.get("custom_id"):
                    problems.append(f"{where}: a link button has no custom_id")
    return problems


def choice_problems(payload: dict[str, Any]) -> list[str]:
    """Every limit an autocomplete result breaks."""
    choices = payload.get("choices") or []
    problems = [f"choices: {len(choices)} > {CHOICES}"] if len(choices) > CHOICES else []
    for i, choice in enumerate(choices):
        if not 1 <= len(choice["name"]) <= CHOICE_NAME:
            problems.append(f"choices[{i}].name: length {len(choice['name'])}")
        if isinstance(choice["value"], str) and len(choice["value"]) > CHOICE_VALUE:
            problems.append(f"choices[{i}].value: length {len(choice['value'])}")
    return problems
