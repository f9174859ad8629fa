"""The people who work in the PMIS."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .structure import Unit


class Person(AbstractUser):
    """A person who works in the PMIS: a civil servant, an expert, a member of a public monitoring group.

    The name is kept as Kazakh documents write it: surname, first name, patronymic. `unit` places the person in
    the line structure; project roles (matrix structure, Rules p.42) come from role assignments.
    """

    last_name = models.CharField(_("surname"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="ru",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]

    @property
    def full_name(self) -> str:
        return (
            " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)
            or self.username
        )

    @property
    def short_name(self) -> str:
        """Surname with initials, as protocols write it: "Ахметов А.Б."."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip() or self.username

    def __str__(self) -> str:
        return self.full_name
