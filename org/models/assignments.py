"""Who holds which project role where, and when people are away (Rules p.95–99, Appendix 1)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import AbsenceKind, BasisKind, Employment, ScopeKind
from .roles import Role
from .structure import StateBody

#: The scope kinds that name a node of the hierarchy, each with the field of RoleAssignment that holds it.
NODE_SCOPE_FIELDS = ("portfolio", "program", "direction", "group", "project")


def _scope_constraint(kind: str) -> models.CheckConstraint:
    """Exactly the field of its scope kind names an assignment's scope; the Office and bodies use `body`."""
    column = "body" if kind in (ScopeKind.OFFICE, ScopeKind.BODY) else kind
    return models.CheckConstraint(
        condition=~Q(scope_kind=kind)
        | Q(**{f"{field}__isnull": field != column for field in ("body", *NODE_SCOPE_FIELDS)}),
        name=f"org_assignment_scope_{kind}",
    )


class RoleAssignment(models.Model):
    """A person holds a project role on one node — the Office, a state body, or a node of the hierarchy — for a
    period, by a basis document and with an employment (Rules p.95, Appendix 1 columns 4–5).

    The role's powers reach the node and everything below it: `scope_path` copies the node's materialized path
    (``body:3/`` for a state body, whose role also reaches the programs it owns; ``office:1/`` for the Office,
    whose role reaches everything), so deciding and restricting are prefix matches whatever the depth. The
    period is inclusive; an open end means "until further notice".
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="assignments"
    )
    scope_kind = models.CharField(_("assigned on"), max_length=20, choices=ScopeKind.choices)
    body = models.ForeignKey(
        StateBody,
        verbose_name=_("state body or Office"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    portfolio = models.ForeignKey(
        "portfolios.Portfolio",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    direction = models.ForeignKey(
        "programs.BasicDirection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    group = models.ForeignKey(
        "programs.ProjectGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    scope_path = models.CharField(_("path"), max_length=255, editable=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Inclusive; empty: open-ended.")
    )
    basis_kind = models.CharField(_("basis"), max_length=20, choices=BasisKind.choices)
    basis_number = models.CharField(_("document number"), max_length=100, blank=True)
    basis_date = models.DateField(_("document date"), null=True, blank=True)
    employment = models.CharField(_("employment"), max_length=20, choices=Employment.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["scope_path", "role__level", "role__code", "starts_on"]
        indexes = [
            models.Index(
                fields=["scope_path"], name="org_assignment_path", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["person", "starts_on"], name="org_assignment_person"),
            models.Index(fields=["role", "scope_path"], name="org_assignment_role_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="org_assignment_dates_order",
                violation_error_message=_("The end of the assignment must not be earlier than its start."),
            ),
            # Exactly the field of its scope kind names the scope: the Office and state bodies in `body`.
            *(_scope_constraint(kind) for kind in ScopeKind.values),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.role} ({self.scope_kind})"

    @property
    def scope(self):
        """The node, state body or Office the role is held on."""
        return (
            self.body
            if self.scope_kind in (ScopeKind.OFFICE, ScopeKind.BODY)
            else getattr(self, self.scope_kind)
        )

    @property
    def scope_ref(self) -> tuple[str, int]:
        """(kind, id) of the scope: ``("project", 5)``, ``("body", 2)``, ``("office", 1)``."""
        column = "body" if self.scope_kind in (ScopeKind.OFFICE, ScopeKind.BODY) else self.scope_kind
        return self.scope_kind, getattr(self, f"{column}_id")

    def is_in_force(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class Absence(models.Model):
    """A period a person is away — leave, business trip, illness (Rules p.99).

    While it lasts, the holders of the substitute roles of Appendix 4 act for every role the person holds, with
    its powers. Both days are inclusive and read in Kazakhstan's time zone: an absence "until the 10th" ends at
    midnight between the 10th and the 11th in Astana.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), help_text=_("Inclusive."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["person", "starts_on", "ends_on"], name="org_absence_person_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="org_absence_dates_order",
                violation_error_message=_("The end of the absence must not be earlier than its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {self.starts_on}–{self.ends_on}"
