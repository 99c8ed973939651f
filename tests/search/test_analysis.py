"""Each phenomenon of Arabic, English and French text, with real words."""

import pytest

from forum.search.analysis import STEMMED, SURFACE, analyze


@pytest.mark.parametrize(
    "words",
    [
        ["المعلمين", "معلمون", "والمعلمات", "معلم", "المعلمة", "للمعلمين", "كالمعلم", "ومعلمون"],
        ["الطلاب", "فالطلاب", "وللطلاب", "بالطلاب"],
        ["الاستراتيجيات", "استراتيجيات", "الاستراتيجية", "والاستراتيجيات"],
        ["مدرسة", "بالمدرسة", "مدرسه"],
    ],
)
def test_arabic_word_forms_meet_on_one_stem(words):
    assert len({analyze(w)[0] for w in words}) == 1


@pytest.mark.parametrize(
    "written, plain",
    [
        ("مُعَلِّمٌ", "معلم"),  # diacritics
        ("مـــعـلـم", "معلم"),  # tatweel
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمن", "امن"),
        ("ٱستماع", "استماع"),  # alef forms
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),  # hamza seats
        ("٢٠٢٤", "2024"),
        ("۲۰۲۴", "2024"),  # Eastern Arabic and Persian digits
    ],
)
def test_arabic_spellings_are_unified_before_anything_else(written, plain):
    assert analyze(written, SURFACE) == [plain]


def test_diacritics_do_not_split_words_and_the_span_covers_the_word_as_written():
    text = "قال المُعَلِّمُ"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in SURFACE(text, chars=True)]
    assert tokens == [("قال", "قال"), ("المعلم", "المُعَلِّمُ")]


@pytest.mark.parametrize(
    "words",
    [
        ["teachers", "teacher"],
        ["learning", "learned", "learns"],
        ["assessment", "assessments"],
        ["écoles", "école", "ecoles"],
        ["évaluation", "évaluations", "evaluation"],
    ],
)
def test_english_and_french_words_are_stemmed_and_accents_folded(words):
    assert len({analyze(w)[0] for w in words}) == 1


def test_mixed_language_text_is_analysed_word_by_word():
    assert analyze("جربنا peer assessment مع élèves الصف ٨") == ["جرب", "peer", "assess", "مع", "elev", "صف", "8"]


def test_the_same_analysis_runs_on_queries_and_documents():
    assert STEMMED is not SURFACE
    assert analyze("والمعلمات") == analyze("المعلمين")
