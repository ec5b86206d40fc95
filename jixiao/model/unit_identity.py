"""One identity per budget unit, whichever way a document prints it.

A target table prints a unit by code and name (``124005青岛市法律援助中心``); a self-evaluation form
prints only the name (项目实施单位 ``青岛市法律援助中心``), and a department's own level by the
department's name (``青岛市司法局`` for ``124001青岛市司法局本级``). A :class:`UnitDirectory` is learned
from the code–name pairs the documents and the organisation records print together, and gives one
identity per unit: its code when one is printed or known for the name, else the name as people write
it (:func:`jixiao.model.names.normalise_name`). A name printed with two different codes is ambiguous
and keeps its name.

    units = UnitDirectory.learn([("124005", "青岛市法律援助中心"), ("124001", "青岛市司法局本级")])
    units.identity(None, "青岛市法律援助中心")   # "124005"
    units.identity(None, "青岛市司法局")         # "124001" (the department's own level, 本级)
    units.identity(None, "大英县司法局")         # "大英县司法局" (no code known)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jixiao.model.names import normalise_name

OWN_LEVEL_SUFFIX = "本级"  # a department's own level is its name + 本级 (部门本级)


@dataclass(frozen=True, slots=True)
class UnitDirectory:
    codes: Mapping[str, str] = field(default_factory=dict)  # normalised name → code

    @classmethod
    def learn(cls, pairs: Iterable[tuple[str | None, str | None]]) -> UnitDirectory:
        """The directory of the (code, name) pairs printed together (pairs missing either are skipped)."""
        seen: dict[str, set[str]] = {}
        for code, name in pairs:
            key, code = normalise_name(name), normalise_name(code)
            if key and code:
                seen.setdefault(key, set()).add(code)
        return cls({key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1})

    def code(self, name: str | None) -> str | None:
        """The code known for ``name`` (or for its own level, ``name`` + 本级); None when unknown."""
        key = normalise_name(name)
        if not key:
            return None
        return self.codes.get(key) or self.codes.get(key + OWN_LEVEL_SUFFIX)

    def identity(self, code: str | None, name: str | None) -> str:
        """The unit's one identity: the code printed, else the code known for the name, else the
        normalised name ("" when neither is printed)."""
        return normalise_name(code) or self.code(name) or normalise_name(name)

    def resolve(self, text: str | None) -> str:
        """The identity of a unit given as one text, a code or a name (as a user types it)."""
        key = normalise_name(text)
        return key if key in self.codes.values() else self.identity(None, key)
