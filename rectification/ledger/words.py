"""Words that give a ledger row its meaning: status words, section numbering, notes, signatures."""

import re
import unicodedata

from rectification.models import MeasureStatus

# 完成情况 as ledgers write it -> the status it records (as historical fact, not a sign-off).
STATUS_WORDS = {
    MeasureStatus.SIGNED_OFF: [
        "已完成",
        "已销号",
        "完成",
        "已整改",
        "已整改完成",
        "整改完成",
        "已完成整改",
        "完成整改",
        "已办结",
        "已落实",
    ],
    MeasureStatus.IN_PROGRESS: [
        "正在推进",
        "推进中",
        "正在整改",
        "整改中",
        "持续推进",
        "持续整改",
        "进行中",
        "基本完成",
        "正在落实",
        "已启动",
        "部分完成",
        "未完成",
    ],
    MeasureStatus.LONG_TERM: ["长期坚持", "长期坚持(已建立长效机制)", "已建立长效机制", "长期坚持,已建立长效机制"],
    MeasureStatus.NOT_STARTED: ["未启动", "未开始", "尚未启动", "尚未开始"],
    MeasureStatus.SUBMITTED: ["申请销号", "待销号", "已申请销号"],
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).replace("，", ",")


_STATUS_LOOKUP = {_norm(word): status for status, words in STATUS_WORDS.items() for word in words}
for _status in MeasureStatus:
    _STATUS_LOOKUP[_norm(_status.label)] = _status
_STATUS_PREFIX = sorted(_STATUS_LOOKUP, key=len, reverse=True)
_SEPARATORS = ":;,.、。;!"


def read_status(text: str):
    """(status, is_only_the_word) for a cell that states a status; (None, False) otherwise."""
    if not text:
        return None, False
    norm = _norm(text).rstrip("。.;；!！")
    if norm in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[norm], True
    for word in _STATUS_PREFIX:
        if norm.startswith(word) and len(norm) > len(word) and norm[len(word)] in _SEPARATORS:
            return _STATUS_LOOKUP[word], False
    return None, False


_CN = "一二三四五六七八九十"
LEVEL1 = re.compile(rf"^([{_CN}]+)\s*[、.．，,]\s*(.*)$", re.S)
LEVEL2 = re.compile(rf"^[（(]([{_CN}]+)[）)]\s*[、.．]?\s*(.*)$", re.S)
NUMBER_ONLY_1 = re.compile(rf"^[{_CN}]+[、.．]?$")
NUMBER_ONLY_2 = re.compile(rf"^[（(][{_CN}]+[）)]$")

NOTE_ROW = re.compile(r"^(注|说明|备注|附注|填表说明)\s*[0-9一二三四五六七八九]?\s*[:：.、]")
SIGNATURE_ROW = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|联系人|联系电话|单位负责人|主要负责人|负责人|分管领导签字|审核|签字|"
    r"填报单位|填报日期|报送日期)\s*[:：（(\s]"
)
SIGNATURE_ANYWHERE = re.compile(r"(签字|签名|盖章)[)）]?\s*[:：]?")


def section_of(text: str):
    """(level, title) when the text is a heading such as 一、…方面 or （一）…; else None."""
    text = text.strip()
    if m := LEVEL2.match(text):
        return 2, m[2].strip()
    if m := LEVEL1.match(text):
        return 1, m[2].strip()
    return None


def numbering_level(text: str):
    """The level of a cell holding only a heading number (一 / 一、 / （一）), else None."""
    text = text.strip()
    if NUMBER_ONLY_2.match(text):
        return 2
    if NUMBER_ONLY_1.match(text):
        return 1
    return None


def is_note(text: str) -> bool:
    return bool(NOTE_ROW.match(text.strip()))


def is_signature(text: str) -> bool:
    text = text.strip()
    return bool(SIGNATURE_ROW.match(text) or SIGNATURE_ANYWHERE.search(text))


_CN_NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers)."""
    if n < 10:
        return _CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_NUMERALS[tens]
    return f"{head}十{_CN_NUMERALS[ones] if ones else ''}"
