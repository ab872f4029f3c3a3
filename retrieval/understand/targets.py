"""Targets: the postings a question names by title, organization, acronym, city or a mix.

Each question word is matched against the postings' own name words (the catalog's): exactly, as an
acronym ("PPGO"), as a state code ("ACLU CO"), by prefix ("dems" -> "Democratic") or, for a word no
posting uses, fuzzily with rapidfuzz ("organzing directer"). A posting scores the name-rarity of the
words naming it; the best score wins, and postings tied for it are all named.

- "the ACLU CO organizer" -> the ACLU of Colorado organizer
- "wat does the organzing directer pay" -> the Organizing Director
- "compare the two KHJN jobs" -> both KHJN postings
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.extract.location import STATES
from retrieval.request import Mention
from retrieval.tokenize import tokenize
from retrieval.understand.catalog import Catalog
from retrieval.understand.text import Context, Slot, Word

__all__ = ["SHORT_FORMS", "match_targets", "read_targets"]

_FUZZY_CUTOFF = 84.0
_PREFIX_QUALITY = 0.8
_CODES = {code: tuple(tokenize(name)) for name, code in STATES.items()}
_SEPARATORS = frozenset({"vs", "vs.", "versus", "or", "and", "compared", "between"})
# Words that never join two name words into one mention: a place preposition starts a filter.
_BREAKS = frozenset({"in", "at", "near", "from", "around", "within", *_SEPARATORS})
_MOST_NAMED = 12
"""A name more postings than this share names none in particular: the question is answered from passages."""
_ONE = frozenset({"one", "ones"})
_POSTING_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
SHORT_FORMS = {
    "ops": "operations", "comms": "communications", "mgr": "manager", "dir": "director",
    "coord": "coordinator", "asst": "assistant", "assoc": "associate", "dev": "development",
    "exec": "executive", "admin": "administrative", "sr": "senior", "jr": "junior",
    "eng": "engineer", "mktg": "marketing", "svcs": "services", "edu": "education"}
"""Short forms of job-title words, read as the whole word too ("program ops" names "Program Operations",
"comms jobs" lists the communications ones)."""
_SHORT_FORMS = {short: tuple(tokenize(full)) for short, full in SHORT_FORMS.items()}
_ROLE_INITIALS = {short: tuple(tokenize(role)) for short, role in (
    ("ED", "executive director"), ("DD", "development director"), ("OD", "organizing director"),
    ("FD", "field director"), ("FO", "field organizer"), ("PM", "program manager"),
    ("CHW", "community health worker"), ("CHN", "community health nurse"), ("NP", "nurse practitioner"),
    ("ROD", "regional organizing director"), ("DOO", "director of operations"),
    ("COO", "chief operating officer"), ("CFO", "chief financial officer"),
    ("CEO", "chief executive officer"))}
"""Roles members name by their initials, in capitals."""


@dataclass(frozen=True)
class _Reading:
    """How one question word can name postings: name token -> match quality (1 exact, less if fuzzy)."""

    starts: tuple[int, ...]
    """Where its word(s) start: two words when written apart ("1199 SEIU" for "1199SEIU")."""
    positions: tuple[int, ...]
    """Its words' positions among the question's words with index terms (stop words skipped)."""
    tokens: dict[str, float]
    acronym: bool
    guessed: bool
    """Matched by prefix or fuzzily: the word is no real word of the postings, so it is a name."""


def read_targets(ctx: Context, *, segmented: bool = False, strict: bool = False) -> list[Mention]:
    """Mentions of the postings the question names; each mention's value is the tuple of posting ids.

    `strict` (a question about many postings: "which jobs are with a union?"): a lone common word no
    longer names a posting; an acronym, a guessed word or two name words together still do."""
    ids, runs = match_targets(ctx, range(len(ctx.words)), segmented=segmented, strict=strict)
    return [Mention(slot=Slot.TARGET, start=start, end=end, value=ids) for start, end in runs]


def match_targets(ctx: Context, indices: Sequence[int] | range, *, segmented: bool = False,
                  strict: bool = False, near: float = 1.0) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """The ids of the postings the words at `indices` name best (all tied ones, or all scoring at least
    `near` times the best) and the character runs of the words that name them. With `segmented`, each
    part of "X vs Y" / "X or Y" is matched alone."""
    catalog = ctx.catalog
    if not catalog.postings:
        return (), []
    for m in _POSTING_ID.finditer(ctx.text.lower()):
        if m.group() in catalog.ids:
            return (m.group(),), [(m.start(), m.end())]
    segments = _segments(ctx.words, list(indices)) if segmented else [list(indices)]
    ids: list[str] = []
    runs: list[tuple[int, int]] = []
    asked = {t for w in ctx.words for t in w.tokens}
    previous: list[_Reading] = []
    for segment in segments:
        readings = [r for i in segment if (r := _reading(catalog, ctx.words[i], i)) is not None]
        readings += _joined(catalog, ctx.words, segment)
        if previous and any(ctx.words[i].text.lower() in _ONE for i in segment):
            # "the 2021 one or the 2022 one": "one" stands for the name before, less its own numbers.
            readings += [r for r in previous if not any(t.isdigit() for t in r.tokens)]
        previous = readings
        covered = asked | {t for r in readings for t in r.tokens}
        # a role's initials ("FO") name its words, but do not write out a whole title for the tie-break
        readings = readings + _role_initials(catalog, ctx.words, segment)
        chosen, used = _best(catalog, readings, strict, covered if not (segmented or strict) else None, near)
        used &= {ctx.words[i].start for i in segment}
        ids += [catalog.postings[i].id for i in chosen if catalog.postings[i].id not in ids]
        runs += _runs(ctx.words, used)
    return tuple(ids), runs


def _segments(words: Sequence[Word], indices: list[int]) -> list[list[int]]:
    segments: list[list[int]] = [[]]
    for i in indices:
        if words[i].text.lower() in _SEPARATORS:
            segments.append([])
        else:
            segments[-1].append(i)
    return [s for s in segments if s]


def _joined(catalog: Catalog, words: Sequence[Word], segment: list[int]) -> list[_Reading]:
    """Readings of two adjacent words written as one name word ("1199 SEIU" -> "1199SEIU")."""
    found = []
    for i, j in itertools.pairwise(segment):
        if j == i + 1 and (token := catalog.vocabulary.get((words[i].text + words[j].text).lower())):
            found.append(_Reading((words[i].start, words[j].start), (i, j), {token: 1.0}, True, False))
    return found


def _role_initials(catalog: Catalog, words: Sequence[Word], segment: list[int]) -> list[_Reading]:
    """Readings of a role's initials written in capitals ("the ED job", "the senior CHN"): each word of the
    role, as sure as an acronym, when the postings' names use it."""
    found = []
    for i in segment:
        if i > 0 and words[i - 1].text[-1:].isdigit():
            continue  # "closes at 5 PM": a time
        for token in _ROLE_INITIALS.get(words[i].text, ()):
            if token in catalog.by_name:
                found.append(_Reading((words[i].start,), (i,), {token: 1.0}, True, False))
    return found


def _reading(catalog: Catalog, word: Word, position: int) -> _Reading | None:
    """What `word` may match among the name words, or None."""
    tokens: dict[str, float] = {t: 1.0 for t in word.tokens if t in catalog.by_name}
    short = _SHORT_FORMS.get(word.text.lower().rstrip("."), ())
    tokens.update({t: 1.0 for t in short if t in catalog.by_name})
    # An acronym, or a number in a name ("2022"): an identifier even when common in texts.
    acronym = any(t in catalog.by_acronym or (t.isdigit() and t in tokens and catalog.name_df[t] <= 2)
                  for t in word.tokens)
    code = word.text.upper().replace(".", "")
    if code in _CODES and (word.text.isupper() or not set(code) & set("AEIOU")):
        tokens.update({t: 1.0 for t in _CODES[code] if t in catalog.by_name})
    lower = word.text.lower()
    # A word no posting's text uses is a name, typed wrong or cut short: it names on its own.
    guessed = not tokens and not any(catalog.text_df.get(t) for t in word.tokens)
    if not tokens and word.tokens and not lower.isdigit() and (guessed or len(lower) >= 6):
        if len(lower) >= 4:
            for choice, score, _ in process.extract(lower, catalog.spellings_by_initial.get(lower[:1], ()),
                                                    scorer=fuzz.ratio, limit=3, score_cutoff=_FUZZY_CUTOFF):
                token = catalog.vocabulary[choice]
                tokens[token] = max(tokens.get(token, 0.0), score / 100)
        if not tokens and guessed and len(lower) >= 4:
            stem = lower[:-1] if lower.endswith("s") and len(lower) > 3 else lower
            at = bisect.bisect_left(catalog.spellings, stem)
            for choice in catalog.spellings[at:at + 5]:
                if choice.startswith(stem) and len(choice) > len(stem) + 1:
                    tokens.setdefault(catalog.vocabulary[choice], _PREFIX_QUALITY)
    return _Reading((word.start,), (position,), tokens, acronym, guessed) if tokens else None


def _best(catalog: Catalog, readings: list[_Reading], strict: bool,
          asked: set[str] | None, near: float = 1.0) -> tuple[list[int], set[int]]:
    """The postings scoring best on `readings` (ascending) and the start offsets of the words naming them.

    With `asked` (the question's tokens, when one posting is sought), a tie goes to the postings whose
    whole title the question names ("access coordinator" over "bilingual access coordinator")."""
    candidates = _candidates(catalog, readings)
    if not candidates:
        return [], set()
    holders = [{t: catalog.holders(t) for t in r.tokens} for r in readings]
    adjacent = [[j != k and _adjacent(a, b) for j, b in enumerate(readings)] for k, a in enumerate(readings)]
    scored = {i: _score(catalog, i, readings, holders, adjacent, strict) for i in candidates}
    best = max((s for s, _ in scored.values()), default=0.0)
    if best <= 0:
        return [], set()
    chosen = [i for i in candidates if scored[i][0] >= best * near * (1 - 1e-9)]
    if asked is not None and len(chosen) > 1 and near == 1.0:
        whole = [i for i in chosen if not catalog.names[i].title - asked]
        chosen = whole or chosen
    if len(chosen) > (3 if strict else min(_MOST_NAMED, max(3, len(catalog.postings) // 3))):
        return [], set()
    return chosen, {w for i in chosen for w in scored[i][1]}


def _candidates(catalog: Catalog, readings: list[_Reading]) -> list[int]:
    """The postings a reading can name: those of a few postings' name word (or an acronym, or a
    guessed word), and those whose names hold two adjacent question words side by side."""
    found: set[int] = set()
    for r in readings:
        for token in r.tokens:
            postings = catalog.by_name.get(token, ())
            if len(postings) <= (_FEW * 2 if r.acronym or r.guessed else _FEW):
                found.update(postings)
    for a, b in itertools.combinations(readings, 2):
        if _adjacent(a, b):
            for ta, tb in itertools.product(a.tokens, b.tokens):
                for pair in ((ta, tb), (tb, ta)):
                    postings = catalog.by_pair.get(pair, ())
                    if len(postings) <= _FEW * 2:
                        found.update(postings)
    return sorted(found)


_SURE_GUESS = 0.9
"""How close a guessed word must be to a name word to name postings alone in a question about many."""
_FEW = 40
"""A name word of this many postings or fewer proposes them all; a commoner one only with a neighbour
(and a pair of name words twice as many): a name shared by more postings names none of them."""


def _score(catalog: Catalog, i: int, readings: list[_Reading], holders: list[dict[str, frozenset[int]]],
           adjacent: list[list[bool]], strict: bool) -> tuple[float, set[int]]:
    """How distinctively the readings name posting `i`, and the words that do (`adjacent[k][j]`: whether
    readings k and j are `_adjacent`; every candidate of a question is scored, so it is read once)."""
    total = len(catalog.postings)
    names = catalog.names[i]
    present: list[tuple[int, tuple[str, float]]] = []
    for k, r in enumerate(readings):
        best: tuple[str, float] | None = None  # the first token of the best quality `i` holds
        for t, q in r.tokens.items():
            if (best is None or q > best[1]) and i in holders[k][t]:
                best = (t, q)
        if best is not None:
            present.append((k, best))
    score = 0.0
    used: set[int] = set()
    counted: set[str] = set()
    for k, (token, quality) in present:
        reading = readings[k]
        if token in counted:
            continue  # said again ("the bilingual manager, bilingual in what?"), it names nothing more
        paired = any(adjacent[k][j] for j, _ in present)
        lone_ok = not strict and _rare(catalog, i, token, total)
        if not (reading.acronym or reading.guessed or paired or lone_ok):
            continue
        if strict and reading.guessed and quality < _SURE_GUESS and not paired:
            continue  # "deadlines back in 2021" over a few postings: "back" is no misspelt "Black"
        df = catalog.name_df[token]
        if df >= total and total > 1:
            continue  # a word naming every posting names none
        score += names.weights[token] * quality * math.log(1 + total / df)
        used.update(reading.starts)
        counted.add(token)
    return score, used


def _adjacent(a: _Reading, b: _Reading) -> bool:
    """Whether two readings are next to each other in the question, stop words aside."""
    return any(0 < abs(p - q) <= 2 for p in a.positions for q in b.positions)


def _rare(catalog: Catalog, i: int, token: str, total: int) -> bool:
    """A lone name word names a posting only if (almost) only the postings it names use it in their text."""
    others = catalog.text_df.get(token, 0) - catalog.name_df[token]
    if token in catalog.names[i].title:
        return others <= max(1, total // 20)
    return others <= total // 40


def _runs(words: Sequence[Word], used: set[int]) -> list[tuple[int, int]]:
    """Character runs of the used words, joined across stop words that are no place prepositions."""
    runs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    gap = False
    for word in words:
        if word.start in used:
            current = (current[0], word.end) if current is not None and not gap else (word.start, word.end)
            if runs and runs[-1][0] == current[0]:
                runs[-1] = current
            else:
                runs.append(current)
            gap = False
        elif current is not None and (word.tokens or word.text.lower() in _BREAKS):
            gap = True
    return runs
