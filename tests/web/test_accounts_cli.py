"""Passwords and one-time links from the command line, and what the store keeps of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.errors import InputError
from ceasefire.monitor.accounts import Unauthenticated, add_account, check_password, set_password
from ceasefire.store.database import Store
from ceasefire.store.tables import accounts, login_links
from ceasefire.web.sessions import redeem_link


def test_a_password_is_kept_only_as_an_argon2id_hash_and_checked(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    with store.transaction() as conn:
        add_account(conn, "amal", "analyst")
        with pytest.raises(InputError, match="10 to 1024"):
            set_password(conn, "amal", "short")
        set_password(conn, "amal", "a long enough password")
        stored = conn.execute(select(accounts.c.password_hash)).scalar()
        assert stored.startswith("$argon2id$") and "a long enough password" not in stored
        assert check_password(conn, "amal", "a long enough password").name == "amal"
        with pytest.raises(Unauthenticated):
            check_password(conn, "amal", "a long enough passwore")
    store.close()


def test_users_password_and_link_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"CEASEFIRE_DATABASE_URL": url, "CEASEFIRE_SECRET_KEY_FILE": str(tmp_path / "secret.key")}
    runner = CliRunner()
    assert runner.invoke(app, ["users", "add", "vera", "--role", "viewer"], env=env).exit_code == 0
    done = runner.invoke(app, ["users", "password", "vera"], input="a long enough password\n", env=env)
    assert done.exit_code == 0, done.output
    link = runner.invoke(app, ["users", "link", "vera", "--base", "http://127.0.0.1:9000"], env=env)
    assert link.exit_code == 0 and link.output.startswith("http://127.0.0.1:9000/signin/link/")
    token = link.output.strip().rsplit("/", 1)[1]
    store = Store.open(url)
    with store.transaction() as conn:
        assert check_password(conn, "vera", "a long enough password").role == "viewer"
        assert conn.execute(select(login_links.c.digest)).scalar() != token  # only its hash is kept
        found = redeem_link(conn, token)
        assert found is not None and found.name == "vera"
        assert redeem_link(conn, token) is None  # once
    store.close()
