"""Configuration comes from the environment; mistakes get one clear message, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest

from config.env import ConfigError, load_secret_key, parse_bool, parse_database_url, parse_int

ROOT = Path(__file__).resolve().parents[2]


class TestParsing:
    def test_default_database_is_sqlite_in_data_dir_with_wal_and_busy_timeout(self, tmp_path):
        config = parse_database_url("", data_dir=tmp_path)
        assert config["ENGINE"] == "django.db.backends.sqlite3"
        assert config["NAME"] == str(tmp_path / "db.sqlite3")
        assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
        assert config["OPTIONS"]["timeout"] >= 5
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    def test_postgres_url(self, tmp_path):
        config = parse_database_url("postgres://u:p@db.example:5432/xc", data_dir=tmp_path)
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5432, "xc")

    @pytest.mark.parametrize("url", ["mysqlx://x", "not a url", "postgres://u:secret@host:5432/"])
    def test_malformed_database_url_names_the_variable_and_hides_password(self, tmp_path, url):
        with pytest.raises(ConfigError) as exc:
            parse_database_url(url, data_dir=tmp_path)
        assert "DATABASE_URL" in str(exc.value)
        assert "secret" not in str(exc.value)

    def test_production_requires_secret_key(self, tmp_path):
        with pytest.raises(ConfigError, match="SECRET_KEY"):
            load_secret_key("", debug=False, data_dir=tmp_path)
        with pytest.raises(ConfigError, match="SECRET_KEY"):
            load_secret_key("django-insecure-short", debug=False, data_dir=tmp_path)

    def test_development_key_is_generated_once_and_kept(self, tmp_path):
        first = load_secret_key("", debug=True, data_dir=tmp_path)
        assert len(first) >= 50
        assert load_secret_key("", debug=True, data_dir=tmp_path) == first
        assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"

    def test_bool_and_int(self):
        env = environ.Env()
        env.ENVIRON = {"A": "yes", "B": "maybe", "C": "12", "D": "x"}
        assert parse_bool(env, "A", False) is True
        assert parse_bool(env, "MISSING", True) is True
        with pytest.raises(ConfigError, match="B"):
            parse_bool(env, "B", False)
        assert parse_int(env, "C", 1) == 12
        with pytest.raises(ConfigError, match="D"):
            parse_int(env, "D", 1)


def _manage(*args, **env):
    """manage.py on the project's own settings (not the suite's tests.settings), as deployed."""
    dropped = ("DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "x.example"}, "SECRET_KEY"),
        # DEBUG unset is production: the same refusal, never a generated development key
        ({"ALLOWED_HOSTS": "x.example"}, "SECRET_KEY"),
        ({"DEBUG": "true", "DATABASE_URL": "oracle://nope"}, "DATABASE_URL"),
        ({"DEBUG": "perhaps"}, "DEBUG"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none"}, "无法连接数据库"),
    ],
)
def test_bad_configuration_prints_a_message_not_a_traceback(tmp_path, env, needle):
    result = _manage("migrate", "--check", DATA_DIR=str(tmp_path), **env)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_broker_is_reported(tmp_path):
    result = _manage("check_services", DATA_DIR=str(tmp_path), DEBUG="true", CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    # What a development machine gets is what scripts/run.sh asks for; a server that sets
    # nothing is in production mode (and refuses to start without its secrets, above).
    show = "from django.conf import settings; print(settings.DEBUG)"
    unset = _manage("shell", "--no-imports", "-c", show, DATA_DIR=str(tmp_path), ALLOWED_HOSTS="x.example")
    assert unset.returncode == 2 and "SECRET_KEY" in unset.stderr
    development = _manage("shell", "--no-imports", "-c", show, DATA_DIR=str(tmp_path), DEBUG="true")
    assert development.stdout.strip() == "True", development.stderr


def test_only_the_test_suite_hashes_passwords_with_md5(tmp_path, settings):
    # tests.settings swaps the hasher for speed; the project's settings keep Django's strong one.
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    show = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = _manage("shell", "--no-imports", "-c", show, DATA_DIR=str(tmp_path), DEBUG="true")
    assert result.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher", result.stderr
