"""The Kazakh and Russian catalogues are complete, and the interface really answers in them."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from programs.choices import StandardGroup

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.skipif(
    not shutil.which("msgattrib"), reason="gettext tools are installed by the Makefile's machine"
)
@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("flag", ["--untranslated", "--only-fuzzy"])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(language, flag):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgattrib", flag, "--no-wrap", str(po)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{flag} entries in {po}:\n{result.stdout[:2000]}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Мемлекеттік басқаруды жаңғырту"), ("ru", "Модернизация государственного управления")],
)
def test_the_compiled_catalogue_is_used(language, expected):
    with translation.override(language):
        assert str(StandardGroup.MODERNIZATION.label) == expected
