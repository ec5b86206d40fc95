"""The reasons a file cannot be read, in Chinese: the system's and the libraries' own words are
kept apart (``Finding.original``, shown as ``detail`` in JSON), never put in the message."""

from __future__ import annotations

import errno

OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EACCES: "没有读取该文件的权限",
    errno.EPERM: "没有读取该文件的权限",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接形成循环",
    errno.EIO: "读取时磁盘出错",
    errno.ENXIO: "这不是普通文件（设备或管道）",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENOMEM: "内存不足",
}


def os_reason(e: OSError) -> str:
    """The Chinese reason for a system error while opening or reading a file."""
    return OS_REASONS.get(e.errno or -1, f"系统无法读取该文件（错误号 {e.errno}）" if e.errno else "系统无法读取该文件")


def original_text(e: BaseException) -> str:
    """The exception as the library or system said it: ``Type: text`` (for ``Finding.original``)."""
    text = str(e).strip()
    return f"{type(e).__name__}: {text}"[:300] if text else type(e).__name__
