"""Annotated documents as JSON and back, for the backfill's Parquet files.

`document_json(doc)` is the document's fields (every layer extraction set: sentences,
places, timexes, actors, events...) as JSON text, without its spaCy parse and origin;
`document_from_json(text)` rebuilds an equal `Document` (dataclasses rebuilt from their
type hints: nested dataclasses, lists, tuples, dicts, dates, optional values).
Errors: `ValueError` for JSON that is not such a document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from functools import cache
from typing import Any

from flarewatch.model import Document

LEFT_OUT = ("parse", "origin")


def document_json(doc: Document) -> str:
    fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)
              if f.name not in LEFT_OUT}
    return json.dumps(plain(fields), ensure_ascii=False, separators=(",", ":"))


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value


def document_from_json(text: str) -> Document:
    try:
        document = build(Document, json.loads(text))
    except (TypeError, KeyError, json.JSONDecodeError) as error:
        raise ValueError(f"not an annotated document ({error})") from None
    assert isinstance(document, Document)
    return document


@cache
def hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def build(kind: Any, value: Any) -> Any:
    """`value` (plain JSON) as an instance of the type hint `kind`."""
    if value is None:
        return None
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return build(next(a for a in arguments if a is not type(None)), value)
    if dataclasses.is_dataclass(kind):
        maker = typing.cast(Any, kind)
        names = hints(maker)
        return maker(**{name: build(names[name], item) for name, item in value.items()})
    return build_container(kind, origin, arguments, value)


def build_container(kind: Any, origin: Any, arguments: tuple[Any, ...], value: Any) -> Any:
    if origin is list:
        return [build(arguments[0], item) for item in value]
    if origin is tuple:
        item_kinds = [arguments[0]] * len(value) if arguments[-1] is Ellipsis else arguments
        return tuple(build(item_kind, item) for item_kind, item in zip(item_kinds, value,
                                                                       strict=True))
    if origin is dict:
        return {key: build(arguments[1], item) for key, item in value.items()}
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value
