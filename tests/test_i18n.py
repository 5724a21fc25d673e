"""Compiled translations are committed and match their sources, so a newcomer
needs no gettext tools: `make run` uses the committed .mo files."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PO_FILES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def entries(catalog):
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalog
        if not entry.obsolete and "fuzzy" not in entry.flags and (entry.msgstr or entry.msgstr_plural)
    }


class TestCompiledTranslations:
    """Every .po file has a .mo beside it with exactly the same translations."""

    def test_there_are_catalogues(self):
        assert {path.parts[-3] for path in PO_FILES} >= {"en"}

    @pytest.mark.parametrize("po_path", PO_FILES, ids=lambda path: path.parts[-3])
    def test_mo_matches_po(self, po_path):
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), "run: make messages"
        assert entries(polib.mofile(str(mo_path))) == entries(polib.pofile(str(po_path))), (
            f"{mo_path} is out of date: make messages"
        )

    def test_english_is_complete(self):
        catalog = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
        assert catalog.untranslated_entries() == []
