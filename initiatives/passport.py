"""The initiative passport (Rules p.24) as the six steps of p.21: what each step holds, how it is checked, and
which steps are complete.

`Initiative.passport` is a dict with one key per step (``STEPS[n].key``). A step is saved whole: `clean_step`
checks what a person typed and answers the stored content (plain JSON: strings, numbers, ISO dates, lists) and
the model fields the step also sets (step 5: planned dates and estimated cost; step 6: the proposed status). A
saved step is complete by construction; `missing_steps` names the steps still to be done before a submission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.choices import FundingSource

from .choices import OUTCOME_TARGET_KIND, Outcome

#: Upper bounds that keep a passport readable (and a JSON row small).
MAX_TEXT = 5000
MAX_ROWS = 20


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: Promise
    help: Promise


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "priority",
        gettext_lazy("Priority list"),
        gettext_lazy(
            "Where the initiative stands among the priorities and which national priority it serves."
        ),
    ),
    Step(
        2,
        "brief",
        gettext_lazy("Newsletter (brief)"),
        gettext_lazy("The problem and the proposal in a few paragraphs."),
    ),
    Step(
        3,
        "decision_tree",
        gettext_lazy("Decision tree"),
        gettext_lazy("The options considered, each with its pros and cons, and the one chosen."),
    ),
    Step(
        4,
        "problems",
        gettext_lazy("Key problems and solutions"),
        gettext_lazy("The key problems and their potential solutions."),
    ),
    Step(
        5,
        "impact",
        gettext_lazy("Impact assessment"),
        gettext_lazy("Expected effects, estimated cost, planned dates, funding sources and risks."),
    ),
    Step(
        6,
        "status",
        gettext_lazy("Proposed status"),
        gettext_lazy("Which of the five statuses of Rules p.24 is proposed, and why."),
    ),
)
STEP_NUMBERS = tuple(step.number for step in STEPS)


def step_of(number) -> Step:
    for step in STEPS:
        if step.number == number:
            return step
    raise ValidationError({"step": _("The passport has steps 1 to 6.")})


# --- small cleaners: each raises {field: message} -----------------------------------------------------------


def _text(data: dict, field: str, errors: dict, *, required: bool = False, label: str = "") -> str:
    value = data.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = _("Write text here.")
        return ""
    value = value.strip()
    if len(value) > MAX_TEXT:
        errors[field] = _("At most %(count)s characters.") % {"count": MAX_TEXT}
    elif required and not value:
        errors[field] = _("Fill in “%(field)s”.") % {"field": label or field}
    return value


def _date(data: dict, field: str, errors: dict) -> str | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        errors[field] = _("Give a date as YYYY-MM-DD.")
        return None


def _rows(data: dict, field: str, errors: dict) -> list:
    value = data.get(field) or []
    if not isinstance(value, list):
        errors[field] = _("Give a list.")
        return []
    if len(value) > MAX_ROWS:
        errors[field] = _("At most %(count)s rows.") % {"count": MAX_ROWS}
        return []
    return value


# --- the six steps ------------------------------------------------------------------------------------------


def _priority(data: dict, user, errors: dict) -> tuple[dict, dict]:
    from kpi_maps.models import Indicator
    from pmis.core import authorization

    rank = data.get("rank")
    try:
        rank = int(rank)
        if rank < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["rank"] = _("The rank is a whole number from 1 (the most important).")
        rank = None
    content = {
        "rank": rank,
        "relevance": _text(data, "relevance", errors, required=True, label=_("Relevance")),
        "national_priority": _text(data, "national_priority", errors),
    }
    ids = _rows(data, "indicators", errors)
    try:
        ids = sorted({int(value["id"] if isinstance(value, dict) else value) for value in ids})
    except (TypeError, ValueError, KeyError):
        errors["indicators"] = _("Give the ids of indicators of the goal map.")
        ids = []
    indicators = []
    if ids:
        visible = authorization.restrict(Indicator.objects.filter(pk__in=ids), user, authorization.VIEW)
        found = {indicator.pk: indicator for indicator in visible}
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            errors["indicators"] = _("There are no indicators %(ids)s that you may see.") % {
                "ids": ", ".join(unknown)
            }
        indicators = [{"id": pk, "name": found[pk].name} for pk in ids if pk in found]
    content["indicators"] = indicators
    return content, {}


def _brief(data: dict, user, errors: dict) -> tuple[dict, dict]:
    return {
        "problem": _text(data, "problem", errors, required=True, label=_("Problem")),
        "proposal": _text(data, "proposal", errors, required=True, label=_("Proposal")),
    }, {}


def _decision_tree(data: dict, user, errors: dict) -> tuple[dict, dict]:
    options = []
    for row in _rows(data, "options", errors):
        if not isinstance(row, dict):
            errors["options"] = _("Each option has a title, pros and cons.")
            break
        title = str(row.get("title") or "").strip()[:500]
        pros = str(row.get("pros") or "").strip()[:MAX_TEXT]
        cons = str(row.get("cons") or "").strip()[:MAX_TEXT]
        if title:
            options.append({"title": title, "pros": pros, "cons": cons})
        elif pros or cons:
            errors["options"] = _("Give each option a title.")
    if not options and "options" not in errors:
        errors["options"] = _("Describe at least one option considered.")
    chosen = data.get("chosen")
    try:
        chosen = int(chosen)
        if not 1 <= chosen <= len(options):
            raise ValueError
    except (TypeError, ValueError):
        if options:
            errors["chosen"] = _("Choose one of the options (1 to %(count)s).") % {"count": len(options)}
        chosen = None
    return {"options": options, "chosen": chosen}, {}


def _problems(data: dict, user, errors: dict) -> tuple[dict, dict]:
    items = []
    for row in _rows(data, "items", errors):
        if not isinstance(row, dict):
            errors["items"] = _("Each row is a problem and its solution.")
            break
        problem = str(row.get("problem") or "").strip()[:MAX_TEXT]
        solution = str(row.get("solution") or "").strip()[:MAX_TEXT]
        if problem and solution:
            items.append({"problem": problem, "solution": solution})
        elif problem or solution:
            errors["items"] = _("Give each key problem its potential solution.")
    if not items and "items" not in errors:
        errors["items"] = _("Name at least one key problem with its potential solution.")
    return {"items": items}, {}


def _impact(data: dict, user, errors: dict) -> tuple[dict, dict]:
    content = {
        "effects_indicators": _text(data, "effects_indicators", errors),
        "effects_population": _text(data, "effects_population", errors),
        "effects_economy": _text(data, "effects_economy", errors),
        "risks": _text(data, "risks", errors),
    }
    if not (content["effects_indicators"] or content["effects_population"] or content["effects_economy"]):
        errors.setdefault(
            "effects_indicators",
            _("Describe at least one expected effect (indicators, population, economy)."),
        )
    try:
        cost = Decimal(
            str(data.get("estimated_cost") if data.get("estimated_cost") not in (None, "") else "0")
        )
        if cost < 0 or not cost.is_finite() or cost >= Decimal("1e16"):
            raise InvalidOperation
        cost = cost.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors["estimated_cost"] = _("The estimated cost is a sum in tenge, not negative.")
        cost = Decimal("0")
    content["estimated_cost"] = str(cost)
    start = _date(data, "planned_start", errors)
    end = _date(data, "planned_end", errors)
    if start and end and end < start:
        errors["planned_end"] = _("The planned end must not be earlier than the planned start.")
    content["planned_start"], content["planned_end"] = start, end
    sources = _rows(data, "funding_sources", errors)
    wrong = [str(value) for value in sources if value not in FundingSource.values]
    if wrong:
        errors["funding_sources"] = _("Unknown funding sources: %(values)s.") % {"values": ", ".join(wrong)}
    content["funding_sources"] = [value for value in FundingSource.values if value in sources]
    fields = {
        "estimated_cost": cost,
        "planned_start": dt.date.fromisoformat(start) if start else None,
        "planned_end": dt.date.fromisoformat(end) if end else None,
    }
    return content, fields


def _status(data: dict, user, errors: dict) -> tuple[dict, dict]:
    from pmis.core import authorization
    from pmis.core.nodes import node_model, parse_ref

    outcome = data.get("outcome") or ""
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose one of the five statuses of Rules p.24.")
        outcome = ""
    content = {
        "outcome": outcome,
        "justification": _text(data, "justification", errors, required=True, label=_("Justification")),
        "target": None,
    }
    ref = (data.get("target") or "").strip() if isinstance(data.get("target"), str) else ""
    if ref and outcome:
        try:
            kind, pk = parse_ref(ref)
        except ValidationError as error:
            errors["target"] = error.messages[0]
            kind = pk = None
        if kind is not None:
            expected = OUTCOME_TARGET_KIND[outcome]
            node = node_model(kind).objects.filter(pk=pk).first() if kind == expected else None
            if kind != expected:
                errors["target"] = _("For this status the initiative lands in a %(kind)s.") % {
                    "kind": node_kind_label(expected)
                }
            elif node is None or not authorization.can(user, authorization.VIEW, node):
                errors["target"] = _("There is no node %(ref)s that you may see.") % {"ref": ref}
            else:
                content["target"] = {"ref": node.ref, "code": node.code, "name": node.name}
    return content, {"proposed_outcome": outcome}


CLEANERS = {
    "priority": _priority,
    "brief": _brief,
    "decision_tree": _decision_tree,
    "problems": _problems,
    "impact": _impact,
    "status": _status,
}


def node_kind_label(kind: str) -> str:
    labels = {
        "portfolio": _("portfolio"),
        "program": _("program"),
        "direction": _("basic direction"),
        "group": _("group of projects"),
        "project": _("project"),
    }
    return labels.get(kind, kind)


def clean_step(number: int, data, user) -> tuple[dict, dict]:
    """Check step `number`'s input; answer (content to store, model fields it sets) or raise ValidationError
    with a message beside each wrong field."""
    step = step_of(number)
    if not isinstance(data, dict):
        raise ValidationError(_("The step's content is a set of fields."))
    errors: dict = {}
    content, fields = CLEANERS[step.key](data, user, errors)
    if errors:
        raise ValidationError(errors)
    return content, fields


def done_steps(passport: dict) -> list[int]:
    """The numbers of the steps saved in `passport`."""
    return [step.number for step in STEPS if isinstance(passport.get(step.key), dict) and passport[step.key]]


def missing_steps(passport: dict) -> list[Step]:
    done = set(done_steps(passport))
    return [step for step in STEPS if step.number not in done]


def sections(passport: dict) -> list[dict]:
    """The six steps with their content, for the detail page and the PDF."""
    return [
        {"number": step.number, "key": step.key, "title": step.title, "content": passport.get(step.key) or {}}
        for step in STEPS
    ]


def funding_labels(values) -> list[str]:
    labels = dict(FundingSource.choices)
    return [str(labels.get(value, value)) for value in values or ()]
