"""Builds a planned demo clue through the real services, each step back-dated."""

import datetime as dt

from django.contrib.auth import get_user_model

from discipline.models import Clue, ClueStep
from discipline.services import clues as clue_services

S = Clue.Status
D = Clue.Disposal
T = ClueStep.FeedbackTarget
ORDER = [S.REGISTERED, S.ASSIGNED, S.PROPOSED, S.DISCUSSED, S.APPROVED, S.EXECUTING, S.CONCLUDED, S.FED_BACK]
MEETING = ["孙立新", "周敏", "吴晓峰"]


class ClueBuilder:
    def __init__(self, ctx):
        User = get_user_model()
        self.ctx = ctx
        self.today = ctx.today
        self.inspector = User.objects.get(username="jijian")
        self.supervisor = User.objects.get(username="zuzhang")
        self.people = ctx.data["people"]
        self.created = 0

    def at(self, value):
        return min(value, self.today)

    def build(self, plan):
        if Clue.objects.filter(summary=plan.summary).exists():
            return
        people, ins, sup = self.people, self.inspector, self.supervisor
        target = ORDER.index(plan.stage)
        d0 = plan.received
        clue = clue_services.clue_register(
            user=ins,
            received_date=d0,
            source=plan.source,
            subject_person=people[plan.subject],
            summary=plan.summary,
            content=plan.content or plan.summary,
            inspection_round=plan.inspection_round,
            source_petition=plan.petition,
            date=d0,
        )
        self.created += 1
        if target >= 1:
            clue = clue_services.clue_assign(
                user=sup, clue=clue, handler=ins, note="请周敏同志承办", date=self.at(d0 + dt.timedelta(days=1))
            )
        if target >= 2:
            first = D.PRELIMINARY if plan.returned else plan.disposal
            clue = clue_services.clue_propose(
                user=ins,
                clue=clue,
                disposal=first,
                note="根据反映问题的具体程度提出",
                date=self.at(d0 + dt.timedelta(days=5)),
            )
            if plan.returned:
                clue = clue_services.clue_return(
                    user=sup,
                    clue=clue,
                    note="反映问题较具体，请补充材料后重新拟办",
                    date=self.at(d0 + dt.timedelta(days=7)),
                )
                clue = clue_services.clue_propose(
                    user=ins,
                    clue=clue,
                    disposal=plan.disposal,
                    note="补充材料后重新拟办",
                    date=self.at(d0 + dt.timedelta(days=9)),
                )
        if target >= 3:
            members = [(people[name], "同意拟办意见") for name in MEETING if name != plan.subject]
            clue = clue_services.clue_discuss(
                user=ins, clue=clue, members=members, note="集体研究同意", date=self.at(d0 + dt.timedelta(days=12))
            )
        if target >= 4:
            clue = clue_services.clue_approve(
                user=sup, clue=clue, note="同意", date=self.at(d0 + dt.timedelta(days=14))
            )
        if target >= 5:
            clue = self._execute(clue, plan, d0 + dt.timedelta(days=16))
        if plan.stage != S.FED_BACK and T.INSPECTION_OFFICE in plan.feedback and target < 6:
            clue = clue_services.clue_feedback(
                user=ins,
                clue=clue,
                target=T.INSPECTION_OFFICE,
                method="written",
                note="已报送办理进展情况",
                date=self.at(d0 + dt.timedelta(days=60)),
            )
        if target >= 6:
            last = clue.steps.order_by("-date").values_list("date", flat=True).first()
            concluded_on = self.at(max(last, d0 + dt.timedelta(days=45)) + dt.timedelta(days=3))
            outcomes = [(people[name], kind, "") for name, kind in plan.outcomes]
            clue = clue_services.clue_conclude(
                user=ins, clue=clue, result=plan.result, outcomes=outcomes, date=concluded_on
            )
            if target >= 7:
                for i, target_kind in enumerate(plan.feedback):
                    clue = clue_services.clue_feedback(
                        user=ins,
                        clue=clue,
                        target=target_kind,
                        method="phone" if target_kind == T.REPORTER else "written",
                        note="已反馈办理结果",
                        date=self.at(concluded_on + dt.timedelta(days=7 + i)),
                    )

    def _execute(self, clue, plan, on):
        ins = self.inspector
        on = self.at(on)
        clue = clue_services.clue_execute(
            user=ins,
            clue=clue,
            method=plan.method,
            transferred_to=plan.transferred_to or ("市纪委监委审查调查室" if plan.disposal == D.TRANSFER else ""),
            note="按批准的处置方式执行",
            date=on,
        )
        if plan.method == "letter" and plan.replied:
            clue = clue_services.clue_record_inquiry_reply(
                user=ins, clue=clue, note="被函询人已书面说明", date=self.at(on + dt.timedelta(days=12))
            )
        done = 0
        if plan.reviews:
            # reviewed when due (up to the last period before today, or the planned number of times)
            while (
                clue.next_review_date
                and clue.next_review_date <= self.today - dt.timedelta(days=10)
                and (plan.reviews < 0 or done < plan.reviews)
            ):
                done += 1
                clue = clue_services.clue_review(
                    user=ins, clue=clue, note="经复查暂无新情况，继续暂存", date=clue.next_review_date
                )
        return clue
