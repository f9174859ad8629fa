"""A person's grants on a day: which powers they have from which path prefix down, read in one SQL query.

A grant comes from
1. a role they hold (Rules p.95): the role's powers on its node and everything below it;
2. acting for an absent holder (Rules p.99, Appendix 4): a role whose holder is away that day, on a node on the
   same branch as one of the person's own roles (the same node, above it or below it), when the person's role
   is a substitute of that role — the absent role's powers on the absent holder's node;
3. acting for a vacancy: a role nobody holds over a node at or below one of the person's own scopes, which their
   role substitutes — that role's powers there. Acting for a vacancy never widens where a person reaches, only what
   they may do there; a vacancy whose role allows nothing the person's own role does not is skipped;
4. an explicit grant held in django-guardian for the person or one of their groups (an expert on one project,
   a public monitoring group on a program), on that node and below it.

A person who is away acts for no one, but keeps their own roles' powers. "What a role covers" is written as path
prefixes: a node's own path; for a state body, ``body:<id>/`` (its standard basic direction) and the paths of the
programs it owns (its project office serves them, Rules p.68); for the Office, the empty prefix — everything.

The query's cost does not depend on the depth of the hierarchy or the number of the person's roles, and its
answer is kept on the user object for the rest of the request (`grants_of`).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field

from django.db import connection

from .nodes import NODE_MODELS
from .workdays import as_day

_SQL = """
WITH live AS (
    SELECT a.id, a.person_id, a.role_id, a.scope_kind, a.body_id, a.scope_path, r.powers
    FROM org_roleassignment a JOIN org_role r ON r.id = a.role_id
    WHERE r.is_active AND a.starts_on <= %(day)s AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
),
away AS (
    SELECT DISTINCT person_id FROM org_absence WHERE starts_on <= %(day)s AND ends_on >= %(day)s
),
reach AS (
    SELECT l.id, CASE WHEN l.scope_kind = 'office' THEN '' ELSE l.scope_path END AS prefix FROM live l
    UNION ALL
    SELECT l.id, p.path FROM live l
    JOIN programs_program p ON l.scope_kind = 'body' AND p.owner_body_id = l.body_id
),
acting_base AS (
    SELECT l.* FROM live l
    WHERE l.person_id = %(user)s AND NOT EXISTS (SELECT 1 FROM away w WHERE w.person_id = %(user)s)
),
acting_absent AS (
    SELECT DISTINCT h.id FROM acting_base s
    JOIN org_substitution m ON m.substitute_id = s.role_id
    JOIN live h ON h.role_id = m.substituted_id AND h.person_id <> %(user)s
    JOIN away w ON w.person_id = h.person_id
    WHERE EXISTS (
        SELECT 1 FROM reach rs JOIN reach rh ON rh.id = h.id
        WHERE rs.id = s.id
          AND (starts_with(rh.prefix, rs.prefix) OR starts_with(rs.prefix, rh.prefix))
    )
),
acting_vacant AS (
    SELECT DISTINCT m.substituted_id AS role_id, c.prefix, c.kind, c.node_id
    FROM acting_base s
    JOIN org_substitution m ON m.substitute_id = s.role_id
    JOIN org_role rr ON rr.id = m.substituted_id AND rr.is_active AND NOT (rr.powers <@ s.powers)
    JOIN reach rs ON rs.id = s.id
    JOIN ({places}) c ON c.kind = ANY(rr.scopes) AND starts_with(c.prefix, rs.prefix)
    WHERE NOT EXISTS (
        SELECT 1 FROM live v JOIN reach rv ON rv.id = v.id
        WHERE v.role_id = m.substituted_id AND starts_with(c.prefix, rv.prefix)
    )
),
vacant_reach AS (
    SELECT role_id, prefix FROM acting_vacant
    UNION ALL
    SELECT av.role_id, p.path FROM acting_vacant av
    JOIN programs_program p ON av.kind = 'body' AND p.owner_body_id = av.node_id
)
SELECT l.powers, rc.prefix FROM live l JOIN reach rc ON rc.id = l.id WHERE l.person_id = %(user)s
UNION ALL
SELECT h.powers, rc.prefix FROM acting_absent aa JOIN live h ON h.id = aa.id JOIN reach rc ON rc.id = h.id
UNION ALL
SELECT rr.powers, vr.prefix FROM vacant_reach vr JOIN org_role rr ON rr.id = vr.role_id
{explicit}
"""

# One branch per node table and per holder (the person, or a group of theirs): guardian's object permissions.
# Any explicit permission on a node includes seeing it: a "change" grant alone must not leave the node a 404.
_EXPLICIT = """
UNION ALL
SELECT ARRAY['view', split_part(perm.codename, '_', 1)]::varchar[], node.path
FROM {grant_table} g
JOIN auth_permission perm ON perm.id = g.permission_id
JOIN django_content_type ct ON ct.id = g.content_type_id AND ct.app_label = '{app}' AND ct.model = '{model}'
JOIN {node_table} node ON g.object_pk = node.id::text
WHERE {holder}
"""

_HOLDERS = {
    "guardian_userobjectpermission": "g.user_id = %(user)s",
    "guardian_groupobjectpermission": (
        "g.group_id IN (SELECT pg.group_id FROM org_person_groups pg WHERE pg.person_id = %(user)s)"
    ),
}


@functools.cache
def _sql() -> str:
    """The whole query, built once per process from the node models."""
    from django.apps import apps

    from org.models import StateBody

    explicit = []
    for label in NODE_MODELS.values():
        model = apps.get_model(label)
        for grant_table, holder in _HOLDERS.items():
            explicit.append(
                _EXPLICIT.format(
                    grant_table=grant_table,
                    app=model._meta.app_label,
                    model=model._meta.model_name,
                    node_table=model._meta.db_table,
                    holder=holder,
                )
            )
    places = [
        f"SELECT 'body' AS kind, b.id AS node_id, 'body:' || b.id || '/' AS prefix FROM {StateBody._meta.db_table} b"
        f" WHERE b.kind <> 'office'"
    ]
    for kind, label in NODE_MODELS.items():
        table = apps.get_model(label)._meta.db_table
        places.append(f"SELECT '{kind}', n.id, n.path FROM {table} n")
    return _SQL.format(explicit="".join(explicit), places="\n    UNION ALL ".join(places))


@dataclass(frozen=True)
class Grants:
    """The powers a person has on a day, by path prefix (``""`` covers everything)."""

    day: dt.date
    generation: int = 0
    superuser: bool = False
    by_prefix: dict[str, frozenset[str]] = field(default_factory=dict)

    def prefixes(self, power: str) -> list[str]:
        """The shortest prefixes under which `power` holds: none of them lies under another."""
        found = sorted(prefix for prefix, powers in self.by_prefix.items() if power in powers)
        kept: list[str] = []
        for prefix in found:
            if not any(prefix.startswith(outer) for outer in kept):
                kept.append(prefix)
        return kept

    def allows(self, power: str, path: str) -> bool:
        """Does `power` hold on the node at `path` (a prefix of its path grants it)?"""
        return self.superuser or any(
            power in powers and path.startswith(prefix) for prefix, powers in self.by_prefix.items()
        )

    def sees_above(self, path: str) -> bool:
        """Is the node at `path` above something this person may view (so they may see it as context)?"""
        return any("view" in powers and prefix.startswith(path) for prefix, powers in self.by_prefix.items())

    def everywhere(self, power: str) -> bool:
        return self.superuser or power in self.by_prefix.get("", frozenset())


def load_grants(user, on: dt.date | dt.datetime | None = None) -> Grants:
    """Read the grants of `user` on a day in one query (none for a superuser, who may do everything)."""
    day = as_day(on)
    if user.is_superuser:
        return Grants(day=day, generation=_generation, superuser=True)
    by_prefix: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"user": user.pk, "day": day})
        for powers, prefix in cursor.fetchall():
            by_prefix.setdefault(prefix, set()).update(powers or ())
    return Grants(
        day=day,
        generation=_generation,
        by_prefix={prefix: frozenset(powers) for prefix, powers in by_prefix.items()},
    )


_CACHE_ATTRIBUTE = "_pmis_grants"
_counter = itertools.count(1)
_generation = 0


def grants_of(user, on: dt.date | dt.datetime | None = None) -> Grants:
    """The grants of `user` today (or on `on`), read once and kept on the user object for the request.

    A request builds its user afresh, so a change made by another request shows on the next one; within this
    process, every service that changes roles, absences, the substitution scheme or explicit grants calls
    `changed()`, which makes every kept answer stale.
    """
    day = as_day(on)
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached.day == day and cached.generation == _generation:
        return cached
    grants = load_grants(user, day)
    setattr(user, _CACHE_ATTRIBUTE, grants)
    return grants


def changed() -> None:
    """Make every kept answer stale: roles, absences, the substitution scheme or explicit grants changed."""
    global _generation
    _generation = next(_counter)
