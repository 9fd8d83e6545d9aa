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


def _read_or_create(path: Path, make) -> str:
    """Read a generated development secret, creating it (mode 0600) exactly once even under races."""
    if path.exists():
        return path.read_text().strip()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(make())
    try:
        os.link(tmp, path)  # atomic "create if absent": a concurrent winner's file is kept
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()


def load_identity_keys(keys_value: str, hmac_value: str, *, debug: bool, data_dir: Path) -> tuple[list[str], str]:
    """Reporter-identity keys: Fernet keys (first encrypts, all decrypt) and the HMAC key.

    Production must set both; development generates them once into the data folder.
    """
    from cryptography.fernet import Fernet

    keys = [k.strip() for k in (keys_value or "").split(",") if k.strip()]
    hmac_key = (hmac_value or "").strip()
    if not debug and not keys:
        raise ConfigError(
            "生产环境（DEBUG=false）必须设置 IDENTITY_ENCRYPTION_KEYS（举报人身份加密密钥，多个用逗号分隔，"
            "第一个用于加密，全部用于解密）。可用以下命令生成："
            " python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            "。密钥丢失将无法解密已登记的身份信息，请离线备份。"
        )
    if not debug and not hmac_key:
        raise ConfigError(
            "生产环境（DEBUG=false）必须设置 IDENTITY_HMAC_KEY（识别重复举报人的指纹密钥，至少 32 个字符）。"
            "可用以下命令生成： python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            "。更换后已有指纹失效，请勿随意更改并离线备份。"
        )
    if not keys:
        keys = [_read_or_create(data_dir / "identity_encryption_key", lambda: Fernet.generate_key().decode())]
    if not hmac_key:
        hmac_key = _read_or_create(data_dir / "identity_hmac_key", lambda: secrets.token_urlsafe(48))
    for index, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ConfigError(
                f"IDENTITY_ENCRYPTION_KEYS 中第 {index} 个密钥无效：应为 Fernet.generate_key() 生成的"
                " 44 位 URL 安全 Base64 字符串"
            ) from None
    if len(hmac_key) < 32:
        raise ConfigError("IDENTITY_HMAC_KEY 过短：至少需要 32 个字符的随机字符串")
    return keys, hmac_key


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
