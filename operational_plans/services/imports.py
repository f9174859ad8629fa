"""Import of an operational plan from an XLSX in the layout of Appendix 1 (issue 7 item 5): all or nothing.

The sheet is read as the form lays it out — the one `forms.appendix1.plan_workbook` writes, so an exported plan
imports back, and the files bodies keep in real life: the header row (№ | Name | Code of budget program |
Responsible executor | Term of execution | Form of completion, in Kazakh, Russian or English) anywhere in the
first 15 rows, the numbering row "1 2 3 4 5 6" under it skipped, headings in merged cells. Under the header:

- a section: "I. …" opens section I, "II. …" section II (the body's other tasks, p.4);
- a heading, its number read from the text in any of the three languages: "Стратегическое направление 1. …" /
  "1-стратегиялық бағыт …" / "Strategic direction 1"; "Макроиндикатор 1" / "1-макроиндикатор"; "Цель 1.1." /
  "1.1-мақсаты"; "Целевой индикатор 1" / "1-нысаналы индикатор". A macro-indicator or target indicator names
  its goal-map indicator by code — "(TI-1)" or "[TI-1]" — or by its exact name in Kazakh, Russian or English;
- an activity: its name, budget program code, responsible executor (a unit of the plan's body by code or name),
  term (a date — an Excel date or dd.mm.yyyy — or words: "до 20 января 2027 года" is that day, "декабрь 2026" /
  "2026 жылғы желтоқсан" the last day of that month, "IV квартал" of that quarter, "ежеквартально" / "тоқсан сайын" / "ежегодно" 31 December;
  the words are kept as the worded term) and form of completion.

An activity before any heading and any section mark belongs to section II (a list of activities without the
form's headings is the body's other tasks); one in section I before any indicator heading is refused.
The signature block under the table ends the reading.

Texts go to the fields of the file's language (`name_kk` or `name_ru` …). The import replaces the plan's headings
and activities: an activity whose name (in that language) is already in the plan keeps its identity — its other
language's texts and its links to projects and tasks — the others are added, and those not in the file removed.
Only the developer unit (or "change" on the body) imports, into a plan being drafted or adjusted, and not once
any activity has quarterly information. Any wrong row: nothing is written and every wrong row is named with its
number in the sheet and the reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from simple_history.utils import bulk_create_with_history

from kpi_maps.models import Indicator
from org.models import Unit
from pmis.core import authorization
from pmis.core.recording import save_recorded
from projects.exports import workbook_bytes

from ..choices import INDICATOR_HEADINGS, HeadingKind, PlanStatus
from ..forms import appendix1
from ..layout import ACTIVITY, SECTION, Line
from ..models import Activity, Heading, OperationalPlan, Recommendation, SubmissionRow

MAX_FILE = 10 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 15
LANGUAGES = ("kk", "ru")
REASON = "Imported from XLSX (Appendix 1)"


@dataclass
class RowError:
    row: int
    reason: str


@dataclass
class ImportResult:
    """What an import did (the counts), or — nothing written — the wrong rows."""

    headings: int = 0
    activities: int = 0
    kept: int = 0
    added: int = 0
    removed: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading the sheet -----------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _key(value) -> str:
    return _text(value).casefold().replace("ё", "е")


#: Column → the header spellings accepted (compared in lower case, without spaces round them).
HEADERS = {
    "number": ("№", "no.", "no", "№ п/п", "р/с №", "№ р/с", "номер", "number"),
    "name": ("name", "наименование", "наименование мероприятия", "атауы", "мероприятие", "іс-шара"),
    "budget": (
        "code of budget program",
        "code of busget program",
        "budget program code",
        "код бюджетной программы",
        "бюджеттік бағдарламаның коды",
    ),
    "unit": (
        "responsible executor",
        "ответственный исполнитель",
        "ответственные исполнители",
        "жауапты орындаушы",
    ),
    "term": ("term of execution", "срок исполнения", "срок", "орындалу мерзімі", "мерзімі"),
    "form": ("form of completion", "форма завершения", "аяқталу нысаны"),
}
REQUIRED_HEADERS = ("name", "unit", "term")


def _header_columns(cells) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = _key(cell)
        for key, spellings in HEADERS.items():
            if key not in found and (text in spellings or text == _key(_label_of(key))):
                found[key] = index
    return found


def _label_of(key: str) -> str:
    labels = dict(
        zip(("number", "name", "budget", "unit", "term", "form"), appendix1.column_labels(), strict=True)
    )
    return labels[key]


def _read(file) -> tuple[list[tuple[int, tuple]], dict[str, int]]:
    """The non-empty rows under the header as (row number, cells) and the header's columns; ValidationError for a
    bad file."""
    if getattr(file, "size", 0) and file.size > MAX_FILE:
        raise ValidationError(_("The file is larger than 10 MB."))
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
    too_many = ValidationError(_("The sheet has more than %(max)s rows; split the plan.") % {"max": MAX_ROWS})
    columns: dict[str, int] | None = None
    body: list[tuple[int, tuple]] = []
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        for number, cells in enumerate(
            sheet.iter_rows(values_only=True) if sheet is not None else (), start=1
        ):
            if columns is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                found = _header_columns(cells)
                if all(key in found for key in REQUIRED_HEADERS):
                    columns = found
                continue
            if not any(_text(cell) for cell in cells):
                continue
            if not body and _is_numbering(cells):
                continue
            body.append((number, cells))
            if len(body) > MAX_ROWS:
                raise too_many
    finally:
        workbook.close()
    if columns is None:
        raise ValidationError(
            _(
                "No header row of Appendix 1 was found in the first %(rows)s rows: it names the columns Name, "
                "Responsible executor and Term of execution (in Kazakh, Russian or English)."
            )
            % {"rows": HEADER_SEARCH_ROWS}
        )
    if not body:
        raise ValidationError(_("The sheet has no rows under its header."))
    return body, columns


def _is_numbering(cells) -> bool:
    """The row "1 2 3 4 5 6" under the header."""
    values = [_text(cell) for cell in cells if _text(cell)]
    return len(values) >= 3 and values == [str(n) for n in range(1, len(values) + 1)]


# --- headings --------------------------------------------------------------------------------------------------

_NUMBER = r"(\d+(?:\.\d+)*)"
_TAIL = r"\.?(?:\s*[.:–—-]\s*|\s+|$)(.*)$"
HEADING_PATTERNS = [
    (
        HeadingKind.DIRECTION,
        rf"^(?:strategic direction|стратегическое направление)(?:\s*(?:№\s*)?{_NUMBER})?{_TAIL}",
    ),
    (HeadingKind.DIRECTION, rf"^{_NUMBER}\s*-\s*стратегиялық бағыт(?:ы)?{_TAIL}"),
    (HeadingKind.MACRO, rf"^(?:macro[- ]?indicator|макро[- ]?индикатор)(?:\s*(?:№\s*)?{_NUMBER})?{_TAIL}"),
    (HeadingKind.MACRO, rf"^{_NUMBER}\s*-\s*макро[- ]?индикатор(?:ы)?{_TAIL}"),
    (HeadingKind.TARGET, rf"^(?:target indicator|целевой индикатор)(?:\s*(?:№\s*)?{_NUMBER})?{_TAIL}"),
    (HeadingKind.TARGET, rf"^{_NUMBER}\s*-\s*нысаналы индикатор(?:ы)?{_TAIL}"),
    (HeadingKind.GOAL, rf"^(?:goal|цель)(?:\s*(?:№\s*)?{_NUMBER})?{_TAIL}"),
    (HeadingKind.GOAL, rf"^{_NUMBER}\s*-\s*мақсат(?:ы)?{_TAIL}"),
]
HEADING_RES = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in HEADING_PATTERNS]
SECTION_RE = re.compile(r"^(I{1,2})(?:\s*[.)]\s*(.*)|\s+(.*)|)$")
#: The signature block under the table: the reading stops there.
SIGNATURE_RE = re.compile(
    r"^(head of the structural unit|руководитель структурного подразделения|.*құрылымдық бөлімшенің\s+басшысы)",
    re.IGNORECASE,
)
CODE_RE = re.compile(r"[\[(]\s*([A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі0-9][\w.\-/]*)\s*[\])]")


def _heading_of(text: str) -> tuple[str, str, str] | None:
    """(kind, number, the rest) of a heading's text, or None."""
    for kind, pattern in HEADING_RES:
        match = pattern.match(text)
        if match:
            return kind, match.group(1) or "", match.group(2).strip(" .:–—-")
    return None


# --- terms -----------------------------------------------------------------------------------------------------

#: The stems of the months' names (a word starting with one names the month: "декабря", "желтоқсанға"); the
#: short ones must match whole.
MONTHS = {
    1: ("январ", "january", "jan", "қаңтар"),
    2: ("феврал", "february", "feb", "ақпан"),
    3: ("март", "march", "mar", "наурыз"),
    4: ("апрел", "april", "apr", "сәуір"),
    5: ("май", "мая", "мае", "may", "мамыр"),
    6: ("июн", "june", "jun", "маусым"),
    7: ("июл", "july", "jul", "шілде"),
    8: ("август", "august", "aug", "тамыз"),
    9: ("сентябр", "september", "sep", "қыркүйек"),
    10: ("октябр", "october", "oct", "қазан"),
    11: ("ноябр", "november", "nov", "қараша"),
    12: ("декабр", "december", "dec", "желтоқсан"),
}


def _month(word: str) -> int | None:
    for month, stems in MONTHS.items():
        for stem in stems:
            if word == stem or (len(stem) >= 4 and word.startswith(stem)):
                return month
    return None


#: Recurring terms: the activity runs the whole year, so its term is 31 December.
YEARLY_WORDS = (
    "ежеквартально",
    "ежемесячно",
    "ежегодно",
    "постоянно",
    "в течение года",
    "тоқсан сайын",
    "ай сайын",
    "жыл сайын",
    "тұрақты",
    "жыл бойы",
    "quarterly",
    "monthly",
    "annually",
    "yearly",
    "permanently",
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
DATE_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s*(?:г\.?|года|ж\.?|жыл\w*))?$")
ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
QUARTER_RE = re.compile(r"(?:^|\s)(iv|iii|ii|i|[1-4])\s*-?\s*(?:квартал\w*|тоқсан\w*|quarter)", re.IGNORECASE)
YEAR_RE = re.compile(r"(20\d\d)")
DAY_MONTH_RE = re.compile(r"(?<!\d)(\d{1,2})\s+([^\W\d_]+)")


def _term(value, year: int) -> tuple[dt.date, str]:
    """(deadline, worded term) of a term cell; ValueError when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = _text(value)
    lowered = text.casefold()
    if not text:
        raise ValueError("empty")
    match = DATE_RE.match(lowered)
    if match:
        day, month, in_year = (int(part) for part in match.groups())
        return dt.date(in_year, month, day), ""
    match = ISO_RE.match(lowered)
    if match:
        return dt.date(*(int(part) for part in match.groups())), ""
    if any(word in lowered for word in YEARLY_WORDS):
        return dt.date(year, 12, 31), text
    found = YEAR_RE.search(lowered)
    in_year = int(found.group(1)) if found else year
    quarter = QUARTER_RE.search(lowered)
    if quarter:
        number = ROMAN.get(quarter.group(1).lower()) or int(quarter.group(1))
        month = number * 3
        return dt.date(in_year, month, calendar.monthrange(in_year, month)[1]), text
    for day, word in DAY_MONTH_RE.findall(lowered):
        if _month(word):
            return dt.date(in_year, _month(word), int(day)), text
    words = re.findall(r"[^\W\d_]+", lowered)
    months = [_month(word) for word in words if _month(word)]
    if months:
        month = months[-1]
        return dt.date(in_year, month, calendar.monthrange(in_year, month)[1]), text
    raise ValueError(text)


# --- the structure ---------------------------------------------------------------------------------------------


@dataclass
class _Heading:
    row: int
    kind: str
    number: str
    name: str
    parent: _Heading | None
    indicator: Indicator | None = None
    obj: Heading | None = None


@dataclass
class _Activity:
    row: int
    heading: _Heading | None
    name: str
    budget: str
    unit: Unit
    deadline: dt.date
    term: str
    form: str


class _Resolver:
    """Units of the plan's body and the indicators the actor may name, each read once."""

    def __init__(self, actor, plan: OperationalPlan):
        units = list(Unit.objects.filter(body_id=plan.body_id))
        self.units: dict[str, Unit | None] = {}
        for unit in units:
            for key in (unit.code, unit.name_kk, unit.name_ru, unit.name_en):
                if key:
                    self._add(self.units, _key(key), unit)
        # The indicators the actor may see, and those the plan's headings already name (an exported plan
        # imports back even for a developer who has no role on the goal map).
        visible = authorization.restrict(Indicator.objects.filter(is_active=True), actor, authorization.VIEW)
        used = Indicator.objects.filter(operational_plan_headings__plan=plan)
        indicators = list(
            Indicator.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=used.values("pk")))
        )
        self.codes = {_key(indicator.code): indicator for indicator in indicators}
        self.names: dict[str, Indicator | None] = {}
        for indicator in indicators:
            for name in (indicator.name_kk, indicator.name_ru, indicator.name_en):
                if name:
                    self._add(self.names, _key(name), indicator)

    @staticmethod
    def _add(index: dict, key: str, value) -> None:
        if key in index and index[key] is not None and index[key].pk != value.pk:
            index[key] = None  # two different things answer to this name: it names neither
        else:
            index[key] = value

    def unit(self, text: str) -> Unit | None:
        return self.units.get(_key(text))

    def indicator(self, rest: str) -> tuple[Indicator | None, str]:
        """The indicator a heading's text names, or (None, why)."""
        code = CODE_RE.search(rest)
        if code:
            found = self.codes.get(_key(code.group(1)))
            if found is not None:
                return found, ""
        if not rest:
            return None, _(
                "Name the indicator of the goal map: its code in brackets, e.g. [TI-1], or its name."
            )
        by_name = self.names.get(_key(rest))
        if by_name is not None:
            return by_name, ""
        return None, _(
            "No indicator of the goal map with this code or name that you may see: “%(text)s”."
        ) % {"text": rest}


def _parse(
    actor, plan: OperationalPlan, rows, columns
) -> tuple[list[_Heading], list[_Activity], list[RowError]]:
    resolver = _Resolver(actor, plan)
    headings: list[_Heading] = []
    activities: list[_Activity] = []
    errors: list[RowError] = []
    current = {"direction": None, "goal": None, "indicator": None}
    section = None  # None: no mark yet; "I" or "II"
    data_keys = [key for key in ("budget", "unit", "term", "form") if key in columns]

    def cell(cells, key):
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    for number, cells in rows:
        texts = [_text(value) for value in cells if _text(value)]
        first = texts[0] if texts else ""
        has_data = any(_text(cell(cells, key)) for key in data_keys)
        if SIGNATURE_RE.match(first):
            break
        if not has_data:
            mark = next((SECTION_RE.match(text) for text in texts[:2] if SECTION_RE.match(text)), None)
            if mark:
                section = mark.group(1).upper()
                current = {"direction": None, "goal": None, "indicator": None}
                continue
            heading = next((_heading_of(text) for text in texts[:2] if _heading_of(text)), None)
            if heading is not None:
                kind, heading_number, rest = heading
                if section == "II":
                    errors.append(RowError(number, _("Section II holds activities only, not headings.")))
                    continue
                section = "I"
                problem = _place_heading(kind, heading_number, rest, number, current, resolver, headings)
                if problem:
                    errors.append(RowError(number, problem))
                continue
        name = _text(cell(cells, "name"))
        if not name and not has_data:
            errors.append(
                RowError(
                    number,
                    _(
                        "“%(text)s” is neither a heading of the form nor an activity (it has no executor or term)."
                    )
                    % {"text": first[:80]},
                )
            )
            continue
        reasons = []
        if not name:
            reasons.append(_("The activity has no name."))
        heading = None
        if section == "I":
            heading = current["indicator"]
            if heading is None:
                reasons.append(
                    _(
                        "In section I an activity sits under a macro-indicator or target indicator; none is above it."
                    )
                )
        unit_text = _text(cell(cells, "unit"))
        unit = resolver.unit(unit_text) if unit_text else None
        if not unit_text:
            reasons.append(_("Name the responsible executor."))
        elif unit is None:
            reasons.append(
                _("No unit “%(unit)s” in %(body)s (give its code or its name).")
                % {"unit": unit_text, "body": plan.body.name}
            )
        deadline, term = None, ""
        raw_term = cell(cells, "term")
        if not _text(raw_term) and not isinstance(raw_term, dt.date):
            reasons.append(_("Give the term of execution."))
        else:
            try:
                deadline, term = _term(raw_term, plan.year)
            except ValueError:
                reasons.append(
                    _(
                        "The term “%(term)s” is not a date (dd.mm.yyyy), a month (“декабрь 2026”) or a recurrence."
                    )
                    % {"term": _text(raw_term)}
                )
        budget = _text(cell(cells, "budget"))
        if len(budget) > 20:
            reasons.append(_("The budget program code is longer than 20 characters."))
        form = _text(cell(cells, "form"))
        if len(form) > 500:
            reasons.append(_("The form of completion is longer than 500 characters."))
        if len(term) > 200:
            reasons.append(_("The worded term is longer than 200 characters."))
        if reasons:
            errors.append(RowError(number, " ".join(reasons)))
            continue
        activities.append(_Activity(number, heading, name, budget, unit, deadline, term, form))
    if not headings and not activities and not errors:
        errors.append(RowError(rows[0][0], _("No heading or activity was found under the header.")))
    return headings, activities, errors


def _place_heading(kind, number, rest, row, current, resolver, headings) -> str:
    """Add a heading under the current ones; the reason it cannot stand there, or ""."""
    if kind == HeadingKind.DIRECTION:
        parent = None
    elif kind in (HeadingKind.MACRO, HeadingKind.GOAL):
        parent = current["direction"]
        if parent is None:
            return _("A macro-indicator or goal stands under a strategic direction; none is above it.")
    else:
        parent = current["goal"]
        if parent is None:
            return _("A target indicator stands under a goal; none is above it.")
    indicator = None
    name = rest
    if kind in INDICATOR_HEADINGS:
        indicator, problem = resolver.indicator(rest)
        if indicator is None:
            return problem
        name = ""
    heading = _Heading(row, kind, number, name, parent, indicator)
    headings.append(heading)
    if kind == HeadingKind.DIRECTION:
        current.update(direction=heading, goal=None, indicator=None)
    elif kind == HeadingKind.GOAL:
        current.update(goal=heading, indicator=None)
    else:
        current["indicator"] = heading
    return ""


# --- writing ---------------------------------------------------------------------------------------------------


def _check_plan(actor, plan: OperationalPlan) -> None:
    if not authorization.can(actor, authorization.VIEW, plan):
        raise PermissionDenied
    if not authorization.can(actor, authorization.CHANGE, plan):
        raise PermissionDenied(_("Only the unit responsible for the development of the plan imports it."))
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.ADJUSTING):
        raise ValidationError(
            _("The plan is approved: start its adjustment before importing a new version of it.")
        )
    if (
        SubmissionRow.objects.filter(activity__plan=plan).exists()
        or Recommendation.objects.filter(activity__plan=plan).exists()
    ):
        raise ValidationError(
            _(
                "Units have already reported on activities of this plan: the import would replace them. Change "
                "the plan activity by activity instead."
            )
        )


@transaction.atomic
def plan_import(*, actor, plan: OperationalPlan, file, language: str) -> ImportResult:
    """Replace the headings and activities of `plan` with those of an Appendix 1 workbook in `language` (kk/ru):
    all rows or none; the result counts what was written or lists every wrong row."""
    if language not in LANGUAGES:
        raise ValidationError(
            {"language": _("Choose Kazakh or Russian: the language the file is written in.")}
        )
    plan = OperationalPlan.objects.select_for_update(of=("self",)).select_related("body").get(pk=plan.pk)
    _check_plan(actor, plan)
    rows, columns = _read(file)
    headings, activities, errors = _parse(actor, plan, rows, columns)
    if errors:
        return ImportResult(errors=errors)
    return _write(actor, plan, headings, activities, language)


def _write(actor, plan, headings: list[_Heading], activities: list[_Activity], language: str) -> ImportResult:
    existing = list(Activity.objects.filter(plan=plan).order_by("position", "id"))
    by_name: dict[str, list[Activity]] = {}
    for activity in existing:
        by_name.setdefault(_key(getattr(activity, f"name_{language}")), []).append(activity)
    kept, added = [], []
    for position, item in enumerate(activities, start=1):
        matches = by_name.get(_key(item.name))
        obj = matches.pop(0) if matches else Activity(plan=plan)
        (kept if obj.pk else added).append(obj)
        obj.position = position
        obj.heading = None  # set once the new headings exist
        obj.is_active = True
        setattr(obj, f"name_{language}", item.name)
        obj.budget_program = item.budget
        obj.unit = item.unit
        obj.deadline = item.deadline
        setattr(obj, f"term_{language}", item.term)
        setattr(obj, f"completion_form_{language}", item.form)
        obj._import_item = item
    kept_ids = {obj.pk for obj in kept}
    gone = [activity for activity in existing if activity.pk not in kept_ids]
    if gone:
        # One collector for them all: the related rows are looked up in batches, each history row says who.
        for activity in gone:
            activity._history_user = actor
            activity._change_reason = REASON
        collector = Collector(using=Activity.objects.db)
        collector.collect(gone)
        collector.delete()
    # Free the old headings of their activities (PROTECT), then replace them.
    Activity.objects.filter(plan=plan).update(heading=None)
    for heading in Heading.objects.filter(plan=plan, parent__isnull=True):
        heading._history_user = actor
        heading._change_reason = REASON
        heading.delete()
    _create_headings(actor, plan, headings, language)
    for obj in (*kept, *added):
        item = obj._import_item
        obj.heading = item.heading.obj if item.heading is not None else None
        # The reading has checked the references and the constraints (a name, the heading's kind): no query per row.
        obj.full_clean(exclude=["plan", "heading", "unit", "projects", "tasks"], validate_constraints=False)
    fields = [
        "position",
        "heading",
        "is_active",
        f"name_{language}",
        "budget_program",
        "unit",
        "deadline",
        f"term_{language}",
        f"completion_form_{language}",
    ]
    if kept:
        _update_rows(kept, fields)
        Activity.history.bulk_history_create(
            kept, update=True, default_user=actor, default_change_reason=REASON
        )
    if added:
        bulk_create_with_history(added, Activity, default_user=actor, default_change_reason=REASON)
    save_recorded(plan, actor, REASON, clean=False, update_fields=["updated_at"])
    return ImportResult(
        headings=len(headings),
        activities=len(activities),
        kept=len(kept),
        added=len(added),
        removed=len(gone),
    )


#: Rows per UPDATE of the kept activities.
UPDATE_BATCH = 1000


def _update_rows(objects: list[Activity], fields: list[str]) -> None:
    """Write `fields` of many activities with one ``UPDATE … FROM (VALUES …)`` per thousand rows: Django's
    `bulk_update` builds a CASE per field and row, and spends seconds of CPU on a plan of thousands."""
    table = connection.ops.quote_name(Activity._meta.db_table)
    model_fields = [Activity._meta.get_field(name) for name in fields]
    columns = [connection.ops.quote_name(field.column) for field in model_fields]
    types = ["bigint", *(field.db_type(connection) for field in model_fields)]
    names = ["id", *columns]
    assignments = ", ".join(f"{column} = v.{column}" for column in columns)
    row_sql = "(" + ", ".join(f"%s::{kind}" for kind in types) + ")"
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(objects), UPDATE_BATCH):
            batch = objects[start : start + UPDATE_BATCH]
            params = []
            for obj in batch:
                obj.updated_at = now
                params.append(obj.pk)
                params.extend(
                    field.get_db_prep_save(getattr(obj, field.attname), connection) for field in model_fields
                )
            cursor.execute(
                f"UPDATE {table} AS a SET {assignments}, updated_at = %s "  # noqa: S608 (names from the model)
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v({', '.join(names)}) "
                "WHERE a.id = v.id",
                [now, *params],
            )


def _create_headings(actor, plan, headings: list[_Heading], language: str) -> None:
    """Create the headings level by level (a parent needs its id before its children), one insert per level."""
    for position, item in enumerate(headings, start=1):
        item.obj = Heading(
            plan=plan,
            kind=item.kind,
            number=item.number,
            indicator=item.indicator,
            position=position,
            **{f"name_{language}": item.name},
        )
    for level in (
        (HeadingKind.DIRECTION,),
        (HeadingKind.MACRO, HeadingKind.GOAL),
        (HeadingKind.TARGET,),
    ):
        batch = []
        for item in headings:
            if item.kind in level:
                item.obj.parent = item.parent.obj if item.parent is not None else None
                item.obj.full_clean(exclude=["plan", "parent", "indicator"], validate_constraints=False)
                batch.append(item.obj)
        if batch:
            bulk_create_with_history(batch, Heading, default_user=actor, default_change_reason=REASON)


# --- the template ----------------------------------------------------------------------------------------------


def import_template(plan: OperationalPlan, language: str) -> bytes:
    """An Appendix 1 workbook to fill in, with an example of each kind of line (in `language`)."""
    from django.utils import translation

    with translation.override(language):
        example = [
            Line(
                kind=SECTION,
                number="I",
                text=_("Actions to achieve the goals and target indicators of the strategic plan"),
            ),
            Line(
                kind=HeadingKind.DIRECTION, number="1", text=_("Strategic direction 1. Name of the direction")
            ),
            Line(kind=HeadingKind.MACRO, number="1", text=_("Macro-indicator 1. [code of the indicator]")),
            Line(
                kind=ACTIVITY,
                number="1",
                text=_("Name of the activity"),
                unit=_("code or name of the unit"),
                term=f"31.12.{plan.year}",
                budget_program="001",
                completion_form=_("Information"),
            ),
            Line(kind=HeadingKind.GOAL, number="1.1", text=_("Goal 1.1. Name of the goal")),
            Line(kind=HeadingKind.TARGET, number="1", text=_("Target indicator 1. [code of the indicator]")),
            Line(
                kind=ACTIVITY,
                number="2",
                text=_("Name of the activity"),
                unit=_("code or name of the unit"),
                term=_("quarterly"),
                completion_form=_("Report"),
            ),
            Line(
                kind=SECTION,
                number="II",
                text=_("Actions to solve other tasks defined by the regulation of the state body"),
            ),
            Line(
                kind=ACTIVITY,
                number="3",
                text=_("Name of the activity"),
                unit=_("code or name of the unit"),
                term=_("December %(year)s") % {"year": plan.year},
                completion_form=_("Order"),
            ),
        ]
    workbook = appendix1.plan_workbook(plan=plan, lines=example, language=language)
    return workbook_bytes(workbook)
