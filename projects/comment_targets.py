"""What may be commented on in a project's workspace (Rules p.15, p.89), and what the comments code needs to know
about each kind of target: its model, how people refer to it ("task #12"), who watches it, where its page is.

A kind is the short name used in URLs, the API (``"task:12"``) and the Channels group of an open thread
(``comments-task-12``). Adding a commentable object is one entry in `TARGETS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


def _number(prefix: str) -> Callable[[Model], str]:
    return lambda obj: f"{prefix}{obj.number}"


def _people(*names: str) -> Callable[[Model], list]:
    """The watchers of a target: the people in these foreign keys that are set."""

    def watchers(obj) -> list:
        return [getattr(obj, name) for name in names if getattr(obj, f"{name}_id", None)]

    return watchers


@dataclass(frozen=True)
class TargetKind:
    """One kind of commentable object.

    `label` names the kind in a sentence ("task"); `ref` gives its short reference inside the project ("#12",
    "R-3"), empty where it has none; `watchers` are the people told of every new comment on it (besides whoever
    is mentioned); `pages` are the URL names (taking the project's pk) tried in turn for a link to it, the
    object's id added as a fragment, after its own page `detail` (a URL name taking the project's pk and the
    object's) when it has one.
    """

    kind: str
    model_label: str
    label: object
    related: tuple[str, ...] = ("project",)
    ref: Callable[[Model], str] = field(default=lambda obj: "")
    watchers: Callable[[Model], list] = field(default=lambda obj: [])
    pages: tuple[str, ...] = ()
    detail: str = ""

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)


TARGETS: dict[str, TargetKind] = {
    target.kind: target
    for target in (
        TargetKind("project", "projects.Project", _("project"), related=(), ref=lambda obj: obj.code),
        TargetKind(
            "task",
            "projects.Task",
            _("task"),
            related=("project", "assignee"),
            ref=_number("#"),
            watchers=_people("assignee"),
            pages=("project-board",),
        ),
        TargetKind(
            "risk",
            "projects.Risk",
            _("risk"),
            related=("project", "owner"),
            ref=_number("R-"),
            watchers=_people("owner"),
            pages=("project-risks",),
            detail="project-risk-detail",
        ),
        TargetKind(
            "change",
            "projects.ChangeRequest",
            _("change request"),
            related=("project", "requested_by"),
            ref=_number("CR-"),
            watchers=_people("requested_by"),
            pages=("project-changes",),
            detail="project-change-detail",
        ),
        TargetKind("lesson", "projects.Lesson", _("lesson"), pages=("project-lessons",)),
        TargetKind(
            "document",
            "projects.Document",
            _("document"),
            ref=lambda obj: obj.number,
            pages=("project-documents",),
            detail="project-document-detail",
        ),
        TargetKind(
            "assignment",
            "projects.ProjectAssignment",
            _("project assignment"),
            related=("project", "created_by", "addressee_head"),
            ref=_number("PA-"),
            watchers=_people("created_by", "addressee_head"),
            pages=("project-assignments",),
            detail="project-assignment",
        ),
        TargetKind("milestone", "projects.Milestone", _("milestone"), pages=("project-charter",)),
    )
}

#: The kinds in the order the API documents them.
KINDS = tuple(TARGETS)


def target_kind(kind: str) -> TargetKind | None:
    return TARGETS.get(kind)


def kind_of(obj: Model) -> str | None:
    """The kind of a model instance (or class), or None when it cannot be commented on."""
    label = (obj if isinstance(obj, type) else type(obj))._meta.label
    return next((target.kind for target in TARGETS.values() if target.model_label == label), None)


def kind_of_type(content_type_id: int) -> str | None:
    """The kind of a comment's target from its content type id (Django caches content types: no query)."""
    return kind_of(ContentType.objects.get_for_id(content_type_id).model_class())


def ref_of(obj: Model) -> str:
    """``"task:12"``: how the API names a target."""
    return f"{kind_of(obj)}:{obj.pk}"


def project_of(obj: Model):
    """The project a target belongs to (a project is its own)."""
    return obj if kind_of(obj) == "project" else obj.project


def title_of(obj: Model) -> str:
    return str(getattr(obj, "title", None) or getattr(obj, "name", None) or obj)


def short_ref(obj: Model) -> str:
    return TARGETS[kind_of(obj)].ref(obj)


def watchers_of(obj: Model) -> list:
    """Who is told of every new comment on `obj`: the task's assignee, the risk's owner, the change request's
    requester, the assignment's author and the head who appoints its executors."""
    return list(TARGETS[kind_of(obj)].watchers(obj))


def url_of(obj: Model) -> str:
    """A link to the page that shows `obj`: its own page, else its tab of the workspace with the object as the
    fragment, else the project's page (for the project itself, and when neither is installed). An assignment's
    own page is the one its addressee head and executors may open without seeing the project."""
    kind = kind_of(obj)
    project = project_of(obj)
    if TARGETS[kind].detail:
        try:
            return reverse(TARGETS[kind].detail, args=[project.pk, obj.pk])
        except NoReverseMatch:
            pass
    for name in TARGETS[kind].pages:
        try:
            return f"{reverse(name, args=[project.pk])}#{kind}-{obj.pk}"
        except NoReverseMatch:
            continue
    return project.get_absolute_url()


def thread_group(kind: str, pk: int) -> str:
    """The Channels group of an open comment thread: ``comments-task-12``."""
    return f"comments-{kind}-{pk}"
