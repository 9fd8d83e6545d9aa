"""Demo clues and recommendations: the whole last calendar year and the recent weeks.

Built through the real services with back-dated steps, so numbers, due dates, signed
step records and history are what users would produce. Clues cover every stage and
every disposal (and 移送审查调查), some from the demo petitions (when the petitions app
has seeded any), some transferred by an inspection round. Idempotent on the same day:
a clue or letter already present (same summary / title) is skipped.
"""

from django.contrib.auth import get_user_model

from core.seed import register_seeder
from discipline.models import Clue, Recommendation
from discipline.seed.clue_plans import ACCUSATION, clue_plans
from discipline.seed.clues import ClueBuilder
from discipline.seed.recommendations import build_recommendation, recommendation_plans

__all__ = ["ACCUSATION", "seed_discipline"]


@register_seeder(50, "问题线索与纪律检查建议书（上一年度全年与近期，各阶段）")
def seed_discipline(ctx):
    builder = ClueBuilder(ctx)
    for plan in clue_plans(ctx):
        builder.build(plan)
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["jijian", "zuzhang", "shouli1", "duban"])
    }
    # issued in date order (so the numbers follow the dates), drafts last
    plans = sorted(recommendation_plans(ctx), key=lambda p: (p.issued is None, p.issued or ctx.today))
    letters = sum(build_recommendation(ctx, plan, users) for plan in plans)
    ctx.notes.append(
        f"问题线索：共 {Clue.objects.count()} 件（本次新增 {builder.created} 件）；"
        f"纪律检查建议书：共 {Recommendation.objects.count()} 份（本次新增 {letters} 份）"
    )
