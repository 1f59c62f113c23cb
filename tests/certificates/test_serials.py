import math

import pytest

from certificates.serials import (
    ALPHABET,
    LENGTH,
    RANDOM_LENGTH,
    InvalidSerial,
    generate_serial,
    is_valid_serial,
    normalize_serial,
)


def test_serial_length_alphabet_and_entropy():
    serial = generate_serial()
    compact = serial.replace("-", "")
    assert len(compact) == LENGTH == 15
    assert serial.count("-") == 2 and all(len(group) == 5 for group in serial.split("-"))
    assert set(compact) <= set(ALPHABET)
    assert RANDOM_LENGTH * math.log2(len(ALPHABET)) >= 60
    assert is_valid_serial(serial)


def test_alphabet_has_no_ambiguous_characters():
    assert not set("01OILUV") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 29


def test_serials_are_random():
    serials = {generate_serial() for _ in range(2000)}
    assert len(serials) == 2000


def test_check_character_detects_every_single_character_typo():
    for _round in range(20):
        compact = generate_serial().replace("-", "")
        for position in range(LENGTH):
            for symbol in ALPHABET + "01OILUV":
                if symbol == compact[position]:
                    continue
                typo = compact[:position] + symbol + compact[position + 1 :]
                assert not is_valid_serial(typo), (compact, typo)
            # a dropped or doubled character changes the length
            assert not is_valid_serial(compact[:position] + compact[position + 1 :])
            assert not is_valid_serial(compact[:position] + compact[position] + compact[position:])
        for position in range(LENGTH - 1):
            if compact[position] != compact[position + 1]:
                swapped = compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
                assert not is_valid_serial(swapped)


def test_normalise_forgives_case_spaces_and_hyphens():
    serial = generate_serial()
    assert normalize_serial(serial.lower().replace("-", " ")) == serial
    assert normalize_serial(" " + serial.replace("-", "") + "\n") == serial


@pytest.mark.parametrize("text", ["", "ABC", "0" * 15, None, 12345, "K7Q2M-XW9PD-HC4TN-22222"])
def test_malformed_serials_are_rejected(text):
    with pytest.raises(InvalidSerial):
        normalize_serial(text)
