"""Secrets of the web page: units' link tokens, the county office's password, CSRF tokens.

Every secret is compared with ``hmac.compare_digest`` (constant time); the password is stored only as
a salted scrypt hash; tokens come from ``secrets``. A unit's token is looked up by its SHA-256, so the
database index never compares the secret itself byte by byte.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from pipeline.web.storage import Store, Unit, token_digest

PASSWORD_KEY = "county_password"
SECRET_KEY = "session_secret"
SETUP_KEY = "setup_code"
MIN_PASSWORD = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: a link cannot be guessed


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hash_password(password, bytes.fromhex(salt)).rsplit("$", 1)[1]
    return hmac.compare_digest(candidate, digest)


def unit_for_token(store: Store, token: str) -> Unit | None:
    """The unit whose link carries ``token``, or None; the secret itself compared in constant time."""
    unit = store.unit_by_token_hash(token_digest(token))
    if unit is None or not hmac.compare_digest(unit.token.encode(), token.encode()):
        return None
    return unit


def _kept(store: Store, key: str, make: Callable[[], str]) -> str:
    """The secret kept under ``key`` in the data folder, made the first time it is asked for."""
    value = store.setting(key)
    if value is None:
        value = make()
        store.set_setting(key, value)
    return value


def session_secret(store: Store) -> str:
    """The key that signs the session cookies, made at the first start and kept in the data folder."""
    return _kept(store, SECRET_KEY, lambda: secrets.token_hex(32))


def setup_code(store: Store) -> str | None:
    """Until the county office has set its password: the one-time code in the link ``serve`` prints."""
    if store.setting(PASSWORD_KEY) is not None:
        return None
    return _kept(store, SETUP_KEY, lambda: secrets.token_urlsafe(16))


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def reset_password(store: Store) -> str:
    """Forget the county office's password and sign every browser out; the new one-time setup code.
    Only at the server (``serve --reset-password``): whoever holds the machine may, no one else."""
    from pipeline.web import sessions

    store.delete_setting(PASSWORD_KEY)
    store.delete_setting(SETUP_KEY)
    sessions.end_all(store)
    code = setup_code(store)
    assert code is not None
    return code
