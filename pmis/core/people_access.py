"""Powers a person has over an object because the object names them, without any role on its node.

Part of the authorization module (`pmis.core.authorization` asks here for every model that declares `PEOPLE`);
the rest of the PMIS never imports it. A model declares, per action, the lookups from a row to the people it
names, for instance::

    PEOPLE = {"view": ("proposer",), "change": ("proposer",)}

so an initiative's proposer sees and edits it wherever it is addressed (Rules p.22), and an instruction's
executors see it and report on it (p.92) — the services still decide which changes its state allows. A lookup
may cross a many-to-many relation (``"co_executors"``). `ROLE_PEOPLE` names, per action, a lookup to a path and
the role codes whose live holders at exactly that path have the action: the secretary of an expert council
keeps its discussions (p.75) with no other power on the program.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q


def declares(model) -> bool:
    return isinstance(model, type) and bool(
        getattr(model, "PEOPLE", None) or getattr(model, "ROLE_PEOPLE", None)
    )


def _values(obj, lookup: str) -> set[int]:
    """The ids of the people `lookup` names on `obj` (one query for a many-to-many hop)."""
    head, _sep, rest = lookup.partition("__")
    value = getattr(obj, head, None) if obj is not None else None
    if value is None:
        return set()
    if hasattr(value, "all") and hasattr(value, "model"):  # a related manager
        if not rest:
            return set(value.values_list("pk", flat=True))
        return set(value.values_list(rest, flat=True))
    if not rest:
        return {value.pk}
    return _values(value, rest)


def _role_holders_at(user, path: str, codes: tuple[str, ...], day) -> bool:
    from org.models import RoleAssignment

    return (
        RoleAssignment.objects.filter(person=user, role__code__in=codes, scope_path=path, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .exists()
    )


def people_can(user, action: str, obj, day) -> bool:
    """Does `obj` name `user` for `action`?"""
    model = type(obj)
    # An unsaved object names nobody yet, but its place already tells whose role reaches it (may the secretary
    # record a discussion of this council?).
    for lookup in getattr(model, "PEOPLE", {}).get(action, ()) if obj.pk is not None else ():
        if user.pk in _values(obj, lookup):
            return True
    rule = getattr(model, "ROLE_PEOPLE", {}).get(action)
    if rule:
        path_lookup, codes = rule
        path = obj
        for name in path_lookup.split("__"):
            path = getattr(path, name)
        return _role_holders_at(user, path, codes, day)
    return False


def people_q(user, action: str, model, day) -> Q | None:
    """`people_can` as one filter on the rows; None when the model names nobody for `action`."""
    # A subquery per lookup: a many-to-many hop must not repeat the rows.
    parts = [
        Q(pk__in=model._default_manager.filter(**{lookup: user}).values("pk"))
        for lookup in getattr(model, "PEOPLE", {}).get(action, ())
    ]
    rule = getattr(model, "ROLE_PEOPLE", {}).get(action)
    if rule:
        from org.models import RoleAssignment

        path_lookup, codes = rule
        paths = (
            RoleAssignment.objects.filter(person=user, role__code__in=codes, starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .values("scope_path")
        )
        parts.append(Q(**{f"{path_lookup}__in": paths}))
    return reduce(or_, parts) if parts else None
