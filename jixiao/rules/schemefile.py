"""Reading scheme and measurement files (YAML or JSON) with line numbers kept.

A scheme is data that users write by hand, so every mistake must come back as a Chinese
message that names the file and line. :func:`load_tree` parses YAML (JSON is YAML too)
into plain dicts, lists and scalars, and remembers the line of every mapping key and
list item in a side table, so that validators can say *where* a value is wrong:

    tree = load_tree(path)
    weight = tree.get("weight", expect=Decimal)     # SchemeError("…第12行：…") if wrong

Numbers are read as ``Decimal`` from their text (never through float): ``0.1`` stays
``Decimal("0.1")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml


class SchemeError(Exception):
    """A mistake in a scheme or measurement file; ``str()`` is a Chinese message with the location."""

    def __init__(self, message: str, path: str, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        where = f"{path}" + (f" 第{line}行" if line else "")
        super().__init__(f"{where}：{message}")


_TYPE_NAMES = {str: "文字", Decimal: "数字", int: "整数", bool: "是/否", list: "列表", dict: "映射（键: 值）"}


@dataclass(frozen=True)
class Node:
    """A value from the file together with where it was written."""

    value: Any
    path: str
    line: int | None
    key: str = ""  # dotted path of the value inside the file, for messages

    # -- reading mappings -----------------------------------------------------------
    def get(self, key: str, default: Any = ..., *, expect: type | tuple[type, ...] | None = None) -> Node:
        if not isinstance(self.value, dict):
            raise self.error(f"“{self.key or '顶层'}”应为映射（键: 值）")
        if key not in self.value:
            if default is ...:
                raise self.error(f"缺少必填项“{self._child_key(key)}”")
            return Node(default, self.path, self.line, self._child_key(key))
        child = Node(self.value[key], self.path, self._lines().get(key, self.line), self._child_key(key))
        if expect is not None:
            child.expect(expect)
        return child

    def keys(self) -> list[str]:
        return list(self.value) if isinstance(self.value, dict) else []

    def items(self) -> list[tuple[str, Node]]:
        return [(k, self.get(k)) for k in self.keys()]

    def only(self, *allowed: str) -> None:
        """Reject unknown keys (a typo such as ``weigth`` must not pass silently)."""
        for k in self.keys():
            if k not in allowed:
                raise Node(None, self.path, self._lines().get(k, self.line)).error(
                    f"未知的项“{self._child_key(k)}”（可用：{'、'.join(allowed)}）"
                )

    # -- reading lists --------------------------------------------------------------
    def list(self) -> list[Node]:
        self.expect(list)
        lines = getattr(self.value, "lines", [])
        return [
            Node(v, self.path, lines[i] if i < len(lines) else self.line, f"{self.key}[{i + 1}]")
            for i, v in enumerate(self.value)
        ]

    # -- scalars --------------------------------------------------------------------
    def expect(self, kind: type | tuple[type, ...]) -> Node:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        value = self.value
        if Decimal in kinds and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return self
        if int in kinds and isinstance(value, int) and not isinstance(value, bool):
            return self
        if any(isinstance(value, k) and not (k is int and isinstance(value, bool)) for k in kinds):
            return self
        wanted = "或".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
        raise self.error(f"“{self.key}”应为{wanted}，实际写的是“{value}”")

    def decimal(self) -> Decimal:
        self.expect(Decimal)
        return Decimal(self.value)

    def text(self) -> str:
        self.expect(str)
        return str(self.value)

    def choice(self, *options: str) -> str:
        value = self.text()
        if value not in options:
            raise self.error(f"“{self.key}”只能是{'、'.join(options)}之一，实际写的是“{value}”")
        return value

    def error(self, message: str) -> SchemeError:
        return SchemeError(message, self.path, self.line)

    def _lines(self) -> dict[str, int]:
        return getattr(self.value, "lines", {})

    def _child_key(self, key: str) -> str:
        return f"{self.key}.{key}" if self.key else key


class _Map(dict):
    """A dict that also knows the line of each of its keys."""

    lines: dict[str, int]


class _Seq(list):
    """A list that also knows the line of each of its items."""

    lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    out = _Map()
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int)):
            raise SchemeError(f"键“{key}”应为文字", loader.name, key_node.start_mark.line + 1)
        key = str(key)
        if key in out:
            raise SchemeError(f"键“{key}”重复", loader.name, key_node.start_mark.line + 1)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _construct_number(loader: _Loader, node: yaml.ScalarNode) -> int | Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return int(text)
    except ValueError:
        try:
            return Decimal(text)
        except InvalidOperation as e:  # pragma: no cover - YAML resolved it as a number
            raise SchemeError(f"“{text}”不是有效数字", loader.name, node.start_mark.line + 1) from e


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)


def load_tree(source: str | Path, text: str | None = None) -> Node:
    """Parse a YAML/JSON file (or ``text`` given for ``source``) into a :class:`Node`."""
    name = str(source)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except OSError as e:
            raise SchemeError(f"无法读取文件：{e.strerror or e}", name) from e
        except UnicodeDecodeError as e:
            raise SchemeError("文件不是UTF-8编码", name) from e
    try:
        loader = _Loader(text)  # the reader already rejects control characters here
    except yaml.YAMLError as e:
        raise SchemeError(f"文件含有不允许的字符：{e}", name) from e
    loader.name = name
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise SchemeError(f"格式错误（{e.problem or e.context}），请检查缩进、冒号和引号", name, line) from e
    except yaml.YAMLError as e:
        raise SchemeError(f"格式错误：{e}", name) from e
    finally:
        loader.dispose()
    if value is None:
        raise SchemeError("文件为空", name, 1)
    return Node(value, name, 1)
