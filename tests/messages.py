"""What counts as English in a message a user sees (issue 16): ASCII words that come neither from the
input (a path, a cell it quotes) nor from the names a Chinese message may use (formats, encodings,
units, the settings' environment variables)."""

from __future__ import annotations

import re

NAMES = {"PDF", "UTF", "GB", "GBK", "GB18030", "MB", "KB", "Excel", "xlsx", "txt", "pdf", "XML", "YAML", "ZIP"}
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")


def words(text: str) -> set[str]:
    """The ASCII words of a text (of the input: the words a message may quote)."""
    return set(_WORD.findall(text))


def english_words(message: str, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The ASCII words of ``message`` that are neither an allowed name, an environment variable
    (``JIXIAO_MAX_FILE_MB``) nor in ``allowed`` (the words of the input and its path)."""
    return [w for w in _WORD.findall(message) if w not in NAMES and w not in allowed and not w.startswith("JIXIAO_")]
