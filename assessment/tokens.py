"""Capability tokens for result pages.

A questionnaire run gets a random *submission id* (256 bits from `secrets`) when it starts. The
result's token is derived from it: HMAC-SHA256 keyed with SECRET_KEY, so the same submission
always gives the same token (a double submit finds the result it already made) and the token is
still unguessable. Only SHA-256 of the token is stored; the token itself lives in the result's
address and nowhere else.
"""

import base64
import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

SUBMISSION_BYTES = 32
# Token: URL-safe base64 of a 32-byte HMAC, without padding (43 characters).
URLSAFE_43 = r"[A-Za-z0-9_-]{43}"
_SUBMISSION_RE = re.compile(URLSAFE_43)
_SALT = "assessment.tokens.result"


def new_submission_id() -> str:
    return secrets.token_urlsafe(SUBMISSION_BYTES)


def is_submission_id(value) -> bool:
    return isinstance(value, str) and bool(_SUBMISSION_RE.fullmatch(value))


def token_for(submission_id: str) -> str:
    digest = salted_hmac(_SALT, submission_id, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
