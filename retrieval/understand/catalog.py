"""The per-snapshot table of what question understanding needs from the postings.

Built once per set of postings (beside the index, in a worker thread) and incrementally from the
previous snapshot's catalog, so a question costs time in its own length, not in the number of postings:
each posting's names (title, organization, acronyms, places, file name) and the words of its text and
benefits are read here, never per question.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.extract.location import STATES
from knowledge.extract.requirements import LANGUAGES
from knowledge.models import Posting
from retrieval.index import acronyms
from retrieval.tokenize import tokenize

__all__ = ["Catalog", "Names", "PostingWords", "WordCounts", "benefit_words", "posting_names",
           "posting_words", "text_words"]

# Words too common in job titles and postings to single one out, and words about remoteness or countries
# that sit in many locations ("Remote, U.S.").
_GENERIC = frozenset(tokenize(
    "job jobs role roles position positions posting postings opening openings opportunity work working "
    "team staff hire hiring career careers remote hybrid onsite site office based anywhere "
    "national nationwide country home person full part time temporary temp term seasonal casual contract "
    "company employer nonprofit the a an of for and"))

_DIGITS_AND_LETTERS = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_COUNTRY = re.compile(r"\b(?:united states|u\.?s\.?a?\.?|america|usa)(?!\w)", re.I)
"""The country in a location ("Remote, U.S.") names no posting in particular."""
# Words a question uses to say what it asks ("how many years of experience"), never to name a posting.
_ASKING = frozenset(tokenize(
    "year years experience pay paid salary wage hour hours week weekly month monthly day days deadline "
    "apply application applications remote travel language languages licence license requirement "
    "requirements require required benefit benefits report reports need needs much many long close "
    "closes closing open start"))


class Catalog:
    """What question understanding needs from the postings, computed once per set of postings.

    Built beside the index (in a worker thread) so a question costs time in its own length, not in
    the number of postings.
    """

    def __init__(self, postings: Sequence[Posting], previous: Catalog | None = None, *,
                 texts: Sequence[frozenset[str]] | None = None,
                 benefits: Sequence[tuple[frozenset[str], ...]] | None = None,
                 names: Sequence[Names] | None = None, text_df: Mapping[str, int] | None = None,
                 known: Mapping[int, PostingWords] | None = None) -> None:
        """`previous`: a catalog whose postings (the very same objects) need not be analysed again;
        `texts`, `benefits` and `names`: each posting's `text_words`, `benefit_words` and name analysis,
        already computed (a saved catalog's `texts` and `benefits`; a larger catalog's, see `within`);
        `text_df`: how many of `texts` use each word, already counted; `known`: the `posting_words` of
        some postings (by `id` of the posting), already computed."""
        if (texts is not None and len(texts) != len(postings)) or (
                names is not None and len(names) != len(postings)) or (
                benefits is not None and [len(b) for b in benefits] != [len(p.benefits) for p in postings]):
            raise ValueError("the word sets given do not match the postings")
        self.postings = tuple(postings)
        self.ids = {p.id: i for i, p in enumerate(self.postings)}
        self.by_id = {p.id: p for p in self.postings}
        old = {id(p): i for i, p in enumerate(previous.postings)} if previous is not None else {}
        kept: set[int] = set()
        self.names: list[Names] = []
        self.texts: list[frozenset[str]] = []
        self.benefits: list[tuple[frozenset[str], ...]] = []
        """Per posting, the words of each of its benefits (`benefit_words`)."""
        fresh: list[frozenset[str]] = []
        for i, posting in enumerate(self.postings):
            j = old.get(id(posting))
            if previous is not None and j is not None and previous.postings[j] is posting:
                kept.add(j)
                self.names.append(previous.names[j])
                self.texts.append(previous.texts[j])
                self.benefits.append(previous.benefits[j])
            elif known is not None and (given := known.get(id(posting))) is not None:
                self.names.append(given.names)
                self.texts.append(given.text)
                self.benefits.append(given.benefits)
                fresh.append(given.text)
            else:
                self.names.append(_names(posting) if names is None else names[i])
                self.texts.append(text_words(posting) if texts is None else texts[i])
                self.benefits.append(benefit_words(posting) if benefits is None else benefits[i])
                fresh.append(self.texts[-1])
        self.name_df = Counter(itertools.chain.from_iterable(n.weights for n in self.names))
        self.text_df: Mapping[str, int]
        """Word -> how many postings' texts use it."""
        self.by_name: dict[str, list[int]] = {}
        self.by_pair: dict[tuple[str, str], list[int]] = {}
        self.by_acronym: dict[str, list[int]] = {}
        for i, n in enumerate(self.names):
            for token in n.weights:
                self.by_name.setdefault(token, []).append(i)
            for pair in n.pairs:
                self.by_pair.setdefault(pair, []).append(i)
            for token in n.acronyms:
                self.by_acronym.setdefault(token, []).append(i)
        self.by_benefit_word: dict[str, set[tuple[int, int]]] = {}
        """Word -> (posting position, benefit position) of the benefits using it."""
        for i, facts in enumerate(self.benefits):
            for j, words in enumerate(facts):
                for token in words:
                    self.by_benefit_word.setdefault(token, set()).add((i, j))
        if text_df is not None:
            self.text_df = text_df
        elif previous is not None and kept:
            # Adjust the previous document frequencies rather than recount every posting's words.
            counts = Counter(previous.text_df)
            for j, tokens in enumerate(previous.texts):
                if j not in kept:
                    for token in tokens:
                        counts[token] -= 1
                        if not counts[token]:
                            del counts[token]
            counts.update(itertools.chain.from_iterable(fresh))
            self.text_df = counts
        else:
            self.text_df = Counter(itertools.chain.from_iterable(self.texts))
        self.places: list[tuple[str, frozenset[str]]] = []
        for posting in self.postings:
            if posting.location is None:
                continue
            for part in re.split(r"[,;/()]| or | and ", posting.location.value):
                tokens = frozenset(tokenize(part)) - _GENERIC
                if tokens and part.strip()[:1].isupper():
                    self.places.append((part.strip(), tokens))
        self.places = list(dict.fromkeys(self.places))
        self.languages = sorted({f.value for p in self.postings for f in p.languages} | set(LANGUAGES),
                                key=len, reverse=True)
        self.vocabulary: dict[str, str] = {}
        """Every name word as written (lower-case, unstemmed) -> its token: what typos are matched against."""
        for n in self.names:
            self.vocabulary.update(n.raw)
        self.spellings = sorted(self.vocabulary)
        self.spellings_by_initial: dict[str, list[str]] = {}
        """The vocabulary by first letter: a typo seldom changes the first letter, and matching a
        few hundred words is fast."""
        for word in self.spellings:
            self.spellings_by_initial.setdefault(word[:1], []).append(word)
        self._holders: dict[str, frozenset[int]] = {}
        self.cities: dict[str, list[tuple[str, tuple[str, str | None, str | None]]]] = {}
        """First word of a city a posting is in (lower-case) -> (the city's name lower-case, (city, state,
        country)), longest first."""
        for posting in self.postings:
            for city, state, country in _cities(posting):
                entries = self.cities.setdefault(city.split()[0].lower(), [])
                if not any(known == city.lower() for known, _ in entries):
                    entries.append((city.lower(), (city, state, country)))
        for entries in self.cities.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        """The vocabulary's words in order, for prefix look-ups ("dems" -> "democratic")."""

    def within(self, positions: Sequence[int], base: Catalog | None = None) -> Catalog:
        """The catalog of this one's postings at `positions`, from their analysis here (nothing is
        re-analysed). `base`: a catalog sharing most of them (the shared collection's, for a server's
        view), whose text word counts are then adjusted by the postings that differ, not recounted."""
        chosen = [self.postings[i] for i in positions]
        texts = [self.texts[i] for i in positions]
        text_df: Mapping[str, int] | None = None
        if base is not None:
            theirs = {id(p) for p in base.postings}
            mine = {id(p) for p in chosen}
            added = [t for p, t in zip(chosen, texts, strict=True) if id(p) not in theirs]
            removed = [t for p, t in zip(base.postings, base.texts, strict=True) if id(p) not in mine]
            text_df = WordCounts(base.text_df, added, removed)
        return Catalog(chosen, texts=texts, benefits=[self.benefits[i] for i in positions],
                       names=[self.names[i] for i in positions], text_df=text_df)

    def benefit_holders(self, words: frozenset[str]) -> set[int]:
        """Positions of the postings one of whose benefits uses every word of `words` (not empty)."""
        return {i for i, _ in set.intersection(*(self.by_benefit_word.get(w, set()) for w in words))}

    def holders(self, token: str) -> frozenset[int]:
        """Positions of the postings whose names use `token`, as a set (built once per token)."""
        found = self._holders.get(token)
        if found is None:
            found = self._holders[token] = frozenset(self.by_name.get(token, ()))
        return found

    def naming(self, words: Iterable[str]) -> set[int]:
        """Positions of the postings whose names use one of `words`."""
        return {i for w in words for i in self.by_name.get(w, ())}

    def name_tokens(self, position: int) -> Collection[str]:
        """`posting_names` of the posting at `position`, without recomputing them."""
        return self.names[position].weights.keys()


class WordCounts(Mapping[str, int]):
    """How many of some word sets use each word, as another count adjusted by a few sets added and
    removed: free to make (a server's view is made on its first question), and a look-up costs a set
    look-up per set added or removed (question understanding looks up a few dozen words)."""

    def __init__(self, base: Mapping[str, int], added: Sequence[frozenset[str]],
                 removed: Sequence[frozenset[str]]) -> None:
        self._base = base
        self._added = tuple(added)
        self._removed = tuple(removed)
        self._whole: Counter[str] | None = None

    def __getitem__(self, word: str) -> int:
        count = self._base.get(word, 0)
        for words in self._added:
            count += word in words
        for words in self._removed:
            count -= word in words
        if count <= 0:
            raise KeyError(word)
        return count

    def __iter__(self) -> Iterator[str]:
        return iter(self._counted())

    def __len__(self) -> int:
        return len(self._counted())

    def _counted(self) -> Counter[str]:
        """Every count, worked out once (for iteration: question understanding only looks words up)."""
        if self._whole is None:
            whole = Counter(self._base)
            whole.update(t for words in self._added for t in words)
            whole.subtract(t for words in self._removed for t in words)
            self._whole = +whole
        return self._whole


@dataclass(frozen=True)
class PostingWords:
    """What a catalog reads from one posting, worked out apart from any catalog (`posting_words`)."""

    names: Names
    text: frozenset[str]
    """Its `text_words`."""
    benefits: tuple[frozenset[str], ...]
    """Its `benefit_words`."""


def posting_words(posting: Posting) -> PostingWords:
    """The `PostingWords` of `posting`."""
    return PostingWords(_names(posting), text_words(posting), benefit_words(posting))


def text_words(posting: Posting) -> frozenset[str]:
    """The index terms of a posting's whole text."""
    return frozenset(tokenize(posting.text))


def benefit_words(posting: Posting) -> tuple[frozenset[str], ...]:
    """The index terms of each of a posting's benefits."""
    return tuple(frozenset(tokenize(fact.text)) for fact in posting.benefits)


def posting_names(posting: Posting) -> set[str]:
    """The tokens that name `posting`: its title, organization, their acronyms, location and file name."""
    return set(_names(posting).weights)


@dataclass(frozen=True)
class Names:
    """The words that name one posting (`posting_names`), as the catalog matches questions against them."""

    weights: dict[str, float]
    """Name token -> weight by where it comes from: a title word beats a file-name word."""
    pairs: frozenset[tuple[str, str]]
    """Adjacent name tokens ("organ", "director"): a question repeating them names the posting."""
    acronyms: frozenset[str]
    title: frozenset[str]
    raw: dict[str, str]
    """Each name word as written, lower-case -> its token ("organizing" -> "organ")."""

    def plain(self) -> list[object]:
        """These names as JSON values (`from_plain` reads them back): the saved analysis keeps them."""
        return [self.weights, list(self.pairs), list(self.acronyms), list(self.title), self.raw]

    @classmethod
    def from_plain(cls, row: Sequence[Any]) -> Names:
        """The names `plain` gave `row` for (TypeError or ValueError if `row` is not such a list)."""
        weights, pairs, acronyms, title, raw = row
        if not isinstance(weights, dict) or not isinstance(raw, dict):
            raise TypeError("not the names of a posting")
        return cls(weights, frozenset((a, b) for a, b in pairs), frozenset(acronyms), frozenset(title), raw)


def _names(posting: Posting) -> Names:
    sources: list[tuple[float, str]] = []
    initials: list[str] = []
    for fact in (posting.title, posting.organization):
        if fact is not None:
            sources.append((1.0, fact.value))
            initials += acronyms(fact.value) + re.findall(r"\(([^)]{1,15})\)", fact.text)
    if posting.organization is not None:
        named = f"{posting.organization.value} {posting.title.value if posting.title else ''}"
        initials += _defined_acronyms(posting.text, posting.organization.value, named)
    sources += [(1.0, a) for a in initials]
    if posting.location is not None:
        sources.append((0.9, _COUNTRY.sub(" ", posting.location.value)))
    sources += [(0.9, place) for p in posting.places for place in (p.city, p.state) if place]
    # The file name usually names role and employer, its words sometimes run together ("1199seiu").
    sources.append((0.7, _DIGITS_AND_LETTERS.sub(" ", posting.id.replace("-", " "))))
    weights: dict[str, float] = {}
    pairs: set[tuple[str, str]] = set()
    raw: dict[str, str] = {}
    for weight, text in sources:
        tokens = [t for t in tokenize(text) if t not in _GENERIC and t not in _ASKING]
        pairs.update(itertools.pairwise(tokens))
        for token in tokens:
            weights[token] = max(weights.get(token, 0.0), weight)
        for word in _WORD.findall(text.lower()):
            stems = tokenize(word)
            if len(stems) == 1 and stems[0] in weights:
                raw[word] = stems[0]
    title = frozenset(tokenize(posting.title.value)) if posting.title is not None else frozenset()
    return Names(weights, frozenset(pairs), frozenset(t for a in initials for t in tokenize(a)), title, raw)


def _defined_acronyms(text: str, name: str, named: str) -> list[str]:
    """The acronyms `text` defines for the organization `name` ("Harbor Equity & Justice Maine
    (HEJMA) is …") or for words of its name or title (`named`): "The Civil Rights Unit (“CRU”)",
    the initials of the words before it. Members then use them alone."""
    words = name.split()
    found: list[str] = []
    if len(words) >= 2:
        found += [m.group(1) for m in _DEFINED.finditer(text)
                  if sum(c.isupper() for c in m.group(1)) >= 2 and _after_words(text, m.start(), words)]
    own = {w.lower() for w in _WORD.findall(named)}
    for match in _IN_PARENS.finditer(text):
        acronym = match.group(1)
        before = [w for w in _WORD.findall(text[max(0, match.start() - 120):match.start()])
                  if w.lower() not in _JOINING][-len(acronym):]
        if (len(before) == len(acronym) and "".join(w[0] for w in before).upper() == acronym
                and all(w[0].isupper() and w.lower() in own for w in before)):
            found.append(acronym)
    return list(dict.fromkeys(found))


_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z0-9&!.-]{1,11})\s*\)")
"""An acronym in parentheses, as a name defines it ("… Maine (HEJMA)")."""


def _after_words(text: str, end: int, words: Sequence[str]) -> bool:
    """Whether `text[:end]` ends with `words` separated by whitespace, then optional whitespace (as
    `\\s+`.join(words) + `\\s*` matches; one pattern per name would be compiled for every posting)."""
    for n, word in enumerate(reversed(words)):
        at = end
        while at > 0 and text[at - 1].isspace():
            at -= 1
        if (n and at == end) or at < len(word) or not text.startswith(word, at - len(word)):
            return False
        end = at - len(word)
    return True


_IN_PARENS = re.compile(r"\(\s*[“\"'‘]?([A-Z]{2,8})[”\"'’]?\s*\)")
_JOINING = frozenset({"of", "and", "for", "the", "in", "on", "to", "a", "an", "at"})


def _cities(posting: Posting) -> list[tuple[str, str | None, str | None]]:
    """The cities a posting is in: its places' cities, and "City, ST" in its location."""
    found = [(p.city, p.state, p.country) for p in posting.places if p.city]
    if posting.location is not None:
        for m in _CITY_ST.finditer(posting.location.value):
            state = _STATE_NAMES.get(m["code"])
            found.append((m["city"], state, "US" if state else None))
    return found


_STATE_NAMES = {code: name for name, code in STATES.items()}
_CITY_ST = re.compile(r"(?P<city>[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,3}),\s*(?P<code>[A-Z]{2})\b")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


