"""M-V6: the choice of a secret ballot, sealed while the vote is open.

An open vote's ballots are stored only as AES-256-GCM ciphertexts under a key derived (HKDF-SHA256)
for that vote from ``settings.DANGWEI_BALLOT_KEY`` (or, unset, from ``SECRET_KEY``) – a secret the
database never holds. Whoever reads the database, a dump or a backup can still pair a ballot row
with its "has voted" row (``xmin``, physical order), but the pair holds nothing readable. Every
sealed choice has the same length (the plaintext is padded) and a fresh random nonce, so neither
the length nor two equal ciphertexts tell choices apart. ``services.close_vote`` unseals, tallies
and rewrites the ballots in plain text in one transaction.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

FORMAT = b"\x01"
NONCE_BYTES = 12
PADDED_BYTES = 16
TAG_BYTES = 16
#: Every sealed choice is this long, whatever the choice (a check constraint holds it).
SEALED_BYTES = len(FORMAT) + NONCE_BYTES + PADDED_BYTES + TAG_BYTES
#: Separates these keys from every other use of the same secret (Django's signing, sessions).
KEY_LABEL = b"dangwei/meetings/M-V6/secret-ballot-key/v1"


class UnreadableBallot(Exception):
    """No configured ballot key opens this ballot: the key changed while the vote was open."""


def _secrets() -> list[str]:
    """The current secret first, then the earlier ones that may still open ballots."""
    if settings.DANGWEI_BALLOT_KEY:
        return [settings.DANGWEI_BALLOT_KEY, *settings.DANGWEI_BALLOT_KEY_FALLBACKS]
    return [settings.SECRET_KEY, *settings.DANGWEI_BALLOT_KEY_FALLBACKS, *settings.SECRET_KEY_FALLBACKS]


def _vote_key(secret: str, vote_id: int) -> AESGCM:
    info = b"vote:%d" % vote_id
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=KEY_LABEL, info=info).derive(secret.encode()))


def seal(vote_id: int, choice: str) -> bytes:
    """The choice encrypted for this vote: format byte, random nonce, padded ciphertext and tag."""
    plain = choice.encode("ascii")
    if not plain or len(plain) > PADDED_BYTES or b"\0" in plain:
        raise ValueError("not a ballot choice")
    nonce = os.urandom(NONCE_BYTES)
    aad = FORMAT + b"vote:%d" % vote_id
    sealed = _vote_key(_secrets()[0], vote_id).encrypt(nonce, plain.ljust(PADDED_BYTES, b"\0"), aad)
    return FORMAT + nonce + sealed


def unseal(vote_id: int, sealed: bytes) -> str:
    """The choice, if a configured key opens it (the current one or a fallback)."""
    sealed = bytes(sealed)
    if len(sealed) != SEALED_BYTES or sealed[:1] != FORMAT:
        raise UnreadableBallot
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    aad = FORMAT + b"vote:%d" % vote_id
    for secret in _secrets():
        try:
            return _vote_key(secret, vote_id).decrypt(nonce, body, aad).rstrip(b"\0").decode("ascii")
        except InvalidTag:
            continue
    raise UnreadableBallot
