"""Writing a command's output file: a path that cannot be written is a clear error, not a traceback."""

from pathlib import Path

from django.core.management.base import CommandError


def write_output(path: str, data: bytes, *, option: str, suffix: str) -> None:
    """Write ``data`` to ``path`` (given as ``option``), which must end with ``suffix``."""
    if not path.lower().endswith(suffix):
        raise CommandError(f"{option} 应为 {suffix} 文件")
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"无法写入 {option} 指定的 {path}：{exc.strerror}") from None
