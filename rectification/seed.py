"""Demo 巡察整改: last year's round (imported from a ledger) and the current one (entered by hand).

Both are built through the same code users go through — the ledger importer and the
services — so the demo's history reads like real use. Measures end up in every state,
some overdue, some due in the coming weeks, with progress, evidence and extensions.
A round that already exists is left alone: running twice on the same day changes nothing.
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.seed import register_seeder
from rectification import services
from rectification.ledger import import_ledger
from rectification.models import DeadlineKind, InspectionRound, Measure, Problem

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pdf(name):
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


def _txt(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# -- last year's round, as the unit's own ledger ---------------------------------------------------


def _last_year_ledger(ctx) -> bytes:
    ly, today = ctx.last_year, ctx.today
    soon, later = today + dt.timedelta(days=20), today + dt.timedelta(days=75)
    rows = [
        ["一、党的政治建设方面"],
        [
            1,
            "学习贯彻习近平新时代中国特色社会主义思想不够深入，理论学习中心组学习以读文件为主，研讨不充分。",
            "修订《党组理论学习中心组学习计划》，每季度至少开展一次专题研讨。",
            "王建国",
            "办公室",
            "吴晓峰",
            f"{ly}年12月底前",
            "已印发修订后的学习计划，全年开展专题研讨4次",
            "已完成",
            None,
        ],
        [
            None,
            None,
            "建立中心组学习研讨发言材料归档制度。",
            "王建国",
            "办公室",
            "吴晓峰",
            "长期坚持",
            "已建立归档制度，按季度归档",
            "长期坚持",
            None,
        ],
        [
            2,
            "落实“三重一大”集体决策制度不够规范，个别事项会前酝酿不充分。",
            "修订《党组议事决策规则》，明确“三重一大”事项清单和会前酝酿程序。",
            "王建国",
            "办公室",
            "吴晓峰",
            f"{ly}年11月30日",
            None,
            "已完成",
            None,
        ],
        ["二、全面从严治党方面"],
        [
            3,
            "热线受理投诉后未按规定时限告知投诉人，群众对服务态度、电话接听问题反映较多。",
            "落实受理投诉七个工作日内告知制度，建立告知台账。",
            "李红梅",
            "受理一处",
            "郑丽",
            "立行立改",
            "已建立告知台账",
            "已完成",
            None,
        ],
        [
            None,
            None,
            "开展话务人员服务礼仪专项培训，每半年考核一次。",
            "李红梅",
            "受理一处、受理二处",
            "郑丽",
            _cn(soon),
            "已完成上半年培训和考核",
            "正在推进",
            None,
        ],
        [
            None,
            None,
            "对服务态度问题较集中的班组进行点名通报。",
            "李红梅",
            "受理二处",
            "冯涛",
            f"{ly}年12月底前",
            None,
            "正在推进",
            "通报稿待审定",
        ],
        [
            4,
            "廉政风险点排查不全面，部分岗位防控措施缺失。",
            "按照八类工作全面开展廉政风险点排查，建立风险防控清单。",
            "孙立新",
            "督办处",
            "陈静",
            f"{ly}年12月31日",
            "已完成六类工作排查",
            "正在推进",
            None,
        ],
        [
            5,
            "财务报销审核不严，存在无公函接待。",
            "清退违规接待费用，对相关责任人提醒谈话。",
            "赵志刚",
            "财务处",
            "褚亮",
            "集中整改期内",
            "已清退违规费用，缴款凭证附后",
            "已完成",
            None,
        ],
        ["三、巡察整改落实方面"],
        [
            6,
            "上轮巡察反馈问题整改不彻底，长效机制建设滞后。",
            "对上轮巡察整改事项逐项“回头看”，未完成事项挂牌督办。",
            "孙立新",
            "督办处",
            "杨帆",
            _cn(later),
            None,
            "未启动",
            "与本轮整改一并推进",
        ],
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append(["某市12345政务服务便民热线管理局党组关于市委第三巡察组反馈意见整改落实台账"])
    ws.append([f"填报单位：局党组（盖章）　　反馈日期：{ly}年9月15日　　填报日期：{ly}年10月15日"])
    ws.append(
        ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改进展", "完成情况", "备注"]
    )
    for values in rows:
        ws.append(values)
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    ws.merge_cells("A9:A11")
    ws.merge_cells("B9:B11")
    ws.append(["注：完成情况按各责任部门报送情况填写。"])
    ws.append(["填表人：周敏　　　　审核人：孙立新"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _seed_last_year(ctx, users):
    name = f"{ctx.last_year}年市委第三巡察组巡察"
    if InspectionRound.objects.filter(name=name).exists():
        return None
    rnd = services.round_create(
        user=users["jijian"],
        name=name,
        inspection_team="市委第三巡察组",
        inspected_unit="某市12345政务服务便民热线管理局党组",
        feedback_date=dt.date(ctx.last_year, 9, 15),
        report_submitted_on=dt.date(ctx.last_year, 11, 12),
    )
    # The demo's own ledger: the names it brings that the unit does not have yet are created on purpose.
    import_ledger(source=_last_year_ledger(ctx), round=rnd, user=users["jijian"], create_missing=True)
    # An office still working on an overdue measure, with evidence, and asking for more time.
    overdue = Measure.objects.get(problem__round=rnd, content__startswith="按照八类工作")
    services.progress_add(
        user=users["duban"],
        measure=overdue,
        text="已完成八类工作中七类的风险点排查，形成风险防控清单初稿。",
        date=ctx.today - dt.timedelta(days=12),
        files=[_pdf("风险防控清单（初稿）.pdf"), _txt("排查情况说明.txt", "已排查七类工作，信息化类待排查。")],
    )
    services.extension_request(
        user=users["duban"],
        measure=overdue,
        reason="信息化类岗位调整尚未完成，需待岗位调整后排查",
        requested_date=ctx.today + dt.timedelta(days=30),
    )
    return rnd


# -- the current round, entered through the services -----------------------------------------------


def _seed_current(ctx, users, departments, people, previous):
    today = ctx.today
    feedback = today - dt.timedelta(days=40)
    name = f"{today.year}年市委第一巡察组巡察"
    if InspectionRound.objects.filter(name=name).exists():
        return None
    jijian, zuzhang, shouli, duban = users["jijian"], users["zuzhang"], users["shouli1"], users["duban"]
    rnd = services.round_create(
        user=jijian,
        name=name,
        inspection_team="市委第一巡察组",
        inspected_unit="某市12345政务服务便民热线管理局党组",
        feedback_date=feedback,
        notes="集中整改期内，每周五前报送整改进展。",
    )
    top = services.aspect_create(user=jijian, round=rnd, title="落实全面从严治党战略部署方面")
    duty = services.aspect_create(user=jijian, round=rnd, title="主体责任落实不到位", parent=top)
    style = services.aspect_create(user=jijian, round=rnd, title="作风建设有差距", parent=top)
    org = services.aspect_create(user=jijian, round=rnd, title="落实新时代党的组织路线方面")

    similar = Problem.objects.filter(round=previous, text__startswith="热线受理投诉").first() if previous else None
    p1 = services.problem_create(
        user=jijian, round=rnd, aspect=duty, text="党风廉政建设责任清单未细化到处室，压力传导层层递减。"
    )
    p2 = services.problem_create(
        user=jijian,
        round=rnd,
        aspect=style,
        text="工单转办后回访不及时，群众对办理结果不满意的问题反复出现。",
        similar_to=similar,
    )
    p3 = services.problem_create(user=jijian, round=rnd, aspect=org, text="年轻干部培养选拔机制不健全。")

    def measure(problem, content, dept, person, **kwargs):
        return services.measure_create(
            user=jijian,
            problem=problem,
            content=content,
            lead_department=departments[dept],
            responsible_leader=kwargs.pop("leader", people["李红梅"]),
            responsible_person=people[person],
            **kwargs,
        )

    immediate = measure(
        p1, "制定处室党风廉政建设责任清单，逐级签订责任书。", "受理一处", "郑丽", deadline_kind=DeadlineKind.IMMEDIATE
    )
    due_soon = measure(
        p1,
        "每季度召开党风廉政建设形势分析会。",
        "受理一处",
        "韩雪",
        target="形成季度分析报告",
        due_date=today + dt.timedelta(days=7),
    )
    submitted = measure(
        p2,
        "建立工单办结后三日内回访制度。",
        "督办处",
        "陈静",
        leader=people["赵志刚"],
        due_date=today + dt.timedelta(days=25),
        co_departments=[departments["受理一处"]],
    )
    returned = measure(
        p2,
        "对不满意工单逐件复核，发现问题的重新派单。",
        "督办处",
        "杨帆",
        leader=people["赵志刚"],
        due_date=today - dt.timedelta(days=3),
    )
    measure(
        p2,
        "将回访满意率纳入处室绩效考核。",
        "办公室",
        "吴晓峰",
        leader=people["王建国"],
        deadline_kind=DeadlineKind.LONG_TERM,
    )
    measure(
        p3,
        "制定年轻干部培养三年规划。",
        "机关党委（人事处）",
        "沈洁",
        leader=people["王建国"],
        due_date=today + dt.timedelta(days=60),
    )
    kept_up = measure(
        p3, "建立年轻干部到受理一线轮岗制度。", "受理一处", "郑丽", deadline_kind=DeadlineKind.IMMEDIATE_LONG_TERM
    )

    services.progress_add(
        user=shouli,
        measure=immediate,
        text="已制定处室责任清单，7个处室签订责任书。",
        date=feedback + dt.timedelta(days=12),
        files=[_pdf("责任书签订情况.pdf")],
    )
    services.measure_submit(user=shouli, measure=immediate, note="责任书已全部签订，申请销号。")
    services.measure_sign_off(user=zuzhang, measure=immediate, note="材料齐全，同意销号。")

    services.measure_start(user=shouli, measure=due_soon)
    services.progress_add(
        user=shouli, measure=due_soon, text="已召开第一季度分析会。", files=[_txt("会议记录.txt", "分析会记录")]
    )

    services.progress_add(
        user=duban,
        measure=submitted,
        text="回访制度已印发，本月回访工单1200件。",
        files=[_pdf("回访制度.pdf"), _txt("回访统计.txt", "回访1200件，满意率96%")],
    )
    services.progress_add(user=shouli, measure=submitted, text="受理一处已按新制度配合回访。")
    services.measure_submit(user=duban, measure=submitted, note="申请销号")

    services.progress_add(user=duban, measure=returned, text="已复核不满意工单56件。")
    services.measure_submit(user=duban, measure=returned)
    services.measure_return(user=zuzhang, measure=returned, reason="缺少重新派单的办理结果，请补充佐证材料。")
    refused = services.extension_request(
        user=duban, measure=returned, reason="工单量大，需延长复核时间", requested_date=today + dt.timedelta(days=60)
    )
    services.extension_refuse(user=zuzhang, extension=refused, note="复核任务可分批完成，不同意延期。")

    services.progress_add(user=shouli, measure=kept_up, text="首批3名年轻干部已到受理一线轮岗。")
    services.measure_submit(user=shouli, measure=kept_up)
    services.measure_sign_off(user=zuzhang, measure=kept_up, long_term=True, note="已建立长效机制，继续坚持。")
    return rnd


@register_seeder(30, "巡察整改：两轮巡察、问题、措施、进展与佐证材料")
def seed_rectification(ctx):
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["jijian", "zuzhang", "shouli1", "duban"])}
    previous = (
        _seed_last_year(ctx, users)
        or InspectionRound.objects.filter(name=f"{ctx.last_year}年市委第三巡察组巡察").first()
    )
    _seed_current(ctx, users, ctx.data["departments"], ctx.data["people"], previous)
    ctx.notes.append("巡察整改：责任部门联络员 shouli1（受理一处）、duban（督办处）可查看并填报本部门的整改措施。")
