"""Read glossary YAML fast: libyaml's parser, with the values and positions of ruamel's loader.

ruamel.yaml's round-trip loader, which keeps comments for editing, is written in Python and
takes most of a run that has no cache entry (7 s of a 1.3 MB glossary, 76 s and 1.3 GB of
13 MB). Reading does not need the comments: :func:`read_fast` takes the events of libyaml's
parser (through PyYAML) and builds the same :class:`CommentedMap` and :class:`CommentedSeq`
with the same line and column of every key, value and item, and the same scalars (resolved and
built by ruamel's own resolver and constructor, the YAML 1.2 way: ``yes`` stays a string).

It gives up, returning None, for what it does not build itself: anchors and aliases, tags,
merge keys, keys that are not scalars, directives, several documents, and empty values (which
the two parsers place differently); for text that the two parsers read differently (see
``_SLOW_TEXT``); for duplicate keys, nesting too deep, and any YAML error. The caller then
reads the text the slow way, which reports problems as before. (An empty or null document
gives None too, which reading it slowly gives as well.)

>>> data = read_fast("concepts:\\n  kyiv: {en: Kyiv}\\n")
>>> data["concepts"]["kyiv"]["en"], data["concepts"].lc.key("kyiv")
('Kyiv', (1, 2))
>>> read_fast("a: &x 1\\nb: *x\\n") is None
True
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import StreamMark, YAMLError
from ruamel.yaml.nodes import ScalarNode

from terms.glossary.yamlio import parse_yaml, round_trip_yaml

_PARSER: Any
try:
    import yaml as _pyyaml
    from yaml._yaml import CParser  # libyaml's parser (PyYAML's wheels are built with it)

    _PARSER = CParser
except ImportError:  # PyYAML or its libyaml binding is missing: texts are read the slow way
    _PARSER = None

# Text that libyaml reads but ruamel rejects, or reads otherwise: line breaks of YAML 1.1 only
# (lines are counted differently), tabs (ruamel takes none as white space in block context), a
# byte-order mark after the start (libyaml drops it), a comment glued to a block scalar's
# header (|#), and a quoted key glued to its colon in a flow collection (["a":1])
_SLOW_TEXT = re.compile(r"[\t\x85\u2028\u2029]|(?<=.)\ufeff|[|>][-+0-9]*#|[\"']:\S", re.DOTALL)
# What plain and quoted scalars resolve to, that the fast reader builds
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "timestamp")
)


class _GiveUp(Exception):
    """Something the fast reader leaves to ruamel's loader."""


def available() -> bool:
    """Return True when libyaml's parser can be used."""
    return _PARSER is not None


def read_yaml(text: str, path: str) -> Any:
    """Return the text's YAML as :func:`parse_yaml` does, read fast when it can be.

    Raises GlossaryError as :func:`parse_yaml` does (the slow way finds the problem).
    """
    data = read_fast(text)
    return data if data is not None else parse_yaml(text, path)


def read_fast(text: str) -> Any | None:
    """Return the text's YAML as ruamel's round-trip loader gives it, or None to read it slowly.

    Comments are not kept; everything else is as :meth:`ruamel.yaml.YAML.load` gives it.
    """
    if _PARSER is None or _SLOW_TEXT.search(text):
        return None
    try:
        return _Builder(text).document()
    except (_GiveUp, _pyyaml.YAMLError, YAMLError, ValueError, TypeError, OverflowError):
        return None  # ruamel's loader says what is wrong, as it always has
    except RecursionError:
        return None  # nested deeper than this reader goes


class _Builder:
    """Build one document from libyaml's events."""

    def __init__(self, text: str) -> None:
        """Parse ``text``, and prepare ruamel's resolver and constructor for its scalars."""
        self._events = iter(_parse(text))
        loader = round_trip_yaml()
        self._resolver = loader.resolver
        self._constructor = loader.constructor

    def _next(self) -> Any:
        """Return the next event."""
        return next(self._events)

    def document(self) -> Any:
        """Return the stream's single document (None for an empty stream)."""
        self._expect(_pyyaml.StreamStartEvent)
        event = self._next()
        if isinstance(event, _pyyaml.StreamEndEvent):
            return None
        if not isinstance(event, _pyyaml.DocumentStartEvent) or event.version or event.tags:
            raise _GiveUp("a directive")
        root = self._next()
        if isinstance(root, _pyyaml.ScalarEvent):
            raise _GiveUp("a document that is a scalar")  # no glossary: say so the slow way
        data = self._value(root)
        self._expect(_pyyaml.DocumentEndEvent)
        self._expect(_pyyaml.StreamEndEvent)  # a second document: read slowly
        return data

    def _expect(self, kind: type) -> None:
        """Take the next event, which must be of ``kind``."""
        if not isinstance(self._next(), kind):
            raise _GiveUp(kind.__name__)

    def _value(self, event: Any) -> Any:
        """Return the value that starts with ``event``."""
        if isinstance(event, _pyyaml.AliasEvent) or event.anchor is not None:
            raise _GiveUp("an anchor or an alias")
        if isinstance(event, _pyyaml.ScalarEvent):
            return self._scalar(event)
        if event.tag is not None and not event.implicit:
            raise _GiveUp("a tag")
        if isinstance(event, _pyyaml.MappingStartEvent):
            return self._mapping(event)
        if isinstance(event, _pyyaml.SequenceStartEvent):
            return self._sequence(event)
        raise _GiveUp(type(event).__name__)

    def _mapping(self, start: Any) -> CommentedMap:
        """Return a mapping, each key with the lines and columns of itself and its value."""
        data = _placed(CommentedMap(), start)
        while True:
            event = self._next()
            if isinstance(event, _pyyaml.MappingEndEvent):
                return data
            if not isinstance(event, _pyyaml.ScalarEvent):
                raise _GiveUp("a key that is not a scalar")
            key = self._value(event)
            if key in data:
                raise _GiveUp("a duplicate key")
            key_mark: Any = event.start_mark  # typed Mark | None, and never None here
            value_event = self._next()
            value = self._value(value_event)
            value_mark = value_event.start_mark
            data._yaml_set_kv_line_col(
                key, [key_mark.line, key_mark.column, value_mark.line, value_mark.column]
            )
            data[key] = value

    def _sequence(self, start: Any) -> CommentedSeq:
        """Return a sequence, each item with its line and column."""
        data = _placed(CommentedSeq(), start)
        while True:
            event = self._next()
            if isinstance(event, _pyyaml.SequenceEndEvent):
                return data
            data._yaml_set_idx_line_col(len(data), [event.start_mark.line, event.start_mark.column])
            data.append(self._value(event))

    def _scalar(self, event: Any) -> Any:
        """Return a scalar as ruamel builds it: resolved by its rules, by its constructor."""
        if event.tag is not None:
            raise _GiveUp("a tag")
        style = event.style or None  # libyaml says "" for plain, ruamel None
        if not event.value and style is None:
            raise _GiveUp("an empty value")  # ruamel places it at the next token, libyaml before
        if style in ("|", ">") and (not event.value or event.value.startswith("\n")):
            raise _GiveUp("a block scalar whose first lines are blank")  # ruamel may reject it
        tag = self._resolver.resolve(ScalarNode, event.value, event.implicit)
        if str(tag) not in _SCALAR_TAGS:
            raise _GiveUp("a merge key (<<) or a value key (=)")
        start = event.start_mark
        mark = StreamMark(None, start.index, start.line, start.column)
        node = ScalarNode(tag, event.value, mark, mark, style=style)
        return self._constructor.construct_non_recursive_object(node)


_Collection = TypeVar("_Collection", CommentedMap, CommentedSeq)


def _placed(data: _Collection, start: Any) -> _Collection:
    """Give a new mapping or sequence the line, column and flow style of its start event."""
    data._yaml_set_line_col(start.start_mark.line, start.start_mark.column)
    if start.flow_style:
        data.fa.set_flow_style()
    else:
        data.fa.set_block_style()
    return data


def _parse(text: str) -> Any:
    """Yield libyaml's events for ``text``."""
    parser = _PARSER(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()
