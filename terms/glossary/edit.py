"""Editing a glossary file in place: every comment and layout the edit does not touch survives.

The file is read in round-trip mode (ruamel.yaml keeps comments, key order, quoting and flow
style), changed node by node, and written back only after the new text loads and passes every
check; the write is atomic and keeps the file's BOM and line ends.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.yaml"
>>> _ = path.write_text("version: 1\\nconcepts:\\n  baku:  # the capital\\n    type: place\\n"
...                     "    en: Baku\\n")
>>> file = GlossaryFile(path)
>>> file.add_term("baku", "en", "Baky", "deprecated")
>>> file.save()
>>> print(path.read_text(), end="")
version: 1
concepts:
  baku:  # the capital
    type: place
    en:
      preferred: Baku
      deprecated: [Baky]
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from terms.codes import code
from terms.errors import GlossaryError, Problem, UsageError
from terms.fileio import read_document, write_or_raise
from terms.glossary import load_glossary_text
from terms.glossary.yamlio import parse_yaml, round_trip_yaml
from terms.locales import UnknownLanguageError, canonical_tag
from terms.model import CONCEPT_TYPES, Glossary, Status

STATUSES = tuple(status.value for status in Status)
CONCEPT_FIELDS = ("type", "note", "definition", "sources", "tags", "fuzzy", "translate")
_NOT_LANGUAGES = frozenset(CONCEPT_FIELDS) | {"specs", "created", "modified"}


def _usage(message: str) -> UsageError:
    """Build an error about what was asked."""
    return UsageError(Problem(code("usage"), message, "<command line>"))


def _flow(items: list[Any]) -> CommentedSeq:
    """Return a list written in flow style (``[a, b]``)."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def term_text(node: Any) -> str:
    """Return the text of a term node (a string, or a mapping with ``term``)."""
    return str(node["term"]) if isinstance(node, dict) else str(node)


class GlossaryFile:
    """A glossary file opened for editing."""

    def __init__(self, path: str | Path) -> None:
        """Read and parse the file (GlossaryError at a syntax error, InputError when unreadable)."""
        self.path = Path(path)
        self.original = read_document(str(self.path))
        self.root = parse_yaml(self.original.text, str(self.path))
        if not isinstance(self.root, CommentedMap) or not isinstance(
            self.root.get("concepts"), CommentedMap
        ):
            raise GlossaryError(
                Problem(code("missing-key"), "not a glossary: no 'concepts' mapping", str(path))
            )
        self.concepts: CommentedMap = self.root["concepts"]

    # --- reading ------------------------------------------------------------------------

    def concept(self, concept_id: str) -> CommentedMap:
        """Return a concept's node; a usage error names the file when there is none."""
        node = self.concepts.get(concept_id)
        if not isinstance(node, CommentedMap):
            raise _usage(f"no concept '{concept_id}' in {self.path}")
        return node

    def languages(self, concept_id: str) -> list[str]:
        """Return the language keys of a concept, in file order."""
        return [key for key in self.concept(concept_id) if key not in _NOT_LANGUAGES]

    def terms(self, concept_id: str, lang: str) -> Iterator[tuple[str, str]]:
        """Yield (status, text) of every term of a concept in one language."""
        node = self.concept(concept_id).get(lang)
        if node is None:
            return
        if not isinstance(node, dict) or "term" in node:
            yield "preferred", term_text(node)
            return
        for status in STATUSES:
            value = node.get(status)
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                yield status, term_text(item)

    def concept_text(self, concept_id: str) -> str:
        """Return one concept as YAML, comments included, as it is in the file."""
        holder = CommentedMap()
        holder[concept_id] = self.concept(concept_id)
        out = io.StringIO()
        round_trip_yaml().dump(holder, out)
        return out.getvalue()

    def line_of(self, concept_id: str) -> int:
        """Return the 1-based line where a concept's key is written."""
        return int(self.concepts.lc.key(concept_id)[0]) + 1

    # --- editing ------------------------------------------------------------------------

    def add_concept(self, concept_id: str, concept_type: str = "term") -> CommentedMap:
        """Add an empty concept at the end (a usage error when the id exists)."""
        if concept_id in self.concepts:
            raise _usage(f"concept '{concept_id}' already exists in {self.path}")
        if concept_type not in CONCEPT_TYPES:
            raise _usage(f"unknown type '{concept_type}'; known: {', '.join(CONCEPT_TYPES)}")
        node = CommentedMap()
        if concept_type != "term":
            node["type"] = concept_type
        self.concepts[concept_id] = node
        return node

    def add_term(
        self,
        concept_id: str,
        lang: str,
        text: str,
        status: str = "preferred",
        *,
        note: str = "",
        source: str = "",
        pos: str = "",
    ) -> None:
        """Add a term to a concept (moving it if it is there under another status).

        A new preferred term takes the place of the old one, which becomes admitted.
        """
        if status not in STATUSES:
            raise _usage(f"unknown status '{status}'; known: {', '.join(STATUSES)}")
        tag = _language(lang)
        concept = self.concept(concept_id)
        if any(t == text for _, t in self.terms(concept_id, tag)):
            self.remove_term(concept_id, tag, text, drop_empty=False)
        options = {k: v for k, v in (("note", note), ("source", source), ("pos", pos)) if v}
        item: Any = text
        if options:
            item = CommentedMap(term=text, **options)
            item.fa.set_flow_style()
        node = concept.get(tag)
        if node is None and status == "preferred" and not options:
            _insert_language(concept, tag, text)
            return
        section = self._section(concept, tag)
        if status == "preferred":
            old = section.get("preferred")
            section["preferred"] = item
            if old is not None:
                self._append(section, "admitted", old)
            _order_statuses(section)
            return
        self._append(section, status, item)
        _order_statuses(section)

    def _section(self, concept: CommentedMap, tag: str) -> CommentedMap:
        """Return a language's node as a status mapping (expanding the shorthand)."""
        node = concept.get(tag)
        if isinstance(node, CommentedMap) and "term" not in node:
            return node
        section = CommentedMap()
        if node is not None:
            section["preferred"] = node
            concept[tag] = section
        else:
            _insert_language(concept, tag, section)
        return section

    @staticmethod
    def _append(section: CommentedMap, status: str, item: Any) -> None:
        """Append a term to a status list, creating the list in flow style."""
        value = section.get(status)
        if value is None:
            section[status] = _flow([item])
        elif isinstance(value, list):
            value.append(item)
        else:
            section[status] = _flow([value, item])

    def remove_term(
        self, concept_id: str, lang: str, text: str, *, drop_empty: bool = True
    ) -> None:
        """Remove one term from a concept's language (the language too, when it empties)."""
        tag = _language(lang)
        concept = self.concept(concept_id)
        node = concept.get(tag)
        if node is None:
            raise _usage(f"concept '{concept_id}' has no terms in '{tag}'")
        if not isinstance(node, dict) or "term" in node:
            if term_text(node) != text:
                raise _usage(f"'{text}' is not a term of '{concept_id}' in '{tag}'")
            del concept[tag]
            return
        for status in STATUSES:
            value = node.get(status)
            if value is None:
                continue
            if isinstance(value, list):
                kept = [item for item in value if term_text(item) != text]
                if len(kept) != len(value):
                    if kept:
                        value[:] = kept
                    else:
                        del node[status]
                    break
            elif term_text(value) == text:
                del node[status]
                break
        else:
            raise _usage(f"'{text}' is not a term of '{concept_id}' in '{tag}'")
        if drop_empty and not any(s in node for s in STATUSES) and "patterns" not in node:
            del concept[tag]

    def remove_concept(self, concept_id: str) -> None:
        """Remove a concept."""
        self.concept(concept_id)
        del self.concepts[concept_id]

    def set_field(self, concept_id: str, key: str, value: str) -> None:
        """Set a concept field from its text form (``fuzzy false``, ``tags a,b``, ``note ...``)."""
        if key not in CONCEPT_FIELDS:
            raise _usage(f"unknown field '{key}'; fields: {', '.join(CONCEPT_FIELDS)}")
        concept = self.concept(concept_id)
        parsed: Any = value
        if key in ("fuzzy", "translate"):
            parsed = _switch(key, value)
        elif key in ("tags", "sources"):
            parsed = _flow([v.strip() for v in value.split(",") if v.strip()])
        elif key == "type" and value not in CONCEPT_TYPES:
            raise _usage(f"unknown type '{value}'; known: {', '.join(CONCEPT_TYPES)}")
        if key in concept:
            concept[key] = parsed
        else:
            position = next(
                (i for i, k in enumerate(concept) if k not in CONCEPT_FIELDS), len(concept)
            )
            concept.insert(position, key, parsed)

    def rename(self, old: str, new: str) -> None:
        """Give a concept a new id, in place, keeping its comments."""
        node = self.concept(old)
        if new in self.concepts:
            raise _usage(f"concept '{new}' already exists in {self.path}")
        position = list(self.concepts).index(old)
        comment = self.concepts.ca.items.pop(old, None)
        del self.concepts[old]
        self.concepts.insert(position, new, node)
        if comment is not None:
            self.concepts.ca.items[new] = comment

    def merge(self, into: str, other: str) -> list[str]:
        """Move every term of ``other`` into ``into`` and remove ``other``; return notes.

        Each moved term records where it came from (``source: merged from 'other'``); a
        preferred term of ``other`` becomes admitted where ``into`` has a preferred term.
        """
        self.concept(into)
        donor = self.concept(other)
        notes = []
        for lang in self.languages(other):
            taken = {t for _, t in self.terms(into, lang)}
            has_preferred = any(s == "preferred" for s, _ in self.terms(into, lang))
            for status, text in list(self.terms(other, lang)):
                if text in taken:
                    continue
                if status == "preferred" and has_preferred:
                    status = "admitted"
                    notes.append(f"'{text}' ({lang}) was preferred in '{other}': now admitted")
                self.add_term(into, lang, text, status, source=f"merged from '{other}'")
                if status == "preferred":
                    has_preferred = True
        target = self.concept(into)
        for key in ("specs",):
            if key in donor:
                existing = target.get(key) or CommentedSeq()
                existing.extend(donor[key])
                target[key] = existing
        for key in ("note", "definition"):
            if donor.get(key) and donor[key] != target.get(key):
                joined = f"{target[key]} {donor[key]}" if target.get(key) else donor[key]
                self.set_field(into, key, str(joined))
        self.remove_concept(other)
        return notes

    def canonicalize(self) -> None:
        """Put keys in canonical order (see :mod:`terms.glossary.write`), keeping comments."""
        _reorder(self.root, TOP_ORDER)
        declared = [str(t) for t in self.root.get("languages") or []]
        for concept in self.concepts.values():
            if not isinstance(concept, CommentedMap):
                continue
            languages = [k for k in concept if k not in _NOT_LANGUAGES]
            ordered = [t for t in declared if t in languages]
            ordered += sorted(t for t in languages if t not in ordered)
            _reorder(concept, (*CONCEPT_FIELDS, "created", "modified", *ordered, "specs"))
            for lang in ordered:
                section = concept[lang]
                if isinstance(section, CommentedMap) and "term" not in section:
                    _order_statuses(section)

    # --- writing ------------------------------------------------------------------------

    def text(self) -> str:
        """Return the edited glossary as text, with the file's line ends."""
        out = io.StringIO()
        round_trip_yaml().dump(self.root, out)
        value = out.getvalue()
        if "\r\n" in self.original.text:
            value = value.replace("\r\n", "\n").replace("\n", "\r\n")
        return value

    def check(self) -> Glossary:
        """Return the edited glossary as loaded; GlossaryError says why it would not load."""
        return load_glossary_text(self.text(), str(self.path))

    def save(self) -> None:
        """Write the edited glossary atomically, only when it loads and passes every check."""
        self.check()
        write_or_raise(str(self.path), self.original.encode(self.text()))


def _language(lang: str) -> str:
    """Return a language tag in canonical form (a usage error when it is not one)."""
    try:
        return canonical_tag(lang)
    except UnknownLanguageError as exc:
        raise _usage(str(exc)) from exc


def _switch(key: str, value: str) -> bool | float:
    """Parse ``true``/``false`` (or, for ``fuzzy``, a minimum score)."""
    lowered = value.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if key == "fuzzy":
        try:
            return float(value)
        except ValueError:
            pass
    raise _usage(f"'{key}' must be true or false" + (" or a score" if key == "fuzzy" else ""))


def _insert_language(concept: CommentedMap, tag: str, value: Any) -> None:
    """Add a language key before ``specs`` (or at the end)."""
    keys = list(concept)
    position = keys.index("specs") if "specs" in keys else len(keys)
    concept.insert(position, tag, value)


def _order_statuses(section: CommentedMap) -> None:
    """Put a language's statuses in TBX order, keeping other keys after them."""
    _reorder(section, STATUSES)


TOP_ORDER = (
    "version", "name", "description", "license", "sources", "languages", "endings", "concepts",
)  # fmt: skip


def _reorder(node: CommentedMap, order: Sequence[str]) -> None:
    """Put the keys of ``order`` first, in that order (others keep theirs), with comments."""
    rank = {key: i for i, key in enumerate(order)}
    keys = list(node)
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
    if keys == wanted:
        return
    items = [(key, node[key], node.ca.items.get(key)) for key in wanted]
    for key in keys:
        del node[key]
        node.ca.items.pop(key, None)
    for key, value, comment in items:
        node[key] = value
        if comment is not None:
            node.ca.items[key] = comment
