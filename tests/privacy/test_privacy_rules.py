"""Our regular expressions: what they must find and what they must leave alone."""

from __future__ import annotations

import pytest

from analysis.privacy import bsn_valid, find_rule_hits


def kinds(text: str) -> set[tuple[str, str]]:
    return {(h.kind, h.text) for h in find_rule_hits(text)}


@pytest.mark.parametrize("number", ["111222333", "628194821", "252760189", "507529170"])
def test_bsn_11_proef_accepts(number):
    # 111222333: 9*1 + 8*1 + 7*1 + 6*2 + 5*2 + 4*2 + 3*3 + 2*3 - 3 = 66 = 6 * 11
    assert bsn_valid(number)
    assert ("BSN", number) in kinds(f"Het BSN is {number}.")


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345"])
def test_bsn_11_proef_refuses(number):
    # 123456789: 9 + 16 + 21 + 24 + 25 + 24 + 21 + 16 - 9 = 147, 147 % 11 = 4
    assert not bsn_valid(number)
    assert not any(k == "BSN" for k, _ in kinds(f"Het dossiernummer is {number}."))


def test_bsn_shapes_need_context_when_they_look_like_amounts():
    assert ("BSN", "1112.22.333") in kinds("BSN: 1112.22.333")
    assert ("BSN", "111 222 333") in kinds("burgerservicenummer 111 222 333")
    assert not any(k == "BSN" for k, _ in kinds("Het budget was 111 222 333 euro"))
    assert not any(k == "BSN" for k, _ in kinds("Het budget was € 111222333"))


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 1234 5678",
        "0612345678",
        "020-1234567",
        "(030) 123 45 67",
        "030 - 234 56 78",
        "+31 6 12345678",
        "+31 (0)20 1234567",
        "0031 6 12345678",
        "0545-123456",
    ],
)
def test_phone_numbers(phone):
    assert ("TELEFOON", phone) in kinds(f"Bel {phone} na vijf uur.")


@pytest.mark.parametrize(
    "text", ["op 06-12-2019 vergaderd", "bel 14 0545", "0800-1234", "in 2019-2022", "score 0,612345678"]
)
def test_not_phone_numbers(text):
    assert not any(k == "TELEFOON" for k, _ in kinds(text))


def test_email_postcode_and_addresses():
    found = kinds(
        "Mail naar j.de-vries+wmo@gemeente.example.nl of woon aan de Kloosterstraat 14b, 7261 KL Kerkdorp. "
        "Postcode en huisnummer: 3811 AB 12. Burgemeester de Withstraat 3 en Laan van Meerdervoort 112."
    )
    assert ("EMAIL", "j.de-vries+wmo@gemeente.example.nl") in found
    assert ("ADRES", "Kloosterstraat 14b") in found and ("POSTCODE", "7261 KL") in found
    assert ("POSTCODE", "3811 AB 12") in found
    assert ("ADRES", "Burgemeester de Withstraat 3") in found and ("ADRES", "Laan van Meerdervoort 112") in found


def test_postcode_look_alikes():
    assert not any(k == "POSTCODE" for k, _ in kinds("IN 2019 EN 2020 STEEG HET AANTAL"))
    assert not any(k == "POSTCODE" for k, _ in kinds("In 1234 SS was er niets"))  # SS is never used


@pytest.mark.parametrize(
    "text,date",
    [
        ("geboren op 3 mei 1947", "3 mei 1947"),
        ("geb. 12-08-1972", "12-08-1972"),
        ("geboortedatum: 05-11-1985", "05-11-1985"),
        ("Geboren op maandag 17 juni 1958", "17 juni 1958"),
        ("(geb. 23 februari 1964)", "23 februari 1964"),
    ],
)
def test_birth_dates(text, date):
    assert ("GEBOORTEDATUM", date) in kinds(text)


def test_other_dates_stay():
    assert not any(
        k == "GEBOORTEDATUM" for k, _ in kinds("Het gesprek was op 14 maart 2024; de Wmo geldt sinds 1 januari 2015.")
    )


def test_names_with_a_cue():
    found = kinds("Mevrouw Jansen en dhr. P. de Vries spraken met mijn naam is Fatima El Amrani. Ook J.H. van Oostrum.")
    assert ("PERSOON", "Jansen") in found and ("PERSOON", "P. de Vries") in found
    assert ("PERSOON", "Fatima El Amrani") in found and ("PERSOON", "J.H. van Oostrum") in found
