"""Read YAML into plain data while remembering where every value and key was typed.

Safety: only YAML's plain types are built (as `yaml.safe_load` does); files over a size limit,
binary files, documents nested too deep and alias bombs are refused with a located error.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..catalog import N_, msg
from .diagnostics import Code, Diagnostic, PathPart, Position
from .files import read_capped

__all__ = ["Limits", "SourceError", "SourceMap", "read_yaml", "read_yaml_text"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DataPath = tuple[PathPart, ...]


@dataclass(frozen=True)
class Limits:
    """What a plan file may not exceed: far above any real plan, low enough to stay fast."""

    max_bytes: int = 5_000_000
    max_depth: int = 50
    max_nodes: int = 500_000


# What usually causes PyYAML's messages in hand-written plans.
_OWN_PROBLEMS = {N_("this quote is never closed"), N_("this bracket is never closed")}
_HINTS = {
    "mapping values are not allowed": N_(". A text containing ': ' must be quoted"),
    "found character '\\t'": N_(". Indent with spaces, not tabs"),
    "expected <block end>": N_(". Check the indentation of this line against the lines above"),
    "found undefined alias": N_(". An `*alias` needs an `&anchor` defined above it"),
    "cannot start any token": N_(
        ". Indent with spaces (no tabs); quote a text starting with @ or `"
    ),
    "quote is never closed": N_(": end the text with the same quote mark"),
    "bracket is never closed": N_(": close it with ] or }} on the same item"),
}


class SourceError(Exception):
    """A file could not be read as data; carries located diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("; ".join(str(d) for d in diagnostics))


@dataclass
class SourceMap:
    """Positions of the values (and of the keys) of a document, by data path."""

    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def locate(self, path: DataPath, *, key: bool = False) -> Position:
        """Where the value at `path` (or its key) was typed; its nearest known parent otherwise."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Position("?"))

    def graft(self, other: SourceMap, prefix: DataPath) -> None:
        """Add `other`'s positions, its root moved to `prefix` (a split file merged in)."""
        for p, pos in other.values.items():
            self.values[prefix + p] = pos
        for p, pos in other.keys.items():
            self.keys[prefix + p] = pos

    def files(self) -> set[str]:
        return {pos.file for pos in self.values.values()}


def _pos(file: str, mark: Any) -> Position:
    return Position(file, mark.line + 1, mark.column + 1) if mark else Position(file)


def _error(file: str, mark: Any, message: str, code: Code = Code.SYNTAX) -> SourceError:
    return SourceError([Diagnostic(_pos(file, mark), code, message)])


def read_yaml(path: Path, display: str, limits: Limits = Limits()) -> tuple[Any, SourceMap]:
    """Read one YAML file; `display` is the name errors show (relative to the project)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _error(display, None, msg("'{file}' is not a regular file", file=display))
        raw = read_capped(path, limits.max_bytes)  # the bytes read, not what stat() says
        if raw is None:
            raise _error(
                display,
                None,
                msg("file is over {limit} bytes", limit=f"{limits.max_bytes:,}"),
                Code.LIMIT,
            )
    except OSError as exc:
        raise _error(
            display, None, msg("cannot read file: {reason}", reason=str(exc.strerror))
        ) from None
    return read_yaml_text(raw, display, limits)


def _decode(raw: bytes, display: str) -> str:
    if b"\x00" in raw:
        raise _error(display, None, msg("this is a binary file, not YAML text"), Code.LIMIT)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            [
                Diagnostic(
                    Position(display, line, column),
                    Code.SYNTAX,
                    "not UTF-8 text: save the file as UTF-8",
                )
            ]
        ) from None


def read_yaml_text(
    raw: bytes | str, display: str, limits: Limits = Limits()
) -> tuple[Any, SourceMap]:
    """Read YAML from bytes or text; see `read_yaml`."""
    text = _decode(raw, display) if isinstance(raw, bytes) else raw
    if len(text) > limits.max_bytes:
        raise _error(
            display,
            None,
            msg("text is over {limit} characters", limit=f"{limits.max_bytes:,}"),
            Code.LIMIT,
        )
    try:
        _check_depth(text, display, limits)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        opening = exc.context or ""
        if exc.context_mark is not None and (
            ("quoted scalar" in opening and "end of stream" in problem)
            or ("flow sequence" in opening or "flow mapping" in opening)
        ):
            # a quote or bracket left open: where it opens is what the user must fix
            mark, context = exc.context_mark, ""
            opened = "quote" if "quoted" in opening else "bracket"
            problem = (
                "this quote is never closed"
                if opened == "quote"
                else ("this bracket is never closed")
            )
        hint = next((h for k, h in _HINTS.items() if k in problem), "")
        raise _error(
            display,
            mark,
            msg(
                "YAML syntax: {problem}{context}{hint}",
                problem=msg(problem) if problem in _OWN_PROBLEMS else problem,
                context=context,
                hint=msg(hint) if hint else "",
            ),
        ) from None
    except yaml.YAMLError as exc:
        raise _error(display, None, msg("YAML syntax: {problem}", problem=str(exc))) from None
    smap = SourceMap()
    if node is None:
        smap.values[()] = Position(display, 1, 1)
        return None, smap
    builder = _Builder(display, smap, limits)
    return builder.build(node, ()), smap


def _check_depth(text: str, display: str, limits: Limits) -> None:
    # The composer recurses once per level: refuse deep documents before composing them.
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                raise _error(
                    display,
                    event.start_mark,
                    msg("nesting deeper than {limit} levels", limit=limits.max_depth),
                    Code.LIMIT,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, filling a `SourceMap`."""

    def __init__(self, file: str, smap: SourceMap, limits: Limits):
        self.file = file
        self.smap = smap
        self.limits = limits
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: DataPath) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            # Aliases are expanded here: a billion-laughs document stops at this bound.
            raise _error(
                self.file,
                node.start_mark,
                msg(
                    "more than {limit} values once aliases are expanded",
                    limit=f"{self.limits.max_nodes:,}",
                ),
                Code.LIMIT,
            )
        self.smap.values.setdefault(path, _pos(self.file, node.start_mark))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise _error(
                self.file, node.start_mark, msg("unsupported YAML tag {tag}", tag=node.tag)
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # most values: no constructor needed
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # `2025-02-30` looks like a date but is none: keep the text, validation locates it.
            return node.value
        except yaml.constructor.ConstructorError as exc:
            raise _error(
                self.file,
                node.start_mark,
                msg("unsupported YAML value: {problem}", problem=str(exc.problem)),
            ) from None

    def _pairs(self, node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        # `<<: *defaults` merges a mapping (or a list of mappings) in, own keys winning.
        own: list[tuple[yaml.Node, yaml.Node]] = []
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise _error(self.file, source.start_mark, msg("`<<` merges mappings only"))
                    merged.extend(self._pairs(source))
            else:
                own.append((key, value))
        seen = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        for key, value in merged:
            if key.value not in seen:
                seen.add(key.value)
                yield key, value
        yield from own

    def _mapping(self, node: yaml.MappingNode, path: DataPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in self._pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                raise _error(self.file, key_node.start_mark, msg("a key must be a plain value"))
            key = self._scalar(key_node)
            try:
                hash(key)
            except TypeError:
                raise _error(
                    self.file, key_node.start_mark, msg("a key must be a plain value")
                ) from None
            key_pos = _pos(self.file, key_node.start_mark)
            if key in first_seen:
                raise SourceError(
                    [
                        Diagnostic(
                            key_pos,
                            Code.DUPLICATE,
                            msg(
                                "key '{key}' appears twice in this mapping (first at line {line})",
                                key=str(key),
                                line=first_seen[key].line,
                            ),
                            related=(first_seen[key],),
                        )
                    ]
                )
            first_seen[key] = key_pos
            child = (*path, key if isinstance(key, str | int) else str(key))
            self.smap.keys[child] = key_pos
            result[key] = self.build(value_node, child)
        return result
