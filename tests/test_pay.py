"""Pay extraction: figures, ranges, periods, currencies, annualising, other money and pay in words."""

from __future__ import annotations

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.pay import find_salary
from knowledge.frontmatter import read_front_matter
from knowledge.models import PayPeriod, Salary, Section
from retrieval.format import format_pay

HOUR, WEEK, MONTH, YEAR = PayPeriod.HOUR, PayPeriod.WEEK, PayPeriod.MONTH, PayPeriod.YEAR


def salary_of(text: str, hours: float | None = None) -> Salary | None:
    doc = Document(text)
    salary = find_salary(doc, [], hours)
    if salary is not None:
        assert_evidence(doc, salary)
    return salary


FIGURES = [
    # text, hours/week, min, max, period, currency, annual_min, annual_max, evidence
    ("Salary is expected to be between $127,000 and $138,000.", None,
     127000, 138000, YEAR, "USD", 127000, 138000, "between $127,000 and $138,000"),
    ("Salary range: $127,000 - $138,000", None, 127000, 138000, YEAR, "USD", 127000, 138000,
     "$127,000 - $138,000"),
    ("Compensation: $55k–65k depending on experience", None, 55000, 65000, YEAR, "USD", 55000, 65000,
     "$55k–65k"),
    ("Salary: $60K", None, 60000, 60000, YEAR, "USD", 60000, 60000, "$60K"),
    ("Pay: $18/hr", None, 18, 18, HOUR, "USD", 37440, 37440, "$18/hr"),
    ("Pay: $18/hr", 25, 18, 18, HOUR, "USD", 23400, 23400, "$18/hr"),
    ("The rate is $18 per hour.", None, 18, 18, HOUR, "USD", 37440, 37440, "$18 per hour"),
    ("Fellows are paid $4,500 per month.", None, 4500, 4500, MONTH, "USD", 54000, 54000, "$4,500 per month"),
    ("Pay: $1,200/week during the season", None, 1200, 1200, WEEK, "USD", 62400, 62400, "$1,200/week"),
    ("Salary: USD 70,000", None, 70000, 70000, YEAR, "USD", 70000, 70000, "USD 70,000"),
    ("Salary: 70,000 USD per year", None, 70000, 70000, YEAR, "USD", 70000, 70000, "70,000 USD per year"),
    ("Salary: £30,000 per annum", None, 30000, 30000, YEAR, "GBP", 30000, 30000, "£30,000 per annum"),
    ("Salary: €42,000 annually", None, 42000, 42000, YEAR, "EUR", 42000, 42000,
     "€42,000 annually"),
    ("The salary will be between 50 and 60 thousand dollars.", None, 50000, 60000, YEAR, "USD", 50000, 60000,
     "between 50 and 60 thousand dollars"),
    ("Pay: $22.50 an hour", 30, 22.5, 22.5, HOUR, "USD", 35100, 35100, "$22.50 an hour"),
    ("Hourly wage: $21", None, 21, 21, HOUR, "USD", 43680, 43680, "$21"),
    ("We pay $25-$28/hour.", 24, 25, 28, HOUR, "USD", 31200, 34944, "$25-$28/hour"),
    ("The salary for this position is $85,000 to $95,000 annually.", None, 85000, 95000, YEAR, "USD",
     85000, 95000, "$85,000 to $95,000 annually"),
    ("Salary: C$58,000 a year", None, 58000, 58000, YEAR, "CAD", 58000, 58000, "C$58,000 a year"),
    ("Stipend: $2,000 a month for the fellowship year", None, 2000, 2000, MONTH, "USD", 24000, 24000,
     "$2,000 a month"),
    ("Salary: up to $65,000", None, None, 65000, YEAR, "USD", None, 65000, "up to $65,000"),
    ("Pay: \\$19/hour", None, 19, 19, HOUR, "USD", 39520, 39520, "\\$19/hour"),
    # one end of a range written in thousands, the other written out
    ("Salary: $62-68,000 annually", None, 62000, 68000, YEAR, "USD", 62000, 68000, "$62-68,000 annually"),
    ("Salary range: $74-$79,000", None, 74000, 79000, YEAR, "USD", 74000, 79000, "$74-$79,000"),
    ("Salary: $98,000 - $121 DOE", None, 98000, 121000, YEAR, "USD", 98000, 121000, "$98,000 - $121"),
    ("Salary: $64.000-$69,000", None, 64000, 69000, YEAR, "USD", 64000, 69000, "$64.000-$69,000"),
    ("Salary: $61,000-$72,000k", None, 61000, 72000, YEAR, "USD", 61000, 72000, "$61,000-$72,000k"),
    ("Pay: $32+/hour", None, 32, 32, HOUR, "USD", 66560, 66560, "$32+/hour"),
    ("Compensation: $4,000/month stipend. Housing is not provided.", None, 4000, 4000, MONTH, "USD", 48000,
     48000, "$4,000/month"),
    ("Salary: US$65.000 per year", None, 65000, 65000, YEAR, "USD", 65000, 65000, "US$65.000 per year"),
    ("Remuneration:       $72,000 - $79,000 + 11.5% superannuation", None, 72000, 79000, YEAR, "USD", 72000,
     79000, "$72,000 - $79,000"),
    # boards' typos: a thousands group a digit short, a slash or nothing between a range's two figures
    ("Salary: $48,00-53,000", None, 48000, 53000, YEAR, "USD", 48000, 53000, "$48,00-53,000"),
    ("Salary: $91,00 - $99,000", None, 91000, 99000, YEAR, "USD", 91000, 99000, "$91,00 - $99,000"),
    ("Pay: $16/$19/hour dependent on experience", None, 16, 19, HOUR, "USD", 33280, 39520, "$16/$19/hour"),
    ("Pay: $21.50$23.00 an hour", None, 21.5, 23, HOUR, "USD", 44720, 47840, "$21.50$23.00 an hour"),
    ("Campaigner\n\n$78,000 - $84,000 + super, pro-rata for 0.8 FTE", None, 78000, 84000, YEAR, "USD", 78000,
     84000, "$78,000 - $84,000"),
    ("Fellows receive a $1,500 stipend for the summer.", None, 1500, 1500, None, "USD", None, None, "$1,500"),
    ("Interns get a $3,000 stipend for the 10-week internship.", None, 3000, 3000, None, "USD", None, None,
     "$3,000"),
    ("The Fellow receives an award of $25,000, paid in installments.", None, 25000, 25000, None, "USD", None,
     None, "$25,000"),
]


@pytest.mark.parametrize(("text", "hours", "low", "high", "period", "currency", "annual_min", "annual_max",
                          "evidence"), FIGURES, ids=[row[0][:40] for row in FIGURES])
def test_figures(text: str, hours: float | None, low: float | None, high: float, period: PayPeriod,
                 currency: str, annual_min: float | None, annual_max: float, evidence: str) -> None:
    """Should read the figures, period, currency and annual equivalent of stated pay."""
    salary = salary_of(text, hours)
    assert salary is not None
    assert (salary.min, salary.max, salary.period, salary.currency) == (low, high, period, currency)
    assert (salary.annual_min, salary.annual_max) == (annual_min, annual_max)
    assert salary.text == evidence


@pytest.mark.parametrize(("hours", "expected"), [(None, 40.0), (25, 25.0)])
def test_hourly_pay_records_hours_used(hours: float | None, expected: float) -> None:
    """Should record the weekly hours used to annualise hourly pay (40 when none are stated)."""
    salary = salary_of("Pay: $18/hr", hours)
    assert salary is not None
    assert salary.hours_per_week == expected


@pytest.mark.parametrize(("text", "period"), [
    ("Compensation: $52,000", YEAR),
    ("Pay: $17", HOUR),
    ("Compensation: $500", None),
    ("Salary: $45+/year", HOUR),
])
def test_period_inferred_from_size(text: str, period: PayPeriod | None) -> None:
    """Should infer a year for figures of 1000 or more, an hour under 200, and nothing in between."""
    salary = salary_of(text)
    assert salary is not None
    assert salary.period == period


OTHER_MONEY = [
    "Founded in 2016, we led the movement to pass the $15/hour minimum wage ordinance.",
    "Our members won the $15 minimum wage campaign for city contractors in 2019.",
    "- Covid-19 Work from home monthly $75 stipend",
    "Staff get a $50/month stipend for internet.",
    "Last year our coalition received an award of $50,000 from a foundation.",
    "Benefits include a 5% 401k match and a $50 monthly phone stipend.",
    "We contribute $3,000 a year to your 403(b) plan.",
    "Tuition reimbursement of up to $1,500 per year.",
    "Experience managing budgets of $1 million or more.",
    "Last year we raised $2M from small donors.",
    "Eligible for a $2,000 signing bonus.",
    "Each organizer gets a $300 travel allowance.",
    "We distributed a $50,000 grant to local groups.",
    "Members pay $10 monthly dues.",
    "Our tenants won $1.2 million in back pay and damages.",
]


@pytest.mark.parametrize("text", OTHER_MONEY)
def test_other_money_is_not_pay(text: str) -> None:
    """Should not take a stipend, wage campaign, benefit, budget or grant as the role's pay."""
    salary = salary_of(text)
    assert salary is None or not salary.has_figure


def test_a_pay_scale_reads_as_a_range_from_its_lowest_to_its_highest_step() -> None:
    """Should read a step table (three rows or more) as one range."""
    table = ("STAFF ORGANIZER\n\nSalary per the 2027 scale:\n\n  Step 1 ....... $52,100\n"
             "  Step 2 ....... $54,700\n  Step 3 ....... $57,400\n  Step 4 ....... $60,300\n\n"
             "Benefits: full.\n")
    salary = salary_of(table)
    assert salary is not None and (salary.min, salary.max) == (52100, 60300)


def test_a_period_no_field_holds_keeps_the_figure_without_one() -> None:
    """Should read "$2,400 biweekly" as the pay, citing its period words, with no period or year guessed,
    and never take a health-insurance contribution beside it for the pay."""
    salary = salary_of("Compensation: $2,400 biweekly (26 pay periods). Health insurance with $300/month "
                       "employer contribution.")
    assert salary is not None
    assert (salary.min, salary.period, salary.period_inferred, salary.annual_min) == (2400, None, False, None)
    assert salary.text == "$2,400 biweekly"
    assert "“$2,400 biweekly”" in format_pay(salary)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("The salary is 65K-72K, depending on experience.", 65000, 72000),
    ("Pay range: 46,000-58,000\nReports to the director.", 46000, 58000),
    ("Pay: 40 hours per week, evenings included.", None, None),
    ("Salary: 3 weeks of vacation and a 403(b).", None, None),
])
def test_figures_without_a_currency_sign_after_pay_words(text: str, low: float | None,
                                                          high: float | None) -> None:
    """Should read thousands written bare right after "salary is" / "Pay range:", and nothing smaller."""
    salary = salary_of(text)
    found = (salary.min, salary.max) if salary is not None else (None, None)
    assert found == (low, high)


@pytest.mark.parametrize(("text", "expected"), [
    ("Fellows are paid $4,000/month plus health insurance and a $100 monthly internet stipend.", 4000),
    ("- Salary: $55,000 - $65,000 per year\n- Cell phone stipend of $40 a month", 55000),
    ("Full-time | Remote | $45K\n\nSalary: $48K-$50K per year. Health insurance stipend.", 48000),
    ("Our members won a $15 minimum wage in 2019.\n\nPay: $21/hour", 21),
    ("Salary: $60,000 and 15 days of paid leave", 60000),
    # a posting written as one paragraph: a cue far back on the line does not make any figure pay
    ("We are hiring a bookkeeper to keep our books and pay our bills " + "and reconcile accounts " * 12
     + "and enjoy finding the missing $12; the job is 24 hours a week at $24/hour.", 24),
])
def test_role_pay_chosen_over_other_money(text: str, expected: float) -> None:
    """Should pick the role's pay when other money or a weaker figure is nearby."""
    salary = salary_of(text)
    assert salary is not None
    assert salary.min == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Compensation:\n- Competitive salary\n- Mileage reimbursement", "Competitive salary"),
    ("Salary is competitive and commensurate with experience.",
     "Salary is competitive and commensurate with experience"),
    ("- **Compensation:** DOE", "Compensation:** DOE"),
    ("Salary: TBD", "Salary: TBD"),
    ("Pay will be commensurate with experience.", "Pay will be commensurate with experience"),
    ("Compensation\n\nCompetitive hourly wage.", "Competitive hourly wage"),
])
def test_pay_in_words(text: str, expected: str) -> None:
    """Should keep pay described only in words as its exact phrase, without figures."""
    salary = salary_of(text)
    assert salary is not None
    assert (salary.text, salary.has_figure) == (expected, False)


def test_figure_preferred_over_words() -> None:
    """Should report a figure rather than words when the posting has both."""
    salary = salary_of("Competitive salary: $50,000 - $55,000, commensurate with experience.")
    assert salary is not None
    assert (salary.min, salary.max) == (50000, 55000)


@pytest.mark.parametrize("text", [
    "We offer an excellent benefits package and annual salary increases.",
    "We have trained over 2,000 volunteers since 2014.",
    "The Department of Energy (DOE) funds our research.",
    "Our organization has $5 million in assets.",
])
def test_no_pay_stated(text: str) -> None:
    """Should find no pay where none is stated."""
    assert salary_of(text) is None


def test_sample_range_between() -> None:
    """Should read the range stated in a salary sentence of a sample posting."""
    doc = sample("local-progress-organizing-director")
    salary = find_salary(doc, [], None)
    assert salary is not None
    assert (salary.min, salary.max, salary.period, salary.annual_min) == (127000, 138000, YEAR, 127000)
    assert (salary.text, salary.start_line) == ("between $127,000 and $138,000", 34)
    assert_evidence(doc, salary)


def test_sample_hourly_with_stated_hours() -> None:
    """Should annualise hourly pay with the posting's own weekly hours."""
    doc = sample("peoples-action-movement-politics-deputy-organizer")
    salary = find_salary(doc, [], 25)
    assert salary is not None
    assert (salary.min, salary.period, salary.annual_min, salary.hours_per_week) == (18, HOUR, 23400, 25)
    assert salary.text == "$18/hr"


def test_sample_stipend_and_match_only() -> None:
    """Should find no pay figure in a sample whose only money is a stipend and a retirement match."""
    salary = find_salary(sample("jobs-to-move-america-california-senior-organizer"), [], None)
    assert salary is None or not salary.has_figure


def test_sample_words_not_wage_ordinance() -> None:
    """Should report "Competitive salary" rather than a minimum-wage ordinance the organization won."""
    doc = sample("pop-pasadena-organizer")
    salary = find_salary(doc, [], None)
    assert salary is not None
    assert (salary.text, salary.has_figure, salary.start_line) == ("Competitive salary", False, 88)


@pytest.mark.parametrize(("heading", "expected"), [("Compensation", 48500), ("Our team", None)])
def test_pay_heading_from_sections(heading: str, expected: float | None) -> None:
    """Should accept a bare figure under a pay section heading, and only there."""
    doc = Document("What we offer\n$48,500, with health insurance.")
    salary = find_salary(doc, [Section(heading=heading, start_line=1, end_line=2)], None)
    assert (salary.min if salary else None) == expected


@pytest.mark.parametrize(("text", "hours", "shown", "hidden"), [
    ("Pay: $22/hour", None, "if full-time (40 hours/week; hours not stated)", ", 40 hours/week"),
    ("Pay: $18/hr", 25, "$18/hour, 25 hours/week ≈ $23,400 a year", "not stated"),
    ("Compensation: $3,500", None, "$3,500 a year (period not stated)", ""),
    ("Compensation: $52,000", None, "$52,000 a year", "not stated"),
    ("Salary: $52,000 per year", None, "$52,000 a year", "not stated"),
])
def test_pay_says_what_the_posting_leaves_out(text: str, hours: float | None, shown: str,
                                              hidden: str) -> None:
    """Should show assumed hours and an inferred period as assumptions, never as stated figures."""
    salary = salary_of(text, hours)
    assert salary is not None
    shown_text = format_pay(salary)
    assert shown in shown_text
    assert not hidden or hidden not in shown_text


# --- front-matter pay statements and currencies -------------------------------------------------------

def _front_salary(value: str, body: str = "We are hiring.") -> Salary | None:
    text = f'+++\nsalary = "{value}"\n+++\n{body}\n'
    doc = Document(text)
    salary = find_salary(doc, [], None, front=read_front_matter(text))
    if salary is not None:
        assert_evidence(doc, salary)
    return salary


@pytest.mark.parametrize(("value", "low", "high", "period"), [
    ("$68,133  -  $77,867", 68133, 77867, YEAR),
    ("$16/hr - $20/hr", 16, 20, HOUR),
    ("5,416/month", 5416, 5416, PayPeriod.MONTH),
    ("$5,232 - $8,024 / monthly", 5232, 8024, PayPeriod.MONTH),
    ("$1,153/weekly", 1153, 1153, PayPeriod.WEEK),
    ("Cleveland - $17 per hour, Philadelphia - $18 per hour", 17, 18, HOUR),
    ("$1,650 before taxes ($42,900 annualized), paid every two weeks", 42900, 42900, YEAR),
    ("Full-time: $50,000 to $80,000. Part-time: $24 to $38/hour", 50000, 80000, YEAR),
    ("$430 Weekly Stipend", 430, 430, PayPeriod.WEEK),
    ("Up to $56,160/yr", None, 56160, YEAR),
    ("60K-70K", 60000, 70000, YEAR),
    ("46,000-107,000", 46000, 107000, YEAR),
    ("$89, 000", 89000, 89000, YEAR),
    ("48.000 - 60.000", 48000, 60000, YEAR),
    ("27-30 or more with experience", 27, 30, HOUR),
    # single figures a year apart, each for some case: the range they span
    ("$98,500 (Manager); $112,000 (Director)", 98500, 112000, YEAR),
    ("$52,000 min; $61,000 mid; $70,000 max", 52000, 70000, YEAR),
    ("$40,000‐$45,000", 40000, 45000, YEAR),
    # a span of ten names no figure
    ("$44,200 to upper $40k's", 44200, 44200, YEAR),
])
def test_front_matter_pay(value: str, low: float | None, high: float, period: PayPeriod) -> None:
    """Should read the board's pay statement, every figure in it being pay."""
    salary = _front_salary(value, "Canvassers can earn a $500 bonus.")
    assert salary is not None
    assert (salary.min, salary.max, salary.period) == (low, high, period)


def test_a_bare_zero_states_no_pay() -> None:
    """Should read a front-matter "0" as saying nothing, not as unpaid."""
    assert _front_salary("0", "Volunteers help us.") is None


def test_the_body_completes_a_bare_front_matter_figure() -> None:
    """Should take the body's statement of the same figure with its period (and range) over the front
    matter's bare figure, but never trade a range for a narrower one."""
    salary = _front_salary("$5,250", "Pay: $5,250 - $6,050 per month, depending on region.")
    assert salary is not None and (salary.min, salary.max, salary.period) == (5250, 6050, PayPeriod.MONTH)
    ranged = _front_salary("$43.50- $59.94", "Pay: $43.50 - $51.94 / hour for the first year.")
    assert ranged is not None and (ranged.min, ranged.max) == (43.5, 59.94)


def test_stipend_total_has_no_period() -> None:
    """Should give a stipend stated as a total no period rather than guess one."""
    salary = _front_salary("$4,000 stipend to be divided into four $1,000 payments")
    assert salary is not None and (salary.min, salary.period) == (4000, None)


@pytest.mark.parametrize(("text", "local", "currency"), [
    ("Salary: $80,000 (pro rata)", "AUD", "AUD"),
    ("Pay: $18.50/hour", "CAD", "CAD"),
    ("Salary: £24,000 per annum", "AUD", "GBP"),
    ("Salary: US$55.8-62.4k (annually)", "CAD", "USD"),
    ("Salary: $50,000", None, "USD"),
])
def test_local_dollar(text: str, local: str | None, currency: str) -> None:
    """Should read a bare `$` as the posting's local dollar and keep a currency named outright."""
    salary = find_salary(Document(text), [], None, currency=local)
    assert salary is not None and salary.currency == currency


@pytest.mark.parametrize("text", [
    "Victories like rent control, $10/month internet for 200,000 low income families.",
])
def test_other_money_named_after_the_figure(text: str) -> None:
    """Should not take money spent on something else for the role's pay."""
    assert salary_of(text) is None


def test_kind_word_before_the_period() -> None:
    """Should read "per month" after "total (gross)" as the figure's period."""
    salary = salary_of("**Salary range:** $617 up to $803 total (gross) per month")
    assert salary is not None and (salary.min, salary.max, salary.period) == (617, 803, MONTH)


def test_unpaid_role_has_no_period() -> None:
    """Should read "$0" as unpaid: no period guessed for it, and shown as unpaid."""
    salary = salary_of("Board Member (volunteer)\n\nCompensation: $0\n")
    assert salary is not None and (salary.min, salary.max, salary.period) == (0, 0, None)
    assert format_pay(salary) == "$0 (unpaid)"
