"""A notification names the project in the reader's language, whatever language the sender worked in."""

from django.utils import translation

from org.notification_kinds import render
from org.services.notifications import notify, project_params


def test_the_project_is_named_in_the_reader_s_language(ws):
    ws.project.name_kk = "Алғашқы жұмыс орны"
    (note,) = notify(
        recipients=[ws.member],
        actor=ws.pm,
        kind="change.submitted",
        params={"number": 1, "title": "Сроки", **project_params(ws.project)},
    )
    with translation.override("kk"):
        assert "Алғашқы жұмыс орны" in render(note)
    with translation.override("ru"):
        assert ws.project.name_ru in render(note)
