"""Turn pydantic validation errors into located, readable diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..catalog import N_, Message, msg
from .diagnostics import Code, Diagnostic, format_path
from .yamlsource import DataPath, SourceMap

__all__ = ["close_matches", "schema_diagnostics"]


def close_matches(word: str, candidates: typing.Iterable[str]) -> list[str]:
    """Candidates that look like a misspelling of `word`, best first."""
    return difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)


def _suggest(word: str, candidates: typing.Iterable[str]) -> Message | str:
    matches = close_matches(word, candidates)
    return msg(" Did you mean '{id}'?", id=matches[0]) if matches else ""


def _indexes(current: Any, part: int | str) -> bool:
    if isinstance(current, dict):
        return part in current
    return isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)


def _data_path(data: Any, loc: tuple[int | str, ...]) -> DataPath:
    """Keep the parts of a pydantic `loc` that index the data (drop union branch names)."""
    path: list[int | str] = []
    current = data
    for part in loc:
        if _indexes(current, part):
            current = current[part]
        elif isinstance(current, dict) and not path_is_union(part):
            path.append(part)  # a missing or unknown key: the last meaningful part
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def path_is_union(part: int | str) -> bool:
    return isinstance(part, str) and (
        "[" in part or part in {"str", "int", "float", "list", "dict"}
    )


def _model_at(model: type[BaseModel], path: DataPath) -> type[BaseModel] | None:
    """The model class describing the mapping found at `path` under `model`."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        current = _innermost_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _innermost_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    if origin is typing.Annotated:
        return _innermost_model(typing.get_args(annotation)[0])
    for arg in typing.get_args(annotation):
        if origin in (typing.Union, types.UnionType) and arg is type(None):
            continue
        found = _innermost_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return None


def _keys_of(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    keys = [f.alias or name for name, f in model.model_fields.items()]
    if model.__name__ == "Plan":  # the plan id is the file name; `year` is a shortcut of period
        keys = [k for k in keys if k != "id"] + ["year"]
    return keys


def _message(error: ErrorDetails, path: DataPath, root: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        keys = [k for k in _keys_of(_model_at(root, path[:-1])) if not k.startswith("_")]
        known = ", ".join(keys)
        hint = _suggest(key, keys)
        if not hint and (" " in key or key[:1].isupper()):
            hint = msg(
                " If this is part of a text, quote the text: a comma inside {{ }} ends a value."
            )
        return msg(
            "unknown key '{key}'.{hint} Known keys: {known}", key=key, hint=hint, known=known
        )
    if kind == "missing":
        return msg("missing required key '{key}'", key=str(path[-1]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        return msg(
            "'{given}' is not allowed here.{hint} Use one of: {expected}",
            given=str(given),
            hint=_suggest(str(given), choices),
            expected=expected,
        )
    if kind == "string_pattern_mismatch" and path and path[-1] == "email":
        return msg("'{given}' is not an e-mail address", given=str(given))
    if kind == "string_pattern_mismatch":
        if (path and path[-1] in {"id", "kpi", "segment", "axis"}) or "Id" in str(ctx):
            return msg(
                "'{given}' is not a valid id: use letters, digits, '-' or '_' "
                "(no spaces or accents), e.g. salon-auto",
                given=str(given),
            )
        return msg(
            "'{given}' does not have the expected form ({pattern})",
            given=str(given),
            pattern=str(ctx.get("pattern")),
        )
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return msg(
            "expected a mapping of keys (key: value), got {kind} {given}",
            kind=type(given).__name__,
            given=repr(given)[:150],
        )
    if kind == "list_type":
        return msg(
            "expected a list (items starting with '- '), got {kind}", kind=type(given).__name__
        )
    if kind == "finite_number":
        return msg("expected a finite number, got {given}", given=repr(given)[:150])
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return msg("expected a number, got {given}", given=repr(given)[:150])
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), "")
        template = {
            "greater_than_equal": N_("must be at least {bound}, got {given}"),
            "greater_than": N_("must be more than {bound}, got {given}"),
            "less_than_equal": N_("must be at most {bound}, got {given}"),
            "less_than": N_("must be less than {bound}, got {given}"),
        }[kind]
        return msg(template, bound=str(bound), given=repr(given))
    if kind == "string_too_long":
        return msg("text is too long (limit {limit} characters)", limit=str(ctx.get("max_length")))
    if kind == "string_type":
        return msg(
            "expected a text, got {kind} {given}",
            kind=type(given).__name__,
            given=repr(given)[:150],
        )
    if kind == "value_error":
        cause = ctx.get("error")
        if cause is not None and cause.args and isinstance(cause.args[0], Message):
            return cause.args[0]  # raised with a translatable message
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def schema_diagnostics(
    exc: ValidationError, data: Any, smap: SourceMap, root: type[BaseModel], prefix: DataPath = ()
) -> list[Diagnostic]:
    """Located diagnostics for every error of a validation of `data` against `root`."""
    out = []
    for error in exc.errors(include_url=False):
        path = _data_path(data, error["loc"])
        if error["type"] == "value_error" and path == ("period",) and "year" in (data or {}):
            path = ("year",)
        key = error["type"] == "extra_forbidden"
        where = path[:-1] if error["type"] == "missing" else path
        position = smap.locate(prefix + where, key=key)
        out.append(
            Diagnostic(
                position, Code.SCHEMA, _message(error, path, root), format_path(prefix + path)
            )
        )
    return out
