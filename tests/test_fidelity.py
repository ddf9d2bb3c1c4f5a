"""Every word of each witness is in its built page, in order (see tests/fidelity/*.yml)."""

from __future__ import annotations

import pytest

import fidelity
from conftest import TEXT_IDS, text_page


def test_every_fidelity_spec_is_of_a_text():
    """A spec is optional (CONTRIBUTING.md, "Adding a text"); one without its text is stale."""
    assert {p.stem for p in fidelity.SPECS.glob("*.yml")} <= set(TEXT_IDS)


def test_without_a_spec_the_whole_witness_is_the_text(site, tmp_path, monkeypatch):
    monkeypatch.setattr(fidelity, "SPECS", tmp_path)  # no spec for any text
    assert fidelity.load_spec("osw-2013")["whole"]
    assert fidelity.check("osw-2013", text_page(site, "osw-2013")) == []
    # laruelle-2015's witness also holds page furniture and the companion article: it needs a spec.
    assert fidelity.check("laruelle-2015", text_page(site, "laruelle-2015"))


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_word_of_the_witness_is_in_the_page(site, text_id):
    problems = fidelity.check(text_id, text_page(site, text_id))
    assert not problems, f"{text_id}: {len(problems)} problem(s)\n" + "\n".join(problems)


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_omission_is_documented_in_the_front_matter(text_id):
    spec = fidelity.load_spec(text_id) or {}
    source = (fidelity.ROOT / "sources" / f"{text_id}.md").read_text(encoding="utf-8")
    assert "editorial:" in source
    for omission in spec.get("omit", []):
        assert omission.get("reason"), f"{text_id}: omission {omission['lines']} has no reason"


def test_the_check_names_a_dropped_word(site):
    html = text_page(site, "osw-2013").replace("Baikonur Cosmodrome", "Cosmodrome")
    assert fidelity.check("osw-2013", html) == ["witness line 11: missing 'Baikonur'"]


def test_the_check_names_a_changed_word(site):
    html = text_page(site, "laruelle-2015").replace("Selinger youth camp", "Seliger youth camp")
    problems = fidelity.check("laruelle-2015", html)
    assert len(problems) == 1 and "missing 'Selinger' (page has 'Seliger')" in problems[0]


def test_the_check_names_a_dropped_note_word(site):
    html = text_page(site, "ecfr-2016").replace("Sayasat", "")
    assert any(p.startswith("(notes)") and "Sayasat" in p for p in fidelity.check("ecfr-2016", html))


def test_line_break_hyphens_and_broken_urls_are_rejoined():
    spec = {"witness": "000_3e85634133aa2edd.txt", "lines": [194, 198], "notes": [[194, 198]]}
    notes = [w.text for w in fidelity.split_witness(spec).notes]
    assert "Limonova" in notes  # "Limon-" / "ova"
    # "...kazah " / "stana-250762/>": a URL broken at a space is one URL again
    assert "midrkgotovitnoturossiipredlojeniyalimonovazahvateseverakazahstana" in notes
