"""The 工作台's own filters: a round (巡察整改) and a period, as GET parameters.

A bad value is never a 400 or a 500 here: the page says which field is wrong and shows the
dashboard without that filter. Each list reads the period on its own date: a measure's
完成时限, a petition's or clue's 收到日期, a 转办件's 转办日期, a letter's 制发日期.
"""

from django import forms

from core.scoping import visible_to
from rectification.models import InspectionRound

PERIOD_HELP = (
    "期间按各类事项的日期筛选：整改措施按完成时限，信访件、问题线索按收到日期，转办件按转办日期，建议书按制发日期。"
)


class ScopeForm(forms.Form):
    round = forms.TypedChoiceField(label="巡察轮次", required=False, coerce=int, empty_value=None)
    start = forms.DateField(label="期间起", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="期间止", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, user):
        super().__init__(data)
        # Current rounds only (the dashboard counts current measures): an archived round is refused.
        # Choices, not a model lookup: a huge number is "not a choice", never an overflow.
        rounds = visible_to(InspectionRound, user=user).filter(archived_at__isnull=True)
        choices = rounds.order_by("-feedback_date", "-id").values_list("pk", "name")
        self.fields["round"].choices = [("", "全部"), *((str(pk), name) for pk, name in choices)]
        self.fields["round"].error_messages["invalid_choice"] = "请选择列表中的巡察轮次"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "期间止不能早于期间起")
        return data


class Scope:
    """The valid part of the dashboard's filters, as each list's parameters."""

    def __init__(self, data, *, user):
        self.form = ScopeForm(data, user=user)
        self.form.is_valid()
        clean = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        self.round = clean.get("round")
        self.start = clean.get("start")
        self.end = clean.get("end") if "end" not in self.form.errors else None
        if "end" in self.form.errors:  # a reversed period is dropped whole, never half-applied
            self.start = None
        self.errors = [f"{self.form.fields[name].label}：{'；'.join(errs)}" for name, errs in self.form.errors.items()]

    @property
    def active(self):
        return bool(self.round or self.start or self.end)

    def _period(self, after, before):
        return {after: self.start, before: self.end}

    def measures(self):
        return {"round": self.round, **self._period("due_from", "due_to")}

    def petitions(self):
        return self._period("received_after", "received_before")

    def transfers(self):
        return self._period("transferred_after", "transferred_before")

    def clues(self):
        return self._period("received_from", "received_to")

    def recommendations(self):
        return self._period("issued_from", "issued_to")
