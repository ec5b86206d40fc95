"""Project names compared the way people write them — the one normaliser for every match.

The same project is printed differently from one document to the next: a PDF converter puts
spaces around numbers (``法律援助及 12348 业务费``), forms mix full- and half-width characters
(``（１２３４８）``), and the name's last word varies between documents (``…热线`` in one, ``…业务费``
in the other, ``…专项经费`` in a third). Two keys:

- :func:`normalise_name`: width folded (NFKC), white space removed — equal keys are the same name;
- :func:`project_key`: the normalised name without the known suffix variants (:data:`SUFFIXES`,
  removed repeatedly, at least two characters kept) — equal keys are probably the same project
  and a person should confirm (:func:`name_match` says which).
"""

from __future__ import annotations

import re
import unicodedata

# the endings that vary for one project between documents (longest first within a family)
SUFFIXES = ("专项业务费", "专项经费", "专项资金", "工作经费", "业务费", "经费", "资金", "热线", "费", "项目")
SPACE = re.compile(r"\s+")


def normalise_name(name: str | None) -> str:
    """``法律援助及 12348 业务费`` → ``法律援助及12348业务费`` (NFKC width folding, no white space)."""
    return SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


def project_key(name: str | None) -> str:
    """The normalised name without its suffix variants: ``法律援助及12348热线`` → ``法律援助及12348``."""
    key = normalise_name(name)
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
    return key


def name_match(a: str | None, b: str | None) -> str | None:
    """``"exact"`` when the normalised names are equal, ``"similar"`` when only the project keys
    are, else None."""
    if not normalise_name(a) or not normalise_name(b):
        return None
    if normalise_name(a) == normalise_name(b):
        return "exact"
    if project_key(a) == project_key(b):
        return "similar"
    return None
