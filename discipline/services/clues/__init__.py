"""Writes for 问题线索: every step is one transaction that locks the clue, checks the actor
and the stage, records a signed ``ClueStep`` (经手人员签名，全程登记备查) and saves the clue
with its history.

Stages (rules-and-formats.md §2.4):
登记 → 分办 → 拟办意见 → 集体研究 → 审批 (或退回) → 执行 → 办结 → 反馈.
A clue in execution may be proposed again (重新拟办: a 暂存待查 clue taken up after a
review, or a 谈话函询 that calls for 初步核实), which goes through 集体研究 and 审批 again.

The steps live in ``intake`` (登记、分办), ``disposal`` (拟办、集体研究、审批) and ``handling``
(执行、办结、反馈); callers import them from here.
"""

from discipline.services.clues.disposal import (
    MIN_MEETING_MEMBERS,
    clue_approve,
    clue_discuss,
    clue_propose,
    clue_return,
)
from discipline.services.clues.handling import (
    clue_conclude,
    clue_execute,
    clue_feedback,
    clue_record_inquiry_reply,
    clue_review,
)
from discipline.services.clues.intake import clue_assign, clue_from_petition, clue_register

__all__ = [
    "MIN_MEETING_MEMBERS",
    "clue_approve",
    "clue_assign",
    "clue_conclude",
    "clue_discuss",
    "clue_execute",
    "clue_feedback",
    "clue_from_petition",
    "clue_propose",
    "clue_record_inquiry_reply",
    "clue_register",
    "clue_return",
    "clue_review",
]
