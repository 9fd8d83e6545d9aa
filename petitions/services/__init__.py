"""Writes of the petitions app: every step is one transaction, validated, permission-checked and recorded."""

from petitions.identity import Identity
from petitions.services.access import identity_request_approve, identity_request_create, identity_request_refuse
from petitions.services.clue_link import petition_lock_for_clue, petition_to_clue
from petitions.services.correction import petition_correct
from petitions.services.extensions import extension_approve, extension_refuse, extension_request
from petitions.services.registration import attachment_add, petition_register, petition_update
from petitions.services.workflow import (
    petition_accept,
    petition_conclude,
    petition_escalate,
    petition_feedback,
    petition_handle,
    petition_notify,
    petition_object,
    petition_reject,
    petition_reply,
    petition_review_answer,
    petition_review_request,
    petition_transfer,
)

__all__ = [
    "Identity",
    "attachment_add",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "identity_request_approve",
    "identity_request_create",
    "identity_request_refuse",
    "petition_accept",
    "petition_conclude",
    "petition_correct",
    "petition_escalate",
    "petition_feedback",
    "petition_handle",
    "petition_lock_for_clue",
    "petition_notify",
    "petition_object",
    "petition_reject",
    "petition_register",
    "petition_reply",
    "petition_review_answer",
    "petition_review_request",
    "petition_to_clue",
    "petition_transfer",
    "petition_update",
]
