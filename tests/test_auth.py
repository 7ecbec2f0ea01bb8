"""Who may change data (dashboard.auth): the policy from secrets and address, and the password check."""
import pytest

from dashboard import auth

HASH = auth.hash_password("正确的密码", salt=b"0123456789abcdef", iterations=2000)

# (provenance) secrets, address -> writes, sign-in offered, reading closed
POLICIES = [
    ("a fresh checkout on this machine", {}, "127.0.0.1", ("local", False, False)),
    ("localhost by name", {}, "localhost", ("local", False, False)),
    ("IPv6 loopback", {}, "::1", ("local", False, False)),
    ("served to everyone, nothing configured", {}, "0.0.0.0", ("nobody", False, False)),
    ("no address: every interface", {}, "", ("nobody", False, False)),
    ("a LAN address, nothing configured", {}, "192.168.1.5", ("nobody", False, False)),
    ("a password hash", {"dashboard": {"password_hash": HASH}}, "0.0.0.0", ("sign_in", True, False)),
    ("a plain password", {"dashboard": {"password": "x"}}, "127.0.0.1", ("sign_in", True, False)),
    ("st.login configured", {"auth": {"client_id": "c", "redirect_uri": "u"}}, "0.0.0.0", ("sign_in", True, False)),
    ("reading closed too", {"dashboard": {"password_hash": HASH, "read": "signed_in"}}, "0.0.0.0",
     ("sign_in", True, True)),
    ("read: open", {"dashboard": {"password_hash": HASH, "read": "open"}}, "0.0.0.0", ("sign_in", True, False)),
    ("an empty section", {"dashboard": {}}, "0.0.0.0", ("nobody", False, False)),
    ("a section that is not a table", {"dashboard": "oops"}, "127.0.0.1", ("local", False, False)),
]


@pytest.mark.parametrize("what, secrets, address, expected", POLICIES, ids=[p[0] for p in POLICIES])
def test_policy(what, secrets, address, expected):
    p = auth.policy(secrets, address)
    assert (p.writes, p.sign_in_offered, p.read_needs_sign_in) == expected


@pytest.mark.parametrize("password, stored, ok", [
    ("正确的密码", HASH, True),
    ("正确的密码 ", HASH, False),
    ("", HASH, False),
    ("wrong", HASH, False),
    ("plain", "plain", True),
    ("plai", "plain", False),
    ("x", "pbkdf2_sha256$notanumber$a$b", False),
    ("x", "", False),
    (None, HASH, False),
])
def test_check_password(password, stored, ok):
    assert auth.check_password(password, stored) is ok


def test_hash_is_salted(capsys):
    assert auth.hash_password("a") != auth.hash_password("a")
    assert auth.main(["秘密"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    stored = line.split('"')[1]
    assert line.startswith("password_hash = ") and auth.check_password("秘密", stored)
