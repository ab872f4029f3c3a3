"""Which messages are questions for the bot, and the question they ask. Pure: no Discord objects."""

from __future__ import annotations

import re

from retrieval.understand import MAX_QUESTION_CHARS

_QUESTION_WORDS = frozenset({
    "what", "which", "when", "where", "who", "whom", "whose", "why", "how", "is", "are", "was", "were",
    "does", "do", "did", "can", "could", "will", "would", "should", "shall", "may", "might", "any",
    "anything", "tell", "list", "show",
})


def strip_mention(text: str, bot_id: int) -> str:
    """`text` without the bot's own mentions (`<@id>` and `<@!id>`)."""
    return re.sub(rf"<@!?{bot_id}>", " ", text)


def looks_like_question(text: str) -> bool:
    """A question mark anywhere, or a first word that opens a question."""
    words = re.findall(r"[a-z']+", text.casefold())
    return "?" in text or (bool(words) and words[0] in _QUESTION_WORDS)


def question_in(text: str, bot_id: int, *, mentioned: bool, direct: bool, ask_channel: bool) -> str | None:
    """The question a message asks the bot, or None when it is not addressed to it.

    A mention or a DM addresses the bot whatever the text says; in an ask channel only messages that
    look like questions do. An empty question (a bare mention) is returned as "" so a hint can be shown.
    """
    question = " ".join(strip_mention(text, bot_id).split())[:MAX_QUESTION_CHARS]
    if mentioned or direct:
        return question
    if ask_channel and question and looks_like_question(question):
        return question
    return None
