"""What every command shares: the exit-status contract, Chinese errors, output paths checked first.

Exit status, the same for every command (README, ``jixiao --help``):

- 0: done, and no finding of error severity;
- 1: done, and findings of error severity (``parse`` and ``check`` alike; ``monitor``: explanations missing);
- 2: not done — an input that cannot be read, wrong arguments, an output that cannot be written;
  the reason is printed in Chinese on standard error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from jixiao.model.document import Document

EXIT_CLEAN, EXIT_ERRORS, EXIT_NOT_DONE = 0, 1, 2
EXIT_HELP = (
    "退出状态：0 完成且没有错误；1 完成但发现错误级别的问题；"
    "2 未能完成（输入无法读取、参数有误或无法写出，原因见标准错误）。"
)


def fail(message: str) -> NoReturn:
    """Print ``错误：message`` on standard error and stop with status 2."""
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(EXIT_NOT_DONE)


def report_unreadable(docs: Iterable[Document]) -> bool:
    """Print why each unreadable document could not be read; True if there was one."""
    found = False
    for doc in docs:
        if not doc.readable:
            found = True
            for f in doc.findings:
                typer.echo(f.format(), err=True)
    return found


SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx", ".docx": "docx"}


def output_path(out: Path, fmt: str | None = None) -> Path:
    """Check an output path before any work starts: its folder exists and can be written, it is not a
    folder itself, and its suffix agrees with the format asked for (a PDF is never named .html)."""
    if out.exists() and out.is_dir():
        fail(f"输出路径“{out}”是一个文件夹，请给出文件名。")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        fail(f"输出文件夹“{folder}”不存在，请先创建它或换一个路径。")
    if not os.access(folder, os.W_OK):
        fail(f"没有写入输出文件夹“{folder}”的权限。")
    if fmt is not None:
        implied = SUFFIX_FORMATS.get(out.suffix.lower())
        if implied is not None and implied != fmt:
            fail(
                f"输出文件“{out.name}”的扩展名是 {out.suffix}，与要求的格式 {fmt} 不符；"
                f"请改用 .{fmt} 或去掉 --format。"
            )
    return out


def format_of(out: Path | None, fmt: str | None, default: str) -> str:
    """The format asked for: ``--format`` if given, else the output's suffix, else ``default``."""
    if fmt:
        return fmt.lower()
    if out is not None and out.suffix.lower() in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[out.suffix.lower()]
    return default


# -- the command line's own mistakes (unknown option, missing argument …), said in Chinese ----------

USAGE_MESSAGES = (
    (re.compile(r"Missing argument '(.+?)'\.?"), "缺少参数 {0}。"),
    (re.compile(r"Missing option '(.+?)'\.?"), "缺少选项 {0}。"),
    (re.compile(r"No such option: (\S+?)\.?(?: Did you mean (\S+?)\?)?$"), "没有选项 {0}。"),
    (re.compile(r"No such command '(.+?)'\.?"), "没有命令“{0}”。"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "多余的参数：{0}。"),
    (re.compile(r"Option '(.+?)' requires an argument\.?"), "选项 {0} 需要一个值。"),
    (
        re.compile(r"Invalid value for '(.+?)': '(.+?)' is not a valid (integer|float)\.?"),
        "{0} 的取值“{1}”不是有效的数字。",
    ),
    (re.compile(r"Invalid value for '(.+?)': (.+)"), "{0} 的取值无效。"),
)


def usage_message(english: str) -> str:
    """The Chinese for a command-line usage error of the CLI framework (the original is not shown)."""
    for pattern, template in USAGE_MESSAGES:
        m = pattern.search(english)
        if m:
            return template.format(*m.groups())
    return "命令行参数有误。"
