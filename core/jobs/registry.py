"""The kinds of background job, registered by the apps that own the work."""

from collections.abc import Callable
from dataclasses import dataclass, field


class JobFailed(Exception):  # noqa: N818 - a business outcome, not a programming error
    """Raised by a job's runner: ``message`` (Chinese) is what the owner reads; ``detail`` a
    list of dicts (e.g. the row and column errors of an import) shown beneath it."""

    def __init__(self, message, detail=None):
        super().__init__(message)
        self.message = message
        self.detail = list(detail or [])


@dataclass
class JobOutcome:
    """What a runner hands back: a JSON-able ``result`` and optionally the file's bytes (or a
    readable file) with its download name; ``rows`` is what the audit log records.
    ``keep_source``: keep the uploaded file for a follow-up job (a checked import, then confirmed)."""

    result: dict = field(default_factory=dict)
    content: object = None
    file_name: str = ""
    rows: int = 0
    keep_source: bool = False


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # Chinese, for the job pages
    run: Callable  # (job, progress) -> JobOutcome; raises JobFailed
    # (user, job) -> bool: may the owner still take the file? Asked on every download.
    may_download: Callable | None = None
    audit_target: Callable = lambda job: ""  # (job) -> the security log's 对象 for the download


_kinds: dict[str, JobKind] = {}


def register_job_kind(name, *, label, run, may_download=None, audit_target=None):
    kind = JobKind(name, label, run, may_download, audit_target or (lambda job: label))
    _kinds[name] = kind
    return kind


def job_kind(name) -> JobKind | None:
    return _kinds.get(name)


def kind_label(name) -> str:
    kind = _kinds.get(name)
    return kind.label if kind else name
