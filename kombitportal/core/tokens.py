"""Secret tokens that stand for a user outside a session: a calendar feed's address, a personal
API token. The token is shown to its owner once, when it is made; the database keeps only its
SHA-256 digest (a token has 256 random bits, so a fast hash is enough: there is nothing to guess),
and a short prefix so that the owner can tell their tokens apart."""

import hashlib
import secrets
from typing import NamedTuple

PREFIX_LENGTH = 8


class NewToken(NamedTuple):
    plain: str  # for the owner, once
    digest: str  # for the database
    prefix: str  # for the owner's list of their tokens


def digest_of(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def new_token() -> NewToken:
    plain = secrets.token_urlsafe(32)
    return NewToken(plain, digest_of(plain), plain[:PREFIX_LENGTH])
