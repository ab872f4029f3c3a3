"""Errors the knowledge layer raises; each message is one sentence fit to show a moderator.

    OpenRolesError
    └── PostingError        a file that cannot become a posting (empty, binary, too large, ...)
"""


class OpenRolesError(Exception):
    """Base of the errors whose message is safe and useful to show to a user."""


class PostingError(OpenRolesError):
    """A file could not be parsed into a posting; the message says why in one sentence."""
