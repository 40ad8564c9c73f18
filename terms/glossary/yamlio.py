"""Read glossary YAML in round-trip mode, so that nodes keep comments, lines and columns."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from terms.codes import code
from terms.errors import GlossaryError, Problem
from terms.fileio import position_of_byte


class _CheckedConstructor(RoundTripConstructor):
    """Round-trip constructor whose scalar conversions fail with a mark, never a bare error."""


def _checked(tag: str) -> None:
    """Make the constructor of ``tag`` raise a marked error instead of ValueError/TypeError."""
    original = RoundTripConstructor.yaml_constructors[tag]

    def construct(constructor: RoundTripConstructor, node: Node) -> Any:
        """Build the value, or fail at the node's position."""
        try:
            return original(constructor, node)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ConstructorError(
                problem=f"invalid {tag.rsplit(':', 1)[-1]} {node.value!r}: {exc}",
                problem_mark=node.start_mark,
            ) from exc

    _CheckedConstructor.add_constructor(tag, construct)


for _tag in ("bool", "int", "float", "binary", "timestamp"):
    _checked(f"tag:yaml.org,2002:{_tag}")


def round_trip_yaml() -> YAML:
    """Return a ruamel YAML instance in round-trip mode with the project's style."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _CheckedConstructor
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def decode_glossary_bytes(data: bytes, path: str) -> str:
    """Decode glossary bytes as UTF-8 (a BOM is allowed), or raise with the bad byte's place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = position_of_byte(data, exc.start)
        raise GlossaryError(
            Problem(
                code("yaml-syntax"),
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                path,
                line,
                column,
            )
        ) from exc


def parse_yaml(text: str, path: str) -> Any:
    """Parse YAML text into round-trip nodes, or raise GlossaryError at the syntax error."""
    try:
        return round_trip_yaml().load(text)
    except DuplicateKeyError as exc:
        raise GlossaryError(_duplicate_keys(text, path) or [_marked_problem(exc, path)]) from exc
    except MarkedYAMLError as exc:
        raise GlossaryError(_marked_problem(exc, path)) from exc
    except YAMLError as exc:
        raise GlossaryError(Problem(code("yaml-syntax"), str(exc), path)) from exc


def _marked_problem(exc: MarkedYAMLError, path: str) -> Problem:
    """Turn a ruamel error with a mark into a problem at that mark."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
    return Problem(code("yaml-syntax"), message, path, line, column)


def _duplicate_keys(text: str, path: str) -> list[Problem]:
    """Report every duplicated mapping key; a duplicated concept id gets its own code."""
    problems: list[Problem] = []

    def walk(node: Node, trail: tuple[str, ...]) -> None:
        if isinstance(node, MappingNode):
            seen: dict[str, Node] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    first = seen[key].start_mark
                    is_concept = trail == ("concepts",)
                    what = "concept id" if is_concept else "key"
                    problems.append(
                        Problem(
                            code("duplicate-concept" if is_concept else "yaml-syntax"),
                            f"duplicate {what} '{key}' (first at line {first.line + 1}, "
                            f"column {first.column + 1})",
                            path,
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                        )
                    )
                else:
                    seen[key] = key_node
                walk(value_node, (*trail, key))
        elif isinstance(node, SequenceNode):
            for item in node.value:
                walk(item, (*trail, "[]"))

    root = round_trip_yaml().compose(text)
    if root is not None:
        walk(root, ())
    return problems
