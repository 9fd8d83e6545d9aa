"""处理结果 and the 四种形态 (four forms of supervision) — the vocabulary petitions and clues share.

Outcomes are counted per person (一案多人); each outcome kind belongs to one form.
Source: rules-and-formats.md §2.8.
"""

from django.db import models


class Form(models.IntegerChoices):
    FIRST = 1, "第一种形态"
    SECOND = 2, "第二种形态"
    THIRD = 3, "第三种形态"
    FOURTH = 4, "第四种形态"


class OutcomeKind(models.TextChoices):
    REMINDER_TALK = "reminder_talk", "提醒谈话"
    CRITICISM = "criticism", "批评教育"
    SELF_EXAMINATION = "self_examination", "责令检查"
    NAMED_CRITICISM = "named_criticism", "点名批评"
    CIRCULATED_CRITICISM = "circulated_criticism", "通报批评"
    DEADLINE_IMPROVEMENT = "deadline_improvement", "限期改进"
    ADMONISHMENT = "admonishment", "诫勉"
    ORGANIZATIONAL = "organizational", "组织处理"
    PARTY_WARNING = "party_warning", "党纪轻处分（警告、严重警告）"
    GOVERNMENT_LIGHT = "government_light", "政务处分（警告、记过、记大过）"
    PARTY_HEAVY = "party_heavy", "党纪重处分（撤销党内职务、留党察看、开除党籍）"
    GOVERNMENT_HEAVY = "government_heavy", "政务处分（降级、撤职、开除）"
    TRANSFERRED_JUDICIAL = "transferred_judicial", "移送司法机关"
    CLEARED = "cleared", "澄清正名/了结"


FORM_OF = {
    OutcomeKind.REMINDER_TALK: Form.FIRST,
    OutcomeKind.CRITICISM: Form.FIRST,
    OutcomeKind.SELF_EXAMINATION: Form.FIRST,
    OutcomeKind.NAMED_CRITICISM: Form.FIRST,
    OutcomeKind.CIRCULATED_CRITICISM: Form.FIRST,
    OutcomeKind.DEADLINE_IMPROVEMENT: Form.FIRST,
    OutcomeKind.ADMONISHMENT: Form.FIRST,
    OutcomeKind.ORGANIZATIONAL: Form.SECOND,
    OutcomeKind.PARTY_WARNING: Form.SECOND,
    OutcomeKind.GOVERNMENT_LIGHT: Form.SECOND,
    OutcomeKind.PARTY_HEAVY: Form.THIRD,
    OutcomeKind.GOVERNMENT_HEAVY: Form.THIRD,
    OutcomeKind.TRANSFERRED_JUDICIAL: Form.FOURTH,
    OutcomeKind.CLEARED: None,  # not a form: the allegation was unfounded
}


def form_of(kind):
    return FORM_OF.get(OutcomeKind(kind))
