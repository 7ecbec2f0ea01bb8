"""Who may change the data (keep uploads, correct figures, remove things), from the secrets and the address served.

- Sign-in configured in ``.streamlit/secrets.toml`` (Streamlit's own ``[auth]``
  section for ``st.login`` with an OIDC provider, or ``[dashboard]
  password_hash`` / ``password``): changing data needs a signed-in user;
  reading stays open unless ``[dashboard] read = "signed_in"``.
- Nothing configured, served on a loopback address (the default,
  ``.streamlit/config.toml``): the one local user may change data.
- Nothing configured, served to others: nobody may change data.

A password is stored as ``pbkdf2_sha256$iterations$salt$hash`` (make one with
``python -m dashboard.auth``) and compared in constant time.

>>> check_password("秘密", hash_password("秘密", salt=b"0123456789abcdef", iterations=1000))
True
>>> check_password("guess", hash_password("秘密", salt=b"0123456789abcdef", iterations=1000))
False
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import sys
from dataclasses import dataclass
from typing import Mapping

ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256
SECTION = "dashboard"


@dataclass(frozen=True)
class Policy:
    """``writes``: local (anyone who reaches a loopback server), sign_in, or nobody."""

    writes: str
    password: str | None = None  # the stored hash (or plain password) to check against
    oidc: bool = False  # Streamlit's st.login is configured
    read_needs_sign_in: bool = False

    @property
    def sign_in_offered(self) -> bool:
        return self.password is not None or self.oidc


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine reaches; an empty one means every interface.

    >>> [is_loopback(a) for a in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "", None, "192.168.1.5")]
    [True, True, True, False, False, False, False]
    """
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def policy(secrets: Mapping, address: str | None) -> Policy:
    """The policy for these secrets (a mapping like ``st.secrets``) and the server's address."""
    section = secrets.get(SECTION, {}) if hasattr(secrets, "get") else {}
    section = section if hasattr(section, "get") else {}
    password = section.get("password_hash") or section.get("password") or None
    oidc = bool(secrets.get("auth")) if hasattr(secrets, "get") else False
    read_closed = str(section.get("read", "open")).strip().lower() in ("signed_in", "sign_in", "closed")
    if password or oidc:
        return Policy("sign_in", str(password) if password else None, oidc, read_closed)
    return Policy("local" if is_loopback(address) else "nobody", read_needs_sign_in=False)


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join(["pbkdf2_sha256", str(iterations), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def check_password(password: str, stored: str) -> bool:
    """Does ``password`` match ``stored`` (a hash made by ``hash_password``, or a plain password)?

    Both ways compare digests with ``hmac.compare_digest``: the time taken does not say how much matched.
    """
    if not isinstance(password, str) or not stored:
        return False
    parts = str(stored).split("$")
    if len(parts) == 4 and parts[0] == "pbkdf2_sha256":
        try:
            iterations, salt, expected = int(parts[1]), base64.b64decode(parts[2]), base64.b64decode(parts[3])
        except ValueError:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
        return hmac.compare_digest(digest, expected)
    return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).digest(),
                               hashlib.sha256(str(stored).encode("utf-8")).digest())


def main(argv=None) -> int:
    """``python -m dashboard.auth [PASSWORD]``: the line to put in secrets.toml."""
    import getpass

    args = list(sys.argv[1:] if argv is None else argv)
    password = args[0] if args else getpass.getpass("password: ")
    if not password:
        print("no password given", file=sys.stderr)
        return 2
    print(f'[{SECTION}]\npassword_hash = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
