"""Writes of 巡察整改: each one a transaction that checks permission, validates and records history."""

from rectification.services.progress import evidence_add, progress_add
from rectification.services.progress_batch import progress_add_many
from rectification.services.structure import (
    aspect_create,
    aspect_update,
    measure_create,
    measure_update,
    problem_create,
    problem_update,
    round_create,
    round_update,
)
from rectification.services.workflow import (
    extension_approve,
    extension_refuse,
    extension_request,
    measure_return,
    measure_sign_off,
    measure_start,
    measure_submit,
)

__all__ = [
    "aspect_create",
    "aspect_update",
    "evidence_add",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "measure_create",
    "measure_return",
    "measure_sign_off",
    "measure_start",
    "measure_submit",
    "measure_update",
    "problem_create",
    "problem_update",
    "progress_add",
    "progress_add_many",
    "round_create",
    "round_update",
]
