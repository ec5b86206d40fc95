"""Input limits in one place: what a reader accepts before it starts, so that no input can hold a
process for minutes or fill its memory. Configurable through the environment; the web uploads use
the same values."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int  # the largest file read at all
    text_bytes: int  # the largest plain-text document (a text file of 50 MB is not a budget form)
    pdf_pages: int  # pages read of one PDF; the rest are reported, not read
    xlsx_unpacked_bytes: int  # the total uncompressed size of a workbook's parts
    xlsx_ratio: int  # the largest compression ratio of one part (a zip bomb has thousands)
    pdf_page_seconds: int = 20  # the time one PDF page may take; a page over it is skipped and reported
    pdf_stream_bytes: int = 20 * 1024 * 1024  # the inflated size of one page's content streams

    @classmethod
    def from_environment(cls) -> Limits:
        mb = 1024 * 1024
        return cls(
            file_bytes=_env_int("JIXIAO_MAX_FILE_MB", 50) * mb,
            text_bytes=_env_int("JIXIAO_MAX_TEXT_MB", 10) * mb,
            pdf_pages=_env_int("JIXIAO_MAX_PDF_PAGES", 500),
            xlsx_unpacked_bytes=_env_int("JIXIAO_MAX_XLSX_UNPACKED_MB", 200) * mb,
            xlsx_ratio=_env_int("JIXIAO_MAX_XLSX_RATIO", 200),
            pdf_page_seconds=_env_int("JIXIAO_PDF_PAGE_SECONDS", 20),
            pdf_stream_bytes=_env_int("JIXIAO_MAX_PDF_STREAM_MB", 20) * mb,
        )


LIMITS = Limits.from_environment()


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".") + " MB"
