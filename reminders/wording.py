"""Every word a reminder shows (in-app, e-mail, other channels). Items are named by the
source's title function only — number and title, never a reporter."""

import datetime as dt

from django.conf import settings

from reminders.models import Stage

ACTION = {
    Stage.NOTICE: "请按期办理。",
    Stage.WARNING: "即将到期，请抓紧办理。",
    Stage.DUE: "今日到期，请务必按时办结。",
    Stage.OVERDUE: "已逾期，请立即办理并说明情况。",
    Stage.ESCALATION: "逾期未办结，请督促办理。",
}


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notification_title(*, stage: str, kind: str, subject: str) -> str:
    return f"【{Stage(stage).label}】{kind}：{subject}"


def notification_body(*, stage: str, due_label: str, due: dt.date, remaining: str) -> str:
    return f"{due_label}：{date_zh(due)}（{remaining}）。{ACTION[Stage(stage)]}"


def digest_subject(*, day: dt.date, count: int) -> str:
    return f"【催办督办】{date_zh(day)} 您有{count}项事项需要办理"


def absolute_link(link: str) -> str:
    """A stored link is the page's path (the bell's); mails and robots need it under SITE_URL."""
    base = getattr(settings, "SITE_URL", "") or ""
    if not link or not base:
        return link
    return base.rstrip("/") + "/" + link.lstrip("/")


def digest_body(*, name: str, day: dt.date, reminders) -> str:
    """Plain text: one numbered line per reminder, grouped by stage, most urgent first."""
    order = {stage: i for i, stage in enumerate(reversed(Stage.values))}
    lines = [f"{name}同志：", "", f"截至{date_zh(day)}，您负责或督办的以下事项需要办理：", ""]
    for i, reminder in enumerate(sorted(reminders, key=lambda r: (order[r.stage], r.due_date, r.id)), start=1):
        lines.append(f"{i}. {reminder.text}")
        link = absolute_link(reminder.link)
        if link:
            lines.append(f"   {link}")
    lines += ["", "请登录巡察整改与信访督办系统办理。本邮件由系统自动发送，请勿直接回复。"]
    return "\n".join(lines)
