"""Passwords that are tried first: the most common ones worldwide and in Dutch, lower case.

A password is refused when it is one of these, or one of these with digits or punctuation added
at the start or end ("Wachtwoord2024!", "welkom01"). Kept short on purpose: it catches what a
guesser tries in the first few thousand attempts, the login backoff handles the rest.
"""

from __future__ import annotations

COMMON_PASSWORDS: frozenset[str] = frozenset(
    """
    123456 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210 111111 1111111111
    000000 0000000000 121212 123123 123321 654321 666666 696969 112233 159753 147258369 1q2w3e4r
    1q2w3e4r5t 1qaz2wsx qwerty qwertyuiop qwerty123 qwertz qwertzuiop azerty azertyuiop asdfgh
    asdfghjkl zxcvbnm zxcvbn qazwsx password passw0rd password1 p@ssw0rd p@ssword pass1234
    welcome welcome1 letmein iloveyou admin administrator root changeme default secret
    monkey dragon master sunshine princess football baseball superman batman starwars trustno1
    shadow michael jennifer hunter ranger buster soccer hockey killer george charlie
    computer internet whatever freedom abc123 abcdef abcdefgh abcdefghij aaaaaa
    test test123 testtest guest login user username
    wachtwoord wachtwoorden wachtwoord1 geheim geheimpje welkom welkom01 welkomwelkom hallo
    hallohallo doei dag goedemorgen inloggen gebruiker gebruikersnaam beheerder beheer
    codeur lezer onderzoek onderzoeker onderzoekers rekenkamer gemeente sociaaldomein
    duiding duidingduiding ajax feyenoord psv amsterdam rotterdam utrecht nederland holland
    oranje voetbal zomer winter lente herfst januari februari maart april mei juni juli augustus
    september oktober november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    liefde schatje lieverd prinses konijn poesje hondje vakantie fiets
    """.split()  # noqa: SIM905 - one word list, easy to extend
)
