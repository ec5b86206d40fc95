"""The model as plain JSON-able data and back, exactly.

``encode(obj)`` turns any model record (frozen dataclasses, NamedTuples such as ``Source``,
enums, ``Decimal``, dates, tuples, dicts) into dicts, lists, strings, numbers and booleans;
``decode(data, cls)`` rebuilds the record from its type hints. ``decode(encode(x), type(x))
== x`` for every document the readers produce (a test proves it on both seeds). Decimals
travel as strings so that nothing passes through a float. The web store keeps document
snapshots this way, and the API uses the same shape.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Union


def encode(obj: Any) -> Any:
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # NamedTuple (Source)
        return {k: encode(v) for k, v in zip(obj._fields, obj, strict=True)}
    if isinstance(obj, dict):
        return {str(k): encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [encode(v) for v in obj]
    raise TypeError(f"cannot encode {type(obj).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(data: Any, tp: Any) -> Any:
    """Rebuild a value of type ``tp`` (a class or a typing expression) from encoded data."""
    if tp is Any:
        return data
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return decode(data, members[0]) if len(members) == 1 else _first_fitting(data, members)
    if data is None:
        return None
    if origin in (tuple, list, set, frozenset):
        args = typing.get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(v, args[0]) for v in data)
        if origin is tuple:
            return tuple(decode(v, a) for v, a in zip(data, args, strict=True))
        return origin(decode(v, args[0] if args else Any) for v in data)
    if origin in (dict, typing.Mapping) or (origin is not None and getattr(origin, "__name__", "") == "Mapping"):
        key_t, val_t = typing.get_args(tp) or (Any, Any)
        return {decode(k, key_t): decode(v, val_t) for k, v in data.items()}
    if isinstance(tp, type):
        if tp is Decimal:
            return Decimal(data)
        if tp is dt.date:
            return dt.date.fromisoformat(data)
        if tp is dt.datetime:
            return dt.datetime.fromisoformat(data)
        if issubclass(tp, Enum):
            return tp(data)
        if dataclasses.is_dataclass(tp):
            hints = _hints(tp)
            kwargs = {f.name: decode(data[f.name], hints[f.name]) for f in dataclasses.fields(tp) if f.name in data}
            return tp(**kwargs)
        if issubclass(tp, tuple) and hasattr(tp, "_fields"):
            hints = _hints(tp)
            return tp(**{k: decode(v, hints[k]) for k, v in data.items()})
        if tp in (int, str, bool):
            return tp(data)
    return data


def _first_fitting(data: Any, candidates: list[Any]) -> Any:
    """A value of a union type (``Decimal | str``, ``int | Line``): the first type it fits."""
    for tp in candidates:
        if tp is str and isinstance(data, str):
            return data
        if tp in (int, bool) and isinstance(data, tp):
            return data
    for tp in candidates:
        try:
            return decode(data, tp)
        except (TypeError, ValueError, KeyError, ArithmeticError):
            continue
    return data
