"""The 保存当前筛选 form: a name and the list's query string (user input, bounded; the project's text
rule refuses control characters in both, as in every form)."""

from django import forms
from django.http import QueryDict

from web.lists import BY_KEY
from web.models import SavedFilter

_NAME = SavedFilter._meta.get_field("name").max_length
_QUERY = SavedFilter._meta.get_field("query").max_length


class SavedFilterForm(forms.Form):
    list_key = forms.ChoiceField(choices=[(key, key) for key in BY_KEY], error_messages={"invalid_choice": "列表无效"})
    name = forms.CharField(
        max_length=_NAME,
        error_messages={"required": "请填写筛选名称", "max_length": f"筛选名称不超过 {_NAME} 个字"},
    )
    query = forms.CharField(required=False, strip=False)

    def clean_query(self):
        """The query without its page number (a saved filter opens on page 1)."""
        params = QueryDict(self.cleaned_data["query"], mutable=True)
        params.pop("page", None)
        query = params.urlencode()
        if len(query) > _QUERY:
            raise forms.ValidationError(f"筛选条件过长（不超过 {_QUERY} 个字符）")
        return query

    def first_error(self) -> str:
        return next(str(error) for errors in self.errors.values() for error in errors)
