"""Who may do what with a state body's operational plan, its quarterly information and reports (OP Rules).

Part of the authorization module (`pmis.core.authorization` asks here for every model with `PLAN_LOOKUP`); the
rest of the PMIS never imports it. An operational plan is not a node of the hierarchy: its people are named by
the plan and by the organisation, not by project roles:

- *the body's readers*: whoever holds a power on the state body itself (a role on the body, the Office) — "view"
  there reads every plan of the body, "change" drafts and adjusts it, "approve" approves it;
- *the plan's own people*: the first head or chief of staff who approves it (`approver`, p.6), who also records
  decisions on the reports (p.17); the unit responsible for its development (`developer_unit`, p.5), who drafts
  and adjusts it; the unit responsible for monitoring (`monitoring_unit`, p.11, p.15), who returns the units'
  information for correction and consolidates and issues the reports. All of them read the whole plan;
- *a unit's people* (`units_of`): the people of a structural unit or subordinate organisation, of a unit inside
  it, and its head. A unit sees the plan of its body, its own activities and its own quarterly information, fills
  it in ("contribute"), and its head submits it, confirming its accuracy (p.14: "approve" on the information).

Membership reads the person's unit and the units they head: one query per person and request.
"""

from __future__ import annotations

from django.db.models import Q

from .grants import Grants

VIEW, ADD, CHANGE, DELETE, APPROVE, CONTRIBUTE = "view", "add", "change", "delete", "approve", "contribute"

_UNITS_ATTRIBUTE = "_pmis_op_units"


def units_of(user) -> tuple[frozenset[int], frozenset[int]]:
    """The units whose operational-plan work is `user`'s, and the state bodies they belong to.

    A person works for their own unit and every unit it sits in (a division's people report for their
    department), and for the units they head with every unit inside them. Kept on the user object.
    """
    cached = getattr(user, _UNITS_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from org.models import Unit

    mine = Q(body__units__head_id=user.pk)
    if user.unit_id is not None:
        mine |= Q(body__units__id=user.unit_id)
    rows = list(Unit.objects.filter(mine).values_list("id", "parent_id", "head_id", "body_id").distinct())
    parent = {pk: parent_id for pk, parent_id, _head, _body in rows}
    children: dict[int, list[int]] = {}
    for pk, parent_id, _head, _body in rows:
        children.setdefault(parent_id, []).append(pk)
    units: set[int] = set()
    walker = user.unit_id
    while walker is not None and walker not in units:
        units.add(walker)
        walker = parent.get(walker)
    stack = [pk for pk, _parent, head_id, _body in rows if head_id == user.pk]
    while stack:
        pk = stack.pop()
        units.add(pk)
        stack.extend(child for child in children.get(pk, ()) if child not in units)
    bodies = frozenset(body_id for pk, _parent, _head, body_id in rows if pk in units)
    result = (frozenset(units), bodies)
    setattr(user, _UNITS_ATTRIBUTE, result)
    return result


def forget_units(user) -> None:
    """Drop the kept membership (after a person's unit or a unit's head changes in this request)."""
    if hasattr(user, _UNITS_ATTRIBUTE):
        delattr(user, _UNITS_ATTRIBUTE)


def _plan_of(obj):
    lookup = type(obj).PLAN_LOOKUP
    value = obj
    for name in lookup.split("__") if lookup else ():
        value = getattr(value, name)
    return value


def _unit_id_of(obj) -> int | None:
    lookup = getattr(type(obj), "UNIT_LOOKUP", None)
    if not lookup:
        return None
    value = obj
    *path, last = lookup.split("__")
    for name in path:
        value = getattr(value, name)
    return getattr(value, f"{last}_id")


def _label(obj_or_model) -> str:
    return obj_or_model._meta.model_name


def _reads_all(user, grants: Grants, plan, units: frozenset[int]) -> bool:
    return (
        grants.allows(VIEW, plan.body_path)
        or plan.approver_id == user.pk
        or plan.developer_unit_id in units
        or plan.monitoring_unit_id in units
    )


def _edits(user, grants: Grants, plan, units: frozenset[int]) -> bool:
    return grants.allows(CHANGE, plan.body_path) or plan.developer_unit_id in units


def _monitors(user, grants: Grants, plan, units: frozenset[int]) -> bool:
    return grants.allows(CHANGE, plan.body_path) or plan.monitoring_unit_id in units


def _approves(user, grants: Grants, plan) -> bool:
    return grants.allows(APPROVE, plan.body_path) or plan.approver_id == user.pk


def plan_can(user, grants: Grants, action: str, obj) -> bool:
    """`can` for an operational plan or anything in it (the caller has handled anonymous users and superusers)."""
    plan = _plan_of(obj)
    units, bodies = units_of(user)
    name = _label(obj)
    own_unit = _unit_id_of(obj) in units
    if action == VIEW:
        if _reads_all(user, grants, plan, units):
            return True
        if name == "operationalplan" or name in ("heading", "planversion"):
            return plan.body_id in bodies
        return own_unit and name in ("activity", "submission", "submissionrow")
    if name in ("operationalplan", "heading", "activity", "planversion"):
        if action == APPROVE:
            return name == "operationalplan" and _approves(user, grants, plan)
        return action in (ADD, CHANGE, DELETE) and _edits(user, grants, plan, units)
    if name in ("submission", "submissionrow"):
        if action == CONTRIBUTE:
            return own_unit
        if action == APPROVE:
            submission = obj if name == "submission" else obj.submission
            return submission.unit.head_id == user.pk
        return action == CHANGE and _monitors(user, grants, plan, units)
    if name in ("report", "recommendation"):
        if action == APPROVE:
            return _approves(user, grants, plan)
        return action in (ADD, CHANGE, DELETE) and _monitors(user, grants, plan, units)
    if name == "reportdecision":
        return action in (ADD, CHANGE, DELETE, APPROVE) and _approves(user, grants, plan)
    return False


def _bodies_with(grants: Grants, action: str) -> list[int] | None:
    """The state bodies on which `action` holds as a whole (None: everywhere)."""
    if grants.everywhere(action):
        return None
    found = []
    for prefix in grants.prefixes(action):
        parts = prefix.rstrip("/").split("/")
        if len(parts) == 1 and parts[0].startswith("body:"):
            found.append(int(parts[0].split(":", 1)[1]))
    return found


def plan_q(user, grants: Grants, action: str, model) -> Q | None:
    """`plan_can` as one filter on the rows of `model` (None: every row)."""
    lookup = model.PLAN_LOOKUP
    p = f"{lookup}__" if lookup else ""
    units, bodies = units_of(user)
    units_list = sorted(units)
    name = model._meta.model_name
    unit_lookup = getattr(model, "UNIT_LOOKUP", None)
    nothing = Q(pk__in=[])

    def on_bodies(power: str) -> Q | None:
        found = _bodies_with(grants, power)
        return None if found is None else Q(**{f"{p}body_id__in": found})

    def reads_all() -> Q | None:
        body_q = on_bodies(VIEW)
        if body_q is None:
            return None
        return (
            body_q
            | Q(**{f"{p}approver": user})
            | Q(**{f"{p}developer_unit__in": units_list})
            | Q(**{f"{p}monitoring_unit__in": units_list})
        )

    def either(base: Q | None, extra: Q) -> Q | None:
        return None if base is None else base | extra

    if action == VIEW:
        everything = reads_all()
        if name in ("operationalplan", "heading", "planversion"):
            return either(everything, Q(**{f"{p}body_id__in": sorted(bodies)}))
        if name in ("activity", "submission", "submissionrow"):
            return either(everything, Q(**{f"{unit_lookup}__in": units_list}))
        return everything
    if name in ("operationalplan", "heading", "activity", "planversion"):
        if action == APPROVE and name == "operationalplan":
            return either(on_bodies(APPROVE), Q(approver=user))
        if action in (ADD, CHANGE, DELETE):
            return either(on_bodies(CHANGE), Q(**{f"{p}developer_unit__in": units_list}))
        return nothing
    if name in ("submission", "submissionrow"):
        if action == CONTRIBUTE:
            return Q(**{f"{unit_lookup}__in": units_list})
        if action == APPROVE:
            return Q(**{f"{unit_lookup}__head": user})
        if action == CHANGE:
            return either(on_bodies(CHANGE), Q(**{f"{p}monitoring_unit__in": units_list}))
        return nothing
    if name in ("report", "recommendation"):
        if action == APPROVE:
            return either(on_bodies(APPROVE), Q(**{f"{p}approver": user}))
        if action in (ADD, CHANGE, DELETE):
            return either(on_bodies(CHANGE), Q(**{f"{p}monitoring_unit__in": units_list}))
        return nothing
    if name == "reportdecision" and action in (ADD, CHANGE, DELETE, APPROVE):
        return either(on_bodies(APPROVE), Q(**{f"{p}approver": user}))
    return nothing


def may_draft_somewhere(user, grants: Grants) -> bool:
    """Could the person draft an operational plan for some body (a power on a body, or a unit to develop it)?"""
    found = _bodies_with(grants, CHANGE)
    return found is None or bool(found) or bool(units_of(user)[0])
