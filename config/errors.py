"""Turn configuration and connection failures into one clear message and exit code 2."""

import sys

from config.env import ConfigError


def run_reporting_config_errors(func):
    from django.db.utils import OperationalError

    try:
        return func()
    except ConfigError as exc:
        _fail(f"配置错误：{exc}")
    except OperationalError as exc:
        _fail(f"无法连接数据库（请检查 DATABASE_URL 以及数据库服务是否启动）：{str(exc).strip()}")


def _fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(2)
