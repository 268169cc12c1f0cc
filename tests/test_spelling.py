from __future__ import annotations

import pytest

from desktop_app.core.spelling import fold_spelling


@pytest.mark.parametrize(
    ("uk", "us"),
    [("leukaemia", "leukemia"), ("anaemia", "anemia"), ("haematology", "hematology"),
     ("haemoglobin", "hemoglobin"), ("paediatric", "pediatric"), ("oesophagus", "esophagus"),
     ("tumour", "tumor"), ("randomised", "randomized"), ("centre", "center"),
     ("travelling", "traveling"), ("programme", "program"), ("diarrhoea", "diarrhea"),
     ("anaesthetic", "anesthetic"), ("organisation", "organization")],
)
def test_uk_and_us_spellings_fold_together(uk: str, us: str) -> None:
    assert fold_spelling(uk) == fold_spelling(us)


@pytest.mark.parametrize(("a", "b"), [("four", "for"), ("does", "des"), ("rise", "rize")])
def test_short_words_are_left_alone(a: str, b: str) -> None:
    assert fold_spelling(a) != fold_spelling(b)
