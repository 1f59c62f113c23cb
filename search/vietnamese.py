"""Decode Vietnamese typed with the input method off: telex ("hanf ddieenj") and VNI ("ha2n d9ie65n") -> "hàn điện".

Both are deterministic keyboard conventions. A word is decoded only when it contains their keys and the result is one
well-formed Vietnamese syllable (initial consonant, vowel nucleus, final consonant, a tone that fits the final), so
"excel", "word" or "online" stay as they are. Callers keep the literal word beside the decoded one ("may", "tin").
"""

import unicodedata

VOWELS = set("aăâeêioôơuưy")
TONE_MARKS = {1: "\u0301", 2: "\u0300", 3: "\u0309", 4: "\u0303", 5: "\u0323"}  # sắc huyền hỏi ngã nặng
TELEX_TONES = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5}
CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
HORN = {"a": "ă", "o": "ơ", "u": "ư"}
INITIALS = sorted("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(), key=len, reverse=True)
FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
STOP_FINALS = {"c", "ch", "p", "t"}  # a syllable ending in these takes only sắc or nặng
NUCLEI = set(
    """a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ
    yê oai oay oeo uây uôi uya uyê uyu ươi ươu iêu yêu""".split()
)


def _is_vowel(char):
    return char in VOWELS


def _apply_horn(out):
    """A telex "w" / VNI "7": horn or breve on the vowel just typed, or on the syllable's vowels when typed later."""
    vowels = [i for i, char in enumerate(out) if _is_vowel(char)]
    if not vowels:
        out.append("ư")  # "nhw" -> "như", "tw" -> "tư"
        return
    for i in vowels:
        if out[i] == "u" and i + 1 < len(out) and out[i + 1] == "o":
            out[i], out[i + 1] = "ư", "ơ"  # "uow", "nguoiw" -> "ươ"
            return
    last = out[-1]
    if last in HORN:
        out[-1] = HORN[last]
        return
    for i in reversed(vowels):
        if out[i] in HORN:
            out[i] = HORN[out[i]]
            return


def _apply_circumflex(out):
    """VNI "6": circumflex on the vowel just typed, or on the syllable's a/e/o when typed later."""
    for i in reversed(range(len(out))):
        if out[i] in CIRCUMFLEX:
            out[i] = CIRCUMFLEX[out[i]]
            return


def _split(syllable):
    """(initial, nucleus, final) of an unaccented syllable, or None when it is not one."""
    initial = next((c for c in INITIALS if syllable.startswith(c)), "")
    rest = syllable[len(initial) :]
    if initial == "gi" and not any(_is_vowel(ch) for ch in rest):
        initial, rest = "g", syllable[1:]  # "gì", "gìn"
    if initial == "qu" and not rest:
        return None
    nucleus = ""
    while rest and _is_vowel(rest[0]):
        nucleus, rest = nucleus + rest[0], rest[1:]
    if nucleus not in NUCLEI or rest not in FINALS:
        return None
    return initial, nucleus, rest


def _tone_position(nucleus, final):
    """Index in the nucleus that carries the tone mark (the traditional placement: "hòa", "thủy", "người")."""
    if "ươ" in nucleus:
        return nucleus.index("ươ") + 1
    marked = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if marked:
        return marked[-1]
    if final or len(nucleus) == 1:
        return len(nucleus) - 1
    return 0 if len(nucleus) == 2 else 1


def _compose(out, tone):
    """The syllable with its tone, NFC; None when the letters do not make a Vietnamese syllable."""
    parts = _split("".join(out))
    if parts is None:
        return None
    initial, nucleus, final = parts
    if final in STOP_FINALS and tone not in (None, 1, 5):
        return None
    if tone:
        i = _tone_position(nucleus, final)
        nucleus = nucleus[:i] + unicodedata.normalize("NFC", nucleus[i] + TONE_MARKS[tone]) + nucleus[i + 1 :]
    return unicodedata.normalize("NFC", initial + nucleus + final)


def decode_telex(word):
    """ "hanf" -> "hàn", "ddieenj" -> "điện", "nguoiwf" -> "người"; None when the word is not telex for a syllable."""
    out, tone, seen_vowel = [], None, False
    for char in word:
        if seen_vowel and char in TELEX_TONES:
            tone = TELEX_TONES[char]
        elif seen_vowel and char == "z":
            tone = None
        elif char == "w":
            _apply_horn(out)
            seen_vowel = True
        elif char in CIRCUMFLEX and out and out[-1] == char:
            out[-1] = CIRCUMFLEX[char]
        elif char == "d" and out == ["d"]:
            out[-1] = "đ"
        else:
            out.append(char)
            seen_vowel = seen_vowel or _is_vowel(char)
    return _compose(out, tone)


def decode_vni(word):
    """ "ha2n" -> "hàn", "d9ie65n" -> "điện"; None when the word is not VNI for a syllable."""
    out, tone = [], None
    for char in word:
        if char in "12345":
            tone = int(char)
        elif char == "6":
            _apply_circumflex(out)
        elif char == "7":
            _apply_horn(out)
        elif char == "8":
            for i in reversed(range(len(out))):
                if out[i] == "a":
                    out[i] = "ă"
                    break
        elif char == "9":
            if out and out[0] == "d":
                out[0] = "đ"
        elif char == "0":
            tone = None
        else:
            out.append(char)
    return _compose(out, tone)


def decode_word(word):
    """The Vietnamese syllable a telex or VNI word stands for (lowercase, with diacritics), or None.

    Only plain ASCII words are considered, and only when decoding changes them: "tin" and "may" give None.
    """
    word = word.lower()
    if not word.isascii() or not word.isalnum() or len(word) > 12:
        return None
    has_digit = any(ch.isdigit() for ch in word)
    if has_digit:
        if word.isdigit():
            return None
        decoded = decode_vni(word)
    else:
        decoded = decode_telex(word)
    if decoded is None or decoded == word:
        return None
    return decoded
