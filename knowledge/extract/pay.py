"""Pay: ranges, hourly/weekly/monthly/yearly figures, "k" notation, and pay stated only in words.

Every money figure in the text is a candidate. A figure is dropped when the words right around it say it
is some other money (a stipend, a 401k match, a minimum-wage campaign, a budget...); the rest are scored
by pay words on their line ("Salary:", "paid", "per hour") and a pay heading above them, and the best
wins. When no figure survives, pay described in words ("Competitive salary", "DOE") is returned as text.

The period comes from the words after or before the figure; when none is given it is inferred from the
size (>= 1000 a year, < 200 an hour). Annual figures use the posting's weekly hours (40 when not stated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge.document import Document
from knowledge.extract._headings import Headings
from knowledge.frontmatter import FrontMatter
from knowledge.literals import compile_scan
from knowledge.models import PayPeriod, Salary, Section

DEFAULT_HOURS_PER_WEEK = 40.0
UNAMBIGUOUS_ANNUAL = 20_000
"""An amount this large with no stated period is a year's pay beyond reasonable doubt."""
_ANNUAL_FACTOR = {PayPeriod.WEEK: 52.0, PayPeriod.MONTH: 12.0, PayPeriod.YEAR: 1.0}

_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "c$": "CAD", "ca$": "CAD",
                   "cad": "CAD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "£": "GBP", "gbp": "GBP",
                   "pounds": "GBP", "€": "EUR", "eur": "EUR", "euros": "EUR"}
_CUR = r"(?:US\$|C\$|CA\$|AU?\$|\\?\$|£|€|(?:USD|CAD|AUD|GBP|EUR)\s?)"
# "$48,00-53,000": a thousands group a digit short, before a range's written-out end (`_thousands_shorthand`)
_NUM = (r"\d{1,3},\d{2}(?=\s*[-–—]\s*\\?\$?\s?\d{1,3},\d{3}\b)"
        r"|\d{1,3}(?:, ?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MULT = r"(?:\s?(?:[kK]|thousand|[mM]|million)(?![\w]))?"
_LEAD = r"(?:(?:(?P<{w}between>between)|(?P<{w}lead>from|up\s+to|starting\s+at))\s+)?"
# "and" joins a range only after "between": "$60,000 and 15 days of leave" is one figure. A slash or nothing
# at all between two signed figures ("$16/$19/hour", "$21.50$23.00", as boards mistype them) joins one.
_SEP = r"(?P<{w}sep>-|–|—|to|up\s+to|/(?=\s*\\?\$\d)|(?<=\d)(?=\\?\$\d)|(?({w}between)and|(?!)))"
# "$16/hr - $20/hr": a unit written on the first figure of a range as well.
_UNIT_IN_RANGE = r"(?:\s*/\s*(?:hour|hr|h|week|wk|month|mo|year|yr)\b)?"
# "$803 total (gross) per month": a word on the figure's kind may stand before its period; "$32+/hour".
_PERIOD_AFTER = (r"(?:\+?(?:\s+\(?(?:total|gross|net|before\s+tax(?:es)?)\)?){{0,2}}"
                 r"\s*(?:/|\bper\b|\ban?\b|\beach\b)\s*"
                 r"(?P<{w}per>hour|hr|h|week|wk|month|mo|year|yr|annum)(?:ly)?(?!\w)"
                 r"|\s*\(?(?P<{w}adv>hourly|weekly|monthly|annually|annual|yearly|annualized|annualised"
                 r"|per\s+annum|p\.a\.|pa\b))?")
_MONEY = (
    # $127,000 / between $127,000 and $138,000 / $55k–65k / USD 70,000 / $18/hr
    _LEAD.format(w="") + rf"(?P<cur>{_CUR})\s?(?P<n1>{_NUM})(?P<m1>{_MULT})"
    + r"(?:" + _UNIT_IN_RANGE + r"\s*" + _SEP.format(w="")
    + rf"\s*(?:{_CUR})?\s?(?P<n2>{_NUM})(?P<m2>{_MULT}))?"
    + r"(?:\s?(?P<code>USD|CAD|AUD|GBP|EUR)\b)?" + _PERIOD_AFTER.format(w="")
    # 70,000 USD / between 50 and 60 thousand dollars
    + "|" + _LEAD.format(w="w") + rf"(?<![\w$£€.,])(?P<wn1>{_NUM})(?P<wm1>{_MULT})"
    + r"(?:\s*" + _SEP.format(w="w") + rf"\s*(?P<wn2>{_NUM})(?P<wm2>{_MULT}))?"
    + r"\s?(?P<wcode>USD|CAD|AUD|GBP|EUR|dollars|euros|pounds)\b" + _PERIOD_AFTER.format(w="w")
)
MONEY = compile_scan(_MONEY, re.IGNORECASE)
# A pay statement's own value may give a figure with no currency sign: `salary = "5,416/month"`.
STATED_MONEY = compile_scan(
    _MONEY + "|" + _LEAD.format(w="b") + rf"(?<![\w$£€.,])(?P<bn1>{_NUM})(?P<bm1>{_MULT})"
    + r"(?:" + _UNIT_IN_RANGE + r"\s*" + _SEP.format(w="b") + rf"\s*(?P<bn2>{_NUM})(?P<bm2>{_MULT}))?"
    + _PERIOD_AFTER.format(w="b")[:-1],
    re.IGNORECASE,
)
_FIRST_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_BARE_STATEMENT = re.compile(rf"\s*(?P<bn1>{_NUM})(?P<bm1>{_MULT})(?:\s*(?:-|–|—|to)\s*(?P<bn2>{_NUM})"
                             rf"(?P<bm2>{_MULT}))?(?!\s*%)")
"""A pay statement that opens with a bare figure or range, with no currency and no period."""
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}
_PERIOD_WORDS = {"hour": PayPeriod.HOUR, "hr": PayPeriod.HOUR, "h": PayPeriod.HOUR, "hourly": PayPeriod.HOUR,
                 "week": PayPeriod.WEEK, "wk": PayPeriod.WEEK, "weekly": PayPeriod.WEEK,
                 "month": PayPeriod.MONTH, "mo": PayPeriod.MONTH, "monthly": PayPeriod.MONTH,
                 "year": PayPeriod.YEAR, "yr": PayPeriod.YEAR, "annum": PayPeriod.YEAR,
                 "annual": PayPeriod.YEAR, "annually": PayPeriod.YEAR, "yearly": PayPeriod.YEAR,
                 "salary": PayPeriod.YEAR, "annualized": PayPeriod.YEAR, "annualised": PayPeriod.YEAR}
_PERIOD_BEFORE = compile_scan(r"\b(hourly|weekly|monthly|annual|annually|yearly|salary)\b", re.I)
_PERIOD_AFTER_WORD = re.compile(r"^\W*(salary|annual|hourly|weekly|monthly)\b", re.I)

# Money that is not the role's pay, judged on the words right next to the figure.
_NOT_PAY = re.compile(
    r"stipend|reimburs|minimum\s+wage|living\s+wage|ordinance|40[13]\s?\(?[kb]\)?|retirement|pension"
    r"|budget|\brais(?:e|ed|es|ing)\b|fundrais|donat|bonus|allowance|\bmatch|\bdues\b|\bfees?\b"
    r"|\bcosts?\b|tuition|scholarship|\bloans?\b|assets|revenue|funding|\bawards?\b|\bprize|grants?\s+of"
    r"|gift\s+card|incentive|relocation|\brent\b|\bwon\b|\bwin\b|recovered|theft|stolen|settlement"
    r"|back\s+pay|lawsuit|\binvest|billion|\bworth\b|\bspen[dt]\b",
    re.IGNORECASE,
)
# Words that mark other money only after the figure: "a $50,000 grant", but "Grants Manager, $62,000".
_NOT_PAY_AFTER = compile_scan(r"\bgrants?\b|\bfunds?\b|\bin\s+(?:wages|damages)\b|\binternet\b|\bbroadband\b"
                              r"|\bcontributions?\b"
                              r"|\butilit|\bfamilies\b|\bhouseholds\b|\btenants\b|\bcustomers\b",
                              re.IGNORECASE)
# "Stipend: $2,000 a month" is pay; "phone stipend of $50" is not.
_OWN_STIPEND = re.compile(r"\bstipend\b(?:\s+(?:of|is|:))?", re.I)
_OWN_AWARD = re.compile(r"\b(?:fellows?|interns?|you|recipients?|awardees?|winners?)\s+(?:will\s+)?"
                        r"(?:receives?|gets?|earns?|be\s+awarded)\s+(?:an?\s+)?(?:award|grant)\s+of\s*$",
                        re.I)
"""An award the person hired receives ("The Fellow receives an award of $25,000"): their pay, a total."""
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
"""A figure with full stops before groups of three digits ("US$65.000", "48.000"): thousands, as money
never has three decimals."""
_STIPEND_AFTER = re.compile(r"\W{0,3}stipend\b(?!\s+(?:to\s+cover|towards?)\b)"
                            r"(?!\s+for\s+(?!(?:the\s+|this\s+)?(?:(?:\d{1,2}|[a-z]+)[- ](?:week|month)\s+)?"
                            r"(?:summer|year|semester|term|season|fellowship|internship|program|position|role"
                            r"|placement|residency)))",
                            re.I)
"""A stipend named right after its figure, for nothing in particular: the role's pay."""
_KINDS = (r"(?:phone|cell|internet|home|remote|transit|commut\w*|travel|meal|food|wellness|health|gym"
          r"|technology|tech|equipment|office|education|learning|development|relocation|childcare|covid\S*)")
_STIPEND_KIND = compile_scan(rf"{_KINDS}\s+stipend", re.I)
_KIND_BEFORE = compile_scan(rf"\b{_KINDS}\b[^.;\n]*$", re.I)
"""What a stipend named after its figure is for, said before it ("Work from home monthly $75 stipend")."""
_PAY_CUE = compile_scan(r"\b(?:salary|salaries|pay|paid|compensation|remuneration|wages?|rate|earn\w*|hourly"
                        r"|annual\w*|stipend|range|pro[-\s]rata)\b", re.I)
_PAY_HEADING = re.compile(r"\b(?:salary|pay|compensation|remuneration|wages?|stipend|rate)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;\n]|\s\(|\)\s|[.!?]\s|,\s(?!\d{3})|\s(?:plus|and|with|or|but)\s|\s\+\s", re.I)
_NEAR = 45

# Pay stated only in words.
_WORDS = compile_scan(
    r"\b(?:salary|pay|compensation|wages?|rate)\s+(?:is|are|will\s+be)\s+"
    r"(?:competitive|negotiable|commensurate\s+with\s+(?:experience|qualifications)|TBD|DOE)"
    r"(?:\s+and\s+(?:competitive|negotiable|commensurate\s+with\s+(?:experience|qualifications)))?"
    r"|\b(?:salary|pay|compensation|wages?|rate)(?:\s+range)?\**\s*[:|–-]\**\s*"
    r"(?:TBD|TBA|DOE|negotiable|competitive|commensurate\s+with\s+(?:experience|qualifications)"
    r"|depending\s+on\s+experience)"
    r"|\b(?:competitive|attractive|generous)\s+(?:annual\s+|hourly\s+|base\s+|starting\s+)?"
    r"(?:salary|salaries|pay|wages?|compensation|rate)"
    r"|\bcommensurate\s+with\s+(?:experience|qualifications)|\bdepending\s+on\s+experience",
    re.IGNORECASE,
)
_BARE_DOE = re.compile(r"\bDOE\b")


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    low: float
    high: float | None
    lead: str
    currency: str
    period: PayPeriod | None
    period_inferred: bool
    score: int
    explicit: bool = False
    """The period is written right at the figure ("/hour", "per month")."""
    currency_named: bool = False
    """The currency is named outright (£, C$, "CAD"), not a bare `$`."""


def find_salary(doc: Document, sections: list[Section], hours_per_week: float | None, *,
                front: FrontMatter | None = None, currency: str | None = None) -> Salary | None:
    """The role's own pay (never a stipend, a minimum-wage campaign or a retirement match).

    A front-matter pay value is the board's structured statement: its figures win over the body's and
    are all pay (a "$430 Weekly Stipend" there is the role's pay); several single figures with one
    period ("Cleveland - $17 per hour, Philadelphia - $18 per hour") read as a range. `currency` is
    the one a bare `$` means (the country's dollar on a posting outside the US).
    """
    headings = Headings(doc, sections)
    stated = [_stated_figures(doc, headings, entry.value_start, entry.value_end)
              for entry in (front.all("salary") if front else ())]
    board = next((found for found in stated if found), None)
    figures = board or _figures(doc, headings) or _bare_statements(doc, headings)
    if not figures:
        return _pay_in_words(doc, headings)
    best = max(figures, key=lambda f: f.score)
    number = _FIRST_NUMBER.search(doc.text, best.start, best.end)
    body_start = front.body_start if front else 0
    if board and not best.explicit and number and doc.text.find(number.group(), body_start) >= 0:
        # "$5,250" in the front matter, "$5,250 - $6,050 per month" in the body: the body says more
        # (the body is scanned only when it writes the same figure)
        best = next((f for f in _figures(doc, headings) if f.explicit and f.low == best.low
                     and (best.high is None or f.high == best.high)), best)
    return _salary(doc, best, hours_per_week, currency)


def _figures(doc: Document, headings: Headings) -> list[_Figure]:
    found: list[_Figure] = []
    previous_end = 0
    matches = list(MONEY.finditer(doc.text))
    for index, match in enumerate(matches):
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(doc.text)
        figure = _figure(doc, headings, match, previous_end, next_start)
        previous_end = match.end()
        if figure is not None:
            found.append(figure)
    return _scales(doc, found)


_SCALE_ROW = re.compile(r"[ \t*_|•-]*(?:step|grade|level|band|tier)[ \t]*[\w.-]{1,4}\b", re.I)
"""A row of a pay scale: "Step 1 ......... $71,240"."""
_MIN_SCALE_ROWS = 3


def _scales(doc: Document, figures: list[_Figure]) -> list[_Figure]:
    """`figures` with each pay scale (three or more rows in a row, "Step 1 … $71,240" to "Step 6 …
    $89,860", one figure each in one period) read as one range from its lowest to its highest step."""
    out: list[_Figure] = []
    run: list[_Figure] = []

    def close() -> None:
        if len(run) >= _MIN_SCALE_ROWS and len({f.period for f in run}) == 1:
            out.append(replace(run[0], end=run[-1].end, low=min(f.low for f in run),
                               high=max(f.high or f.low for f in run), score=max(f.score for f in run) + 1))
        else:
            out.extend(run)
        run.clear()

    for figure in figures:
        line = doc.line_of(figure.start)
        row = (figure.high is None and doc.line_of(figure.end) == line
               and _SCALE_ROW.match(doc.lines[line - 1]) is not None)
        if row and run and line != doc.line_of(run[-1].start) + 1:
            close()
        if row:
            run.append(figure)
        else:
            close()
            out.append(figure)
    close()
    return out


_PAY_STATEMENT = compile_scan(
    r"\b(?:salary|pay|compensation|wages?)(?:\s+range)?(?:\s+(?:is|will\s+be))?[ \t]*[:=]?[ \t]*(?=\d)", re.I)
"""A pay statement in the body whose figures carry no currency sign ("The salary is 65K-72K")."""


def _bare_statements(doc: Document, headings: Headings) -> list[_Figure]:
    """Figures written without a currency sign right after a pay statement's words, when they are
    thousands ("65K-72K", "46,000-58,000"): with nothing else in the text to read as pay."""
    found: list[_Figure] = []
    for cue in doc.finditer(_PAY_STATEMENT):
        bare = _BARE_STATEMENT.match(doc.text, cue.end())
        if bare is not None and _amount(bare.group("bn1"), bare.group("bm1")) >= _THOUSANDS:
            found += _stated_figures(doc, headings, bare.start(), bare.end())
    return found


_THOUSANDS = 1_000


def _stated_figures(doc: Document, headings: Headings, start: int, end: int) -> list[_Figure]:
    """Figures of a pay statement's value text[start:end]: none is other money."""
    matches = list(STATED_MONEY.finditer(doc.text, start, end))
    if not matches and (bare := _BARE_STATEMENT.match(doc.text, start, end)) and float(
            bare.group("bn1").replace(",", "").replace(" ", "")) > 0:
        matches = [bare]  # "60K-70K", "46,000-107,000": figures alone, read by their size ("0" says nothing)
    figures = [f for index, m in enumerate(matches)
               if (f := _figure(doc, headings, m, matches[index - 1].end() if index else start,
                                matches[index + 1].start() if index + 1 < len(matches) else end,
                                in_statement=True)) is not None]
    # "$70,000 for Boston-based staff and $74,000 for remote staff", "$50,000 min; $70,000 max": one range
    singles = [f for f in figures
               if f.high is None and f.lead != "up to" and (f.explicit or not f.period_inferred)]
    if len(singles) > 1 and len(singles) == len(figures) and len({f.period for f in singles}) == 1:
        low, high = min(f.low for f in singles), max(f.low for f in singles)
        if low < high:
            first = singles[0]
            return [replace(first, end=singles[-1].end, low=low, high=high)]
    return figures


def _figure(doc: Document, headings: Headings, match: re.Match[str], previous_end: int,
            next_start: int, *, in_statement: bool = False) -> _Figure | None:
    named = match.groupdict()
    prefix = "w" if named.get("wn1") is not None else "b" if named.get("bn1") else ""

    def group(name: str) -> str:
        return match.groupdict().get(prefix + name) or ""

    low = _amount(group("n1"), group("m1"))
    high = _amount(group("n2"), group("m2")) if group("n2") else None
    if high is not None:
        # "$55–65k": a multiplier written once applies to both ends.
        multiplier = _amount("1", group("m2"))
        if not group("m1").strip() and low * multiplier <= high:
            low *= multiplier
        low, high = _thousands_shorthand(low, high, group("n1"), group("n2"))
        low, high = min(low, high), max(low, high)
    before_start, after_end = _near_window(doc.text, match, previous_end, next_start)
    before = doc.text[before_start:match.start()]
    after = doc.text[match.end():after_end]
    if _DECADE.match(after):
        return None  # "upper $40k's" names no figure
    if not in_statement and _is_other_money(before, after):
        return None
    period = _stated_period(group("per") or group("adv"))
    explicit = period is not None
    if period is None:
        stated = _PERIOD_BEFORE.findall(before) or _PERIOD_AFTER_WORD.findall(after)
        period = _PERIOD_WORDS[stated[-1].lower()] if stated else None
    if period == PayPeriod.YEAR and low < 1000:
        period = None  # "$45+/year" cannot be a year's pay: the period is read from the size instead
        explicit = False
    # An amount with no period is read by its size; only a size that leaves real doubt is flagged:
    # $3,500 may be a month's pay, $127,000 is not.
    period_inferred = period is None and not low >= UNAMBIGUOUS_ANNUAL
    # A stipend with no period is a total, and "$2,400 biweekly" has a period no field holds: there is no
    # period to infer.
    other_period = _OTHER_PERIOD.match(after) if period is None else None
    total = _OWN_STIPEND.search(before + " " + after) or _OWN_AWARD.search(before) or other_period
    end = match.end() + (other_period.end() if other_period else 0)  # "$2,400 biweekly" is cited whole
    if other_period:
        period_inferred = False
    if period is None and not total and (high or low) > 0:
        period = PayPeriod.YEAR if low >= 1000 else PayPeriod.HOUR if low < 200 else None
    line_start = doc.line_start(doc.line_of(match.start()))
    line_before = doc.text[max(line_start, previous_end, match.start() - _CUE_REACH):match.start()]
    score = 0
    if in_statement:
        # Every figure of a pay statement is pay: one whose period is certain beats one left to guess.
        score = 10 + (period is not None and not period_inferred)
    elif _PAY_CUE.search(line_before) or _PAY_CUE.search(after) or _OWN_AWARD.search(before):
        score += 3
    if not in_statement and _PAY_HEADING.search(headings.at(doc.line_of(match.start()))):
        score += 2
    if explicit and not in_statement:
        score += 1
    if score == 0 and high is not None and not line_before.strip(" \t*_-•:"):
        score = 1  # a range opening its line ("$78,000 - $84,000 + super") is pay, however unlabelled
    if score == 0:
        return None
    if high is not None:
        score += 1
    sign = group("code") or group("cur") or "$"
    currency = _CURRENCY_SIGNS.get(sign.strip().lstrip("\\").lower(), "USD")
    return _Figure(match.start(), end, low, high, group("lead").lower(), currency, period,
                   period_inferred, score, explicit, sign.strip().lstrip("\\") != "$")


_DECADE = re.compile(r"['’]?s\b")
"""After a figure, a span of ten ("the upper $40k's", "mid-$50s"), not a figure."""
_OTHER_PERIOD = re.compile(
    r"[ \t]*(?:bi-?weekly|fortnightly|every\s+(?:two|2|other)\s+weeks|semi-?monthly"
    r"|twice\s+(?:a|per)\s+month|(?:a|per|each)\s+(?:pay\s+period|paycheck|semester|quarter|session))\b",
    re.I)
"""A period pay may be given in that `PayPeriod` has not ("$2,400 biweekly"): the figure stays without one."""


def _thousands_shorthand(low: float, high: float, low_text: str, high_text: str) -> tuple[float, float]:
    """ "$50-55,000", "$90,000 - $112", "$80.000-$85,000": an end written in thousands beside one written
    out is in thousands too (when that puts it near the other end)."""
    if _SHORT_GROUP.fullmatch(low_text) and low * 10 <= high <= low * 30:
        return low * 10, high  # "$48,00-53,000": 48,000
    for small, small_text, big in ((low, low_text, high), (high, high_text, low)):
        if small < 1000 <= big and _SHORT_THOUSANDS.fullmatch(small_text):
            scaled = float(small_text.replace(".", "")) * (1 if "." in small_text else 1000)
            if big / 3 <= scaled <= big * 3:
                return (scaled, high) if small is low else (low, scaled)
    return low, high


_SHORT_GROUP = re.compile(r"\d{1,3},\d{2}")
"""A figure whose thousands group is a digit short ("48,00")."""
_SHORT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})?")
"""A figure in thousands ("55") or written with a full stop between thousands ("80.000")."""


def _stated_period(words: str) -> PayPeriod | None:
    key = re.sub(r"\W", "", words.lower())
    if key in ("perannum", "pa", "pa."):
        return PayPeriod.YEAR
    return _PERIOD_WORDS.get(key)


def _amount(number: str, multiplier: str | None) -> float:
    value = float(number.replace(",", "").replace(" ", ""))
    if _DOTTED_THOUSANDS.fullmatch(number):
        value = float(number.replace(".", ""))
    key = (multiplier or "").strip().lower()
    if key == "k" and value >= 1000:
        return value  # "$90,000k": the k repeats what the figure already says
    return value * _MULTIPLIERS.get(key, 1.0)


_CUE_REACH = 300
"""How far before a figure a pay cue may stand on its line (a one-paragraph posting is one line)."""


def _near_window(text: str, match: re.Match[str], previous_end: int, next_start: int) -> tuple[int, int]:
    """The words of the figure's own clause: up to `_NEAR` characters each side, not past a clause break."""
    start = max(previous_end, match.start() - _NEAR)
    breaks = list(_CLAUSE_BREAK.finditer(text, start, match.start()))
    if breaks:
        start = breaks[-1].end()
    end = min(next_start, match.end() + _NEAR)
    stop = _CLAUSE_BREAK.search(text, match.end(), end)
    return start, (stop.start() if stop else end)


def _is_other_money(before: str, after: str) -> bool:
    if _OWN_AWARD.search(before):
        return False
    if (own_after := _STIPEND_AFTER.match(after)) and not _KIND_BEFORE.search(before):
        after = after[own_after.end():]  # "$4,000/month stipend": the role's own
    if _NOT_PAY.search(after) or _NOT_PAY_AFTER.search(after):
        return True
    own = _OWN_STIPEND.search(before)
    if own and not _STIPEND_KIND.search(before):
        before = before[:own.start()] + before[own.end():]
    return _NOT_PAY.search(before) is not None


def _salary(doc: Document, figure: _Figure, hours_per_week: float | None, currency: str | None) -> Salary:
    low: float | None = figure.low
    high = figure.high
    if high is None:
        low, high = (None, low) if figure.lead == "up to" else (low, low)
    hours = None
    annual_min = annual_max = None
    if figure.period is not None:
        if figure.period == PayPeriod.HOUR:
            hours = hours_per_week or DEFAULT_HOURS_PER_WEEK
        factor = hours * 52 if hours is not None else _ANNUAL_FACTOR[figure.period]
        annual_min = round(low * factor, 2) if low is not None else None
        annual_max = round(high * factor, 2) if high is not None else None
    span = doc.span(figure.start, figure.end)
    return Salary(text=span.text, start_line=span.start_line, end_line=span.end_line, min=low, max=high,
                  period=figure.period, hours_per_week=hours,
                  currency=figure.currency if figure.currency_named else currency or figure.currency,
                  hours_assumed=hours is not None and not hours_per_week,
                  period_inferred=figure.period is not None and figure.period_inferred,
                  annual_min=annual_min, annual_max=annual_max)


def with_hours(salary: Salary, hours_per_week: float | None) -> Salary:
    """An hourly `salary` whose hours were assumed, annualised on the hours the posting states instead."""
    if salary.period != PayPeriod.HOUR or not salary.hours_assumed or not hours_per_week:
        return salary
    factor = hours_per_week * 52
    return salary.model_copy(update={
        "hours_per_week": hours_per_week, "hours_assumed": False,
        "annual_min": round(salary.min * factor, 2) if salary.min is not None else None,
        "annual_max": round(salary.max * factor, 2) if salary.max is not None else None})


def _pay_in_words(doc: Document, headings: Headings) -> Salary | None:
    best: tuple[int, int, int] | None = None
    for match in _WORDS.finditer(doc.text):
        score = 2 if _PAY_HEADING.search(headings.at(doc.line_of(match.start()))) else 0
        score += 1 if _PAY_CUE.search(match.group()) else 0
        if best is None or score > best[0]:
            best = (score, match.start(), match.end())
    if best is None:
        for match in _BARE_DOE.finditer(doc.text):
            line = doc.lines[doc.line_of(match.start()) - 1]
            if _PAY_CUE.search(line):
                best = (0, match.start(), match.end())
                break
    if best is None:
        return None
    span = doc.span(best[1], best[2])
    return Salary(text=span.text, start_line=span.start_line, end_line=span.end_line)


@dataclass(frozen=True)
class Amount:
    """A sum of money as written ("$60k", "$20/hour", "70,000 USD"): the low end of a range."""

    value: float
    period: PayPeriod | None
    """The period written beside it, None when none is."""
    currency: str
    start: int
    end: int


def read_amounts(text: str) -> list[Amount]:
    """Every sum of money in `text`, in order; the one reader of "$60k" for questions and commands."""
    found: list[Amount] = []
    for match in MONEY.finditer(text):
        prefix = "w" if match.group("wn1") is not None else ""
        number, multiplier = match.group(prefix + "n1"), match.group(prefix + "m1") or ""
        if not multiplier.strip() and match.group(prefix + "n2"):
            multiplier = match.group(prefix + "m2") or ""  # "$55-65k"
        sign = match.group(prefix + "code") or match.group(prefix + "cur") or "$"
        period = _stated_period(match.group(prefix + "per") or match.group(prefix + "adv") or "")
        found.append(Amount(_amount(number, multiplier), period,
                            _CURRENCY_SIGNS.get(sign.strip().lstrip("\\").lower(), "USD"),
                            match.start(), match.end()))
    return found
