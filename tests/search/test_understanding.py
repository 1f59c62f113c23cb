"""Query understanding: telex/VNI decoding, the vocabulary's abbreviations and synonyms, the literal reading kept."""

import pytest

from search.models import Synonym
from search.understanding import DECODED, EXPANDED, LITERAL, understand, vocabulary_changed
from search.vietnamese import decode_word


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("hanf", "hàn"),
        ("ddieenj", "điện"),
        ("tieengs", "tiếng"),
        ("nhaatj", "nhật"),
        ("sow", "sơ"),
        ("caaps", "cấp"),
        ("cuwus", "cứu"),
        ("nguoiwf", "người"),  # the horn typed at the end of the word
        ("nguwowif", "người"),
        ("tieesng", "tiếng"),  # the tone typed mid-word
        ("hoawcj", "hoặc"),
        ("thuyr", "thủy"),
        ("gif", "gì"),
        ("quas", "quá"),
        ("nhw", "như"),
        ("HANF", "hàn"),
        ("ha2n", "hàn"),  # VNI
        ("die65n", "diện"),
        ("d9ie65n", "điện"),
        ("so7", "sơ"),
        ("ca61p", "cấp"),
        ("cu71u", "cứu"),
    ],
)
def test_telex_and_vni_words_decode_to_one_syllable(typed, expected):
    assert decode_word(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["may", "tin", "han", "excel", "word", "online", "atvsld", "pccc", "cnc", "2019", "vneid", "momo", "stress", "hàn"],
)
def test_words_that_are_not_telex_or_vni_stay_as_they_are(typed):
    assert decode_word(typed) is None


def test_a_stop_final_takes_only_sac_or_nang():
    assert decode_word("catj") == "cạt"
    assert decode_word("catf") is None  # "càt" is no syllable


def test_telex_query_is_decoded_and_the_literal_words_kept(db):
    understood = understand("hanf ddieenj")
    assert understood.changed and understood.decoded
    assert understood.understood == "hàn điện"
    assert understood.decoded_text == "hàn điện"
    alternatives = [(alt.words, alt.kind) for alt in understood.slots[0].alternatives]
    assert alternatives[:2] == [(("hanf", "ddieenj"), LITERAL), (("han", "dien"), DECODED)]
    assert (("han", "ho", "quang"), EXPANDED) in alternatives  # "hàn điện" is in the vocabulary
    word = understand("hanf may").slots[0]
    assert [(alt.words, alt.kind) for alt in word.alternatives] == [(("hanf",), LITERAL), (("han",), DECODED)]


def test_words_typed_right_are_not_changed(db):
    understood = understand("Kỹ thuật may")
    assert not understood.changed
    assert understood.literal_words == ["ky", "thuat", "may"]


@pytest.mark.parametrize("typed", ["ATVSLĐ", "atvsld", "AtVsLd", "ATVSLDD", "atvslđ"])
def test_abbreviations_expand_in_any_case_with_or_without_d_stroke(db, typed):
    understood = understand(typed)
    assert understood.expanded
    assert understood.understood == "an toàn vệ sinh lao động"
    forms = {alt.words for alt in understood.slots[0].alternatives if alt.kind == EXPANDED}
    assert ("an", "toan", "ve", "sinh", "lao", "dong") in forms and ("an", "toan", "lao", "dong") in forms


def test_union_abbreviation_with_u_horn(db):
    assert understand("TƯLĐTT").understood == "thỏa ước lao động tập thể"
    assert understand("tuldtt").understood == "thỏa ước lao động tập thể"


def test_short_forms_and_synonyms_longest_phrase_first(db):
    understood = understand("so cuu tai noi lam viec")
    assert understood.slots[0].typed == "so cuu"
    assert understood.understood.startswith("sơ cứu (sơ cấp cứu)")
    assert understand("lua dao qua mang").understood == "lừa đảo qua mạng (lừa đảo trực tuyến)"
    assert understand("stress").understood == "stress (căng thẳng)"


def test_telex_then_vocabulary(db):
    assert understand("sow cuwus").understood == "sơ cứu (sơ cấp cứu)"
    assert understand("tieengs hanf").understood == "tiếng Hàn"


def test_literal_reading_changes_nothing(db):
    understood = understand("hanf ATVSLĐ", literal=True)
    assert not understood.changed
    assert understood.literal_words == ["hanf", "atvsld"]


def test_an_editors_change_is_read_on_the_next_query(db):
    assert not understand("xkld2").changed
    Synonym.objects.create(term="xuất khẩu lao động lượt hai", abbreviations="XKLD2")
    try:
        assert understand("xkld2").understood == "xuất khẩu lao động lượt hai"
    finally:
        Synonym.objects.filter(abbreviations="XKLD2").delete()
        vocabulary_changed()
    assert not understand("xkld2").changed


def test_inactive_concepts_are_not_used(db):
    Synonym.objects.filter(abbreviations__contains="PCCC").update(active=False)
    vocabulary_changed()
    try:
        assert not understand("pccc").changed
    finally:
        Synonym.objects.filter(abbreviations__contains="PCCC").update(active=True)
        vocabulary_changed()


def test_the_starting_vocabulary_covers_the_programmes(db):
    for abbreviation in ["ATVSLĐ", "PCCC", "BHXH", "BHYT", "ATGT", "ATTT", "TƯLĐTT", "CNTT", "KNS", "CĐCS"]:
        assert understand(abbreviation).expanded, abbreviation
    areas = set(Synonym.objects.values_list("learning_area", flat=True))
    assert {"politics_law", "vocational", "life_skills", "digital", "foreign_language", "general"} <= areas
