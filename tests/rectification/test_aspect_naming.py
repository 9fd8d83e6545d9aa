"""One name for the feedback headings: 方面 (问题类别 is the petition category's name)."""

from rectification.ledger.columns import ASPECT, caption, match
from rectification.models import Aspect, Problem


def test_the_aspect_is_called_fangmian():
    assert Aspect._meta.verbose_name == "方面"
    assert Problem._meta.get_field("aspect").verbose_name == "方面"


def test_the_ledger_importer_still_reads_the_old_headers():
    assert caption(ASPECT) == "方面"
    for header in ("方面", "问题类别", "所属方面", "反馈意见类别"):
        assert match(header) == ASPECT, header
