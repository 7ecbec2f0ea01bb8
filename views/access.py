"""Who is using the app, and whether they may change data: sign-in in the sidebar (password or st.login).

The rules are ``dashboard.auth.policy``'s; this module reads the secrets and
the server's address, keeps a password sign-in in the session, and gives the
pages an ``Identity`` (or None) to hand to the store, which refuses None.
"""
from __future__ import annotations

import time

import streamlit as st

from dashboard import auth
from dashboard.userstore import Identity
from views.words import tt

IDENTITY_KEY = "_identity"  # a password sign-in, for this session
FAILED_PAUSE = 1.0  # seconds after a wrong password: guessing is slow


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: nothing configured
        return {}


def current_policy() -> auth.Policy:
    return auth.policy(_secrets(), st.get_option("server.address"))


def _oidc_user() -> Identity | None:
    try:
        user = st.user
        if user.get("is_logged_in"):
            return Identity(str(user.get("email") or user.get("name") or user.get("sub") or "oidc"), "oidc")
    except Exception:  # st.login not configured or not available
        return None
    return None


def identity() -> Identity | None:
    """Who may write now: the signed-in user, the local user (loopback, nothing configured), or None."""
    policy = current_policy()
    if policy.writes == "local":
        return Identity("local", "local")
    if policy.writes == "nobody":
        return None
    signed = st.session_state.get(IDENTITY_KEY)
    if isinstance(signed, Identity):
        return signed
    return _oidc_user() if policy.oidc else None


def may_write() -> bool:
    return identity() is not None


def why_not() -> None:
    """Say why this session may not change data, and how it could."""
    policy = current_policy()
    st.info(tt("access.nobody") if policy.writes == "nobody" else tt("access.sign_in_to_change"),
            icon=":material/lock:")


def _providers(secrets: dict) -> list[str | None]:
    """st.login's providers: named sections under [auth], or the one configured directly in it."""
    section = secrets.get("auth") or {}
    named = [k for k, v in section.items() if isinstance(v, dict)]
    return named or [None]


def sign_in_panel() -> None:
    """The sidebar's sign-in (when configured) and who is signed in."""
    policy = current_policy()
    if not policy.sign_in_offered:
        if policy.writes == "nobody":
            st.sidebar.caption(tt("access.read_only"))
        return
    who = identity()
    with st.sidebar:
        if who is not None:
            st.caption(tt("access.signed_in", name=who.name))
            if st.button(tt("access.sign_out"), key="sign_out"):
                st.session_state.pop(IDENTITY_KEY, None)
                if who.method == "oidc":
                    st.logout()
                st.rerun()
            return
        with st.expander(tt("access.sign_in"), expanded=policy.read_needs_sign_in):
            if policy.password is not None:
                with st.form("sign_in_form", clear_on_submit=True):
                    name = st.text_input(tt("access.name"), key="sign_in_name", max_chars=60)
                    password = st.text_input(tt("access.password"), type="password", key="sign_in_password")
                    if st.form_submit_button(tt("access.sign_in")):
                        if auth.check_password(password, policy.password):
                            st.session_state[IDENTITY_KEY] = Identity(name.strip() or tt("access.user"), "password")
                            st.rerun()
                        time.sleep(FAILED_PAUSE)
                        st.error(tt("access.wrong_password"))
            if policy.oidc:
                for provider in _providers(_secrets()):
                    label = tt("access.sign_in_with", provider=provider) if provider else tt("access.sign_in_oidc")
                    if st.button(label, key=f"oidc_{provider or 'default'}"):
                        try:
                            st.login(provider) if provider else st.login()
                        except Exception as exc:  # e.g. Authlib missing, or [auth] incomplete
                            st.error(tt("access.oidc_failed", error=f"{type(exc).__name__}: {exc}"))


def gate() -> None:
    """With reading closed to anonymous users, nothing but the sign-in until signed in."""
    policy = current_policy()
    if policy.read_needs_sign_in and identity() is None:
        sign_in_panel()
        st.title(tt("access.title"))
        st.info(tt("access.read_closed"), icon=":material/lock:")
        st.stop()
