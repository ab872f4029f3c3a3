"""Dates: the application deadline (or rolling / open until filled) and the start date."""

from __future__ import annotations

import datetime as dt

from knowledge.document import Document
from knowledge.models import Deadline, Fact, Section


def find_deadline(doc: Document, sections: list[Section], today: dt.date) -> Deadline | None:
    return None  # PLACEHOLDER: being written


def find_start_date(doc: Document, sections: list[Section], today: dt.date) -> Fact[dt.date] | None:
    return None  # PLACEHOLDER: being written
