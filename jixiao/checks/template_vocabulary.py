"""What the disclosure templates say to the person filling them in: the one vocabulary.

A published document should carry none of it. Two kinds:

* **Placeholders** stand where a value or name goes: runs of ``X``/``Ｘ``/``×`` (``XXX 万元``,
  ``上海市普陀区XX局``, ``上海市 XX 局``), a bracketed blank ``【…】`` (not a bracketed year
  ``【2022】``), and the both-ways wording ``增加（减少）``, ``增长（下降）`` that the filler must
  settle one way.
* **Instructions** tell the filler what to do. Each entry names where the wording comes from and
  whether it may legitimately appear in a printed 注 (the 注 of 自评表 and the 公开表 carry the
  template's own instructions to the reader, e.g. ``请在“偏差原因分析”中说明`` — those stay; an
  instruction to keep an empty table and write a note under it never belongs in print).

Sources, as the templates print them:

* SH: 上海市部门决算公开模板 (2024, ``fixtures/pdf/shanghai-2024-final-accounts-template.pdf``):
  ``无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：``,
  ``无“三公”经费财政拨款支出的部门，作下述说明：``, ``由主管部门根据三定方案等相关规定中有关主要职能填写。``
* MOF: 财政部 部门决算公开格式 and the provincial guides built on it: ``请说明…``, ``请填写…``,
  ``（此处填写…）``, ``如无此项，则…``, ``根据实际情况填写``, ``【单位名称】``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIRECTION_WORDS = "增加|减少|增长|下降|上升|降低|提高"

PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:X{2,}|Ｘ{2,}|x{2,})(?![A-Za-z])|×{2,}"
    r"|【(?!\s*\d{4}\s*】)[^】]{0,30}】"
    rf"|(?:{DIRECTION_WORDS})[（(](?:{DIRECTION_WORDS})[）)]"
)
# a cheap test first: most texts contain none of these
MAYBE_PLACEHOLDER = re.compile(r"XX|ＸＸ|xx|××|【|[加少长降升低高][（(]")


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction wording: the pattern, where the wording comes from, and whether a printed 注 may carry it."""

    pattern: re.Pattern[str]
    source: str
    in_notes: bool  # True: a 注 may legitimately say it (then only prose outside notes is reported)


_C = r"[^。；\n]"  # a character of the same clause
SH, MOF = "SH 上海市部门决算公开模板", "MOF 财政部部门决算公开格式及省级指引"
INSTRUCTIONS: tuple[Instruction, ...] = tuple(
    Instruction(re.compile(pattern), source, in_notes)
    for pattern, source, in_notes in (
        (r"仍(?:应)?保留(?:该|本|此)表(?:格式|格|样式)?", SH, False),
        (r"(?:并)?在(?:该|本|此)表(?:下方|下面|后面|底部)(?:作|注明|说明|列示)" + _C + "{0,8}", SH, False),
        (r"(?:无|没有|未发生)" + _C + r"{1,30}?[，,]?(?:应|请)?作下述说明[：:]?", SH, False),
        (r"由" + _C + r"{1,12}(?:根据|按照?|依据)" + _C + r"{1,30}填写", SH, False),
        (r"[（(]此处[^）)\n]{0,30}[）)]", MOF, False),
        (r"如(?:无|没有|未发生)" + _C + r"{1,16}?[，,]?(?:则|请|应|须)(?:填|写|注明|说明|删除|保留)", MOF, False),
        (r"(?:根据|按照?)实际情况(?:填写|填列|选择|删减|增减)", MOF, True),
        (r"请(?:说明|填写|填列|列示|简要说明|根据实际|按实际|补充|在此|删除|选择)" + _C + "{0,20}", MOF, True),
    )
)
MAYBE_INSTRUCTION = re.compile(r"请|保留|本表|该表|此表|作下述|填写|此处|如无|如没有|如未|实际情况")


def instructions_in(text: str, *, in_note: bool) -> list[re.Match[str]]:
    """The instruction wordings in ``text``, in order; hits in one sentence count once (the first)."""
    if not MAYBE_INSTRUCTION.search(text):
        return []
    hits = sorted(
        (m for ins in INSTRUCTIONS if not (in_note and ins.in_notes) for m in ins.pattern.finditer(text)),
        key=lambda m: (m.start(), -m.end()),
    )
    out: list[re.Match[str]] = []
    for m in hits:
        if out and (m.start() < out[-1].end() or not re.search(r"[。；\n]", text[out[-1].end() : m.start()])):
            continue
        out.append(m)
    return out


def placeholders_in(text: str) -> list[re.Match[str]]:
    """The placeholders in ``text``, in order."""
    if not MAYBE_PLACEHOLDER.search(text):
        return []
    return list(PLACEHOLDER.finditer(text))
