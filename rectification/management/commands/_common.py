"""Shared by the ledger commands: resolving --user and --round without tracebacks."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_option(username):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在或已停用")
    return user


def date_option(text):
    """argparse type for YYYY-MM-DD dates (argparse reports a bad value without a traceback)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None
