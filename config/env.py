"""Parsing of environment variables with errors that name the variable and the fix.

Settings import these helpers; ``manage.py`` and the WSGI entry point print a
``ConfigError`` as one plain message instead of a traceback.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}
_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}


class ConfigError(ImproperlyConfigured):
    """A configuration mistake the operator can fix; printed without a traceback."""


def parse_bool(env: environ.Env, name: str, default: bool) -> bool:
    raw = env.ENVIRON.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"环境变量 {name}={raw!r} 无法识别：应为 true 或 false")


def parse_int(env: environ.Env, name: str, default: int) -> int:
    raw = env.ENVIRON.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"环境变量 {name}={raw!r} 不是整数") from None
    if value < 0:
        raise ConfigError(f"环境变量 {name}={raw!r} 不能为负数")
    return value


def load_secret_key(value: str, *, debug: bool, data_dir: Path) -> str:
    """Production must set SECRET_KEY; development keeps a generated one in the data folder."""
    if value:
        if not debug and (len(value) < 50 or value.startswith("django-insecure")):
            raise ConfigError("生产环境的 SECRET_KEY 过短或为示例值：请设置至少 50 个字符的随机字符串")
        return value
    if not debug:
        raise ConfigError(
            "生产环境（DEBUG=false）必须设置 SECRET_KEY。可用以下命令生成："
            " python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(64)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def parse_database_url(url: str, *, data_dir: Path) -> dict:
    """DATABASE_URL → Django DATABASES entry; default is a SQLite file in the data folder."""
    if not url:
        url = f"sqlite:///{data_dir / 'db.sqlite3'}"
    scheme = urlsplit(url).scheme
    if scheme not in _SCHEMES:
        raise ConfigError(
            f"DATABASE_URL 格式错误：{_redact(url)}。应形如 postgres://用户:密码@主机:5432/库名 或 sqlite:////绝对路径/db.sqlite3"
        )
    try:
        config = environ.Env.db_url_config(url)
    except (ValueError, ImproperlyConfigured, KeyError) as exc:
        raise ConfigError(f"DATABASE_URL 无法解析：{_redact(url)}（{exc}）") from None
    if config["ENGINE"].endswith("sqlite3"):
        name = config.get("NAME") or ""
        if not name or name == ":memory:":
            raise ConfigError("DATABASE_URL 的 SQLite 路径为空：应形如 sqlite:////绝对路径/db.sqlite3")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        # Web, worker and beat write at once: WAL lets readers and one writer proceed,
        # IMMEDIATE transactions plus a busy timeout queue writers instead of failing
        # with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        config["TEST"] = {"NAME": str(Path(name).with_name("test_" + Path(name).name))}
    else:
        if not config.get("NAME"):
            raise ConfigError(f"DATABASE_URL 缺少数据库名：{_redact(url)}")
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(parts.password, "***")
    return url
