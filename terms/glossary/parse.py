"""Turn round-trip YAML nodes into the glossary model, checking every field on the way.

Every problem is collected with its ``path:line:col``; the caller raises them all at once, so
that a broken glossary never yields a partial result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import regex
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from terms.codes import code
from terms.errors import Problem
from terms.folding import collapse_spaces, fold
from terms.locales import UnknownLanguageError, canonical_tag
from terms.model import (
    CONCEPT_TYPES,
    REPLACES,
    Concept,
    Glossary,
    Pattern,
    SourcePos,
    Spec,
    Status,
    Term,
    split_ending,
)
from terms.patterns import compile_pattern, template_problem

SUPPORTED_VERSIONS = (1,)
GLOSSARY_KEYS = (
    "version",
    "name",
    "description",
    "languages",
    "endings",
    "license",
    "sources",
    "concepts",
)
CONCEPT_KEYS = (
    "type",
    "note",
    "definition",
    "sources",
    "tags",
    "fuzzy",
    "translate",
    "specs",
    "created",
    "modified",
)
SECTION_KEYS = (
    "preferred",
    "admitted",
    "deprecated",
    "superseded",
    "forbidden",
    "patterns",
    "note",
    "endings",
    "case-sensitive",
    "fuzzy",
)
PATTERN_KEYS = ("regex", "replace", "status")
TERM_KEYS = ("term", "case-sensitive", "fuzzy", "endings", "note", "source", "date", "pos")
SPEC_KEYS = ("lang", "from", "to")
_ISO_DATE = regex.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONCEPT_ID = regex.compile(r"^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_.\-]*$")


class Parser:
    """Builds one Glossary from YAML nodes and collects the problems it finds."""

    def __init__(self, path: str) -> None:
        """Start parsing the file at ``path`` (used in every problem's location)."""
        self.path = path
        self.problems: list[Problem] = []

    # -- positions and problems ------------------------------------------------------------

    def pos_of_key(self, node: Any, key: Any) -> SourcePos:
        """Return where ``key`` stands in mapping ``node``."""
        try:
            line, col = node.lc.key(key)
        except (AttributeError, KeyError, TypeError):
            return self.pos_of(node)
        return SourcePos(self.path, line + 1, col + 1)

    def pos_of_value(self, node: Any, key: Any) -> SourcePos:
        """Return where the value of ``key`` stands in mapping ``node``."""
        try:
            line, col = node.lc.value(key)
        except (AttributeError, KeyError, TypeError):
            return self.pos_of_key(node, key)
        return SourcePos(self.path, line + 1, col + 1)

    def pos_of_item(self, node: Any, index: int) -> SourcePos:
        """Return where item ``index`` of sequence ``node`` stands."""
        try:
            line, col = node.lc.item(index)
        except (AttributeError, KeyError, TypeError, IndexError):
            return self.pos_of(node)
        return SourcePos(self.path, line + 1, col + 1)

    def pos_of(self, node: Any) -> SourcePos:
        """Return where a mapping or sequence node starts."""
        lc = getattr(node, "lc", None)
        if lc is None or lc.line is None:
            return SourcePos(self.path, 1, 1)
        return SourcePos(self.path, lc.line + 1, lc.col + 1)

    def problem(self, name: str, message: str, pos: SourcePos) -> None:
        """Record a problem of the kind ``name`` at ``pos``."""
        self.problems.append(Problem(code(name), message, pos.path, pos.line, pos.column))

    def check_keys(self, node: CommentedMap, allowed: Iterable[str], where: str) -> None:
        """Report every key of ``node`` that is not in ``allowed``."""
        allowed = tuple(allowed)
        for key in node:
            if key not in allowed:
                self.problem(
                    "unknown-key",
                    f"unknown key '{key}' in {where}; allowed keys: {', '.join(allowed)}",
                    self.pos_of_key(node, key),
                )

    # -- scalars ---------------------------------------------------------------------------

    def text(self, value: Any, pos: SourcePos, what: str, *, allow_empty: bool = True) -> str:
        """Return a text value, reporting anything that is not a string."""
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str):
            self.problem("wrong-type", f"{what} must be text, not {_kind(value)}", pos)
            return ""
        return value

    def flag(self, value: Any, pos: SourcePos, what: str) -> bool:
        """Return a boolean value, reporting anything that is not true or false."""
        if not isinstance(value, bool):
            self.problem("wrong-type", f"{what} must be true or false, not {_kind(value)}", pos)
            return False
        return value

    def fuzzy_switch(self, value: Any, pos: SourcePos, what: str) -> tuple[bool, float | None]:
        """Read ``fuzzy``: true, false, or the minimum score (0-100) a fuzzy match needs."""
        if isinstance(value, bool):
            return value, None
        if isinstance(value, (int, float)) and 0 <= value <= 100:
            return True, float(value)
        self.problem(
            "wrong-type", f"{what} must be true, false or a minimum score from 0 to 100", pos
        )
        return True, None

    def text_list(self, value: Any, pos: SourcePos, what: str) -> tuple[str, ...]:
        """Return a list of texts (a single text counts as a list of one)."""
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, CommentedSeq):
            self.problem("wrong-type", f"{what} must be a list of texts, not {_kind(value)}", pos)
            return ()
        out = []
        for i, item in enumerate(value):
            out.append(self.text(item, self.pos_of_item(value, i), f"each item of {what}"))
        return tuple(out)

    def date(self, value: Any, pos: SourcePos) -> dt.date | None:
        """Return a date from a YAML date or a ``YYYY-MM-DD`` text."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem("bad-date", f"date must be YYYY-MM-DD, not {value!r}", pos)
        return None

    # -- the document ----------------------------------------------------------------------

    def glossary(self, root: Any, default_name: str) -> Glossary:
        """Build the glossary from the document's root node."""
        if not isinstance(root, CommentedMap):
            self.problem(
                "wrong-type",
                f"a glossary must be a mapping with 'version' and 'concepts', not {_kind(root)}",
                SourcePos(self.path, 1, 1),
            )
            return Glossary(default_name, self.path)
        self.check_keys(root, GLOSSARY_KEYS, "the glossary")
        version = root.get("version")
        if "version" not in root:
            self.problem(
                "missing-key", "missing 'version: 1' at the top", SourcePos(self.path, 1, 1)
            )
        elif type(version) is not int or version not in SUPPORTED_VERSIONS:
            self.problem(
                "unsupported-version",
                f"version {version!r} is not supported; supported: "
                + ", ".join(map(str, SUPPORTED_VERSIONS)),
                self.pos_of_value(root, "version"),
            )
        name = self.text(root.get("name"), self.pos_of_value(root, "name"), "name") or default_name
        description = self.text(
            root.get("description"), self.pos_of_value(root, "description"), "description"
        )
        languages: tuple[str, ...] = ()
        if "languages" in root:
            node = root["languages"]
            tags = self.text_list(node, self.pos_of_value(root, "languages"), "languages")
            languages = tuple(
                lang
                for i, tag in enumerate(tags)
                if (lang := self.language(tag, self.pos_of_item(node, i)))
            )
        endings: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if "endings" in root:
            endings = self.glossary_endings(root["endings"], self.pos_of_value(root, "endings"))
        for key in ("license",):
            self.text(root.get(key), self.pos_of_value(root, key), key)
        if "sources" in root:
            self.text_list(root["sources"], self.pos_of_value(root, "sources"), "sources")
        concepts_node = root.get("concepts")
        concepts: list[Concept] = []
        if "concepts" not in root:
            self.problem("missing-key", "missing 'concepts'", SourcePos(self.path, 1, 1))
        elif not isinstance(concepts_node, CommentedMap):
            self.problem(
                "wrong-type",
                f"'concepts' must be a mapping from concept ids to concepts, not "
                f"{_kind(concepts_node)}",
                self.pos_of_key(root, "concepts"),
            )
        else:
            for concept_id, node in concepts_node.items():
                concept = self.concept(concepts_node, concept_id, node, name)
                if concept is not None:
                    concepts.append(concept)
        return Glossary(name, self.path, description, languages, tuple(concepts), endings=endings)

    def glossary_endings(
        self, node: Any, pos: SourcePos
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Read the glossary's ``endings``: a mapping from language tags to lists of endings."""
        if not isinstance(node, CommentedMap):
            self.problem(
                "wrong-type",
                f"'endings' must be a mapping from language tags to lists of endings, not "
                f"{_kind(node)}",
                pos,
            )
            return ()
        found: dict[str, SourcePos] = {}
        out: list[tuple[str, tuple[str, ...]]] = []
        for key, value in node.items():
            key_pos = self.pos_of_key(node, key)
            lang = self.language(key, key_pos)
            if not lang:
                continue
            if lang in found:
                first = found[lang]
                self.problem(
                    "duplicate-language",
                    f"language '{lang}' given twice in the glossary's endings (first at line "
                    f"{first.line}, column {first.column})",
                    key_pos,
                )
                continue
            found[lang] = key_pos
            where = f"the glossary's endings for '{lang}'"
            out.append((lang, self.endings(value, self.pos_of_value(node, key), where)))
        return tuple(out)

    def endings(self, value: Any, pos: SourcePos, where: str) -> tuple[str, ...]:
        """Read a list of endings: letters to add (``ом``) or to put in place of others (``я>и``).

        Blank items are dropped; a malformed replacement (``я>``, ``>и``) is reported.
        """
        texts = self.text_list(value, pos, where)
        out: list[str] = []
        for i, text in enumerate(texts):
            ending = text.strip()
            if not ending:
                continue
            replaced, written = split_ending(ending)
            if REPLACES in ending and (
                not replaced
                or not written
                or REPLACES in written
                or any(ch.isspace() for ch in ending)
            ):
                self.problem(
                    "wrong-type",
                    f"ending {ending!r} in {where} must be letters to add ('ом') or a term's "
                    f"last letters, '{REPLACES}' and the letters that replace them "
                    f"('я{REPLACES}и')",
                    self.pos_of_item(value, i) if isinstance(value, CommentedSeq) else pos,
                )
                continue
            out.append(ending)
        return tuple(out)

    def language(self, tag: Any, pos: SourcePos) -> str:
        """Return the canonical spelling of a language tag, reporting unknown ones."""
        if not isinstance(tag, str):
            self.problem("unknown-language", f"{tag!r} is not a language tag", pos)
            return ""
        try:
            return canonical_tag(tag)
        except UnknownLanguageError as exc:
            self.problem("unknown-language", str(exc), pos)
            return ""

    def concept(
        self, parent: CommentedMap, concept_id: Any, node: Any, glossary: str
    ) -> Concept | None:
        """Build one concept; report its problems."""
        pos = self.pos_of_key(parent, concept_id)
        if not isinstance(concept_id, str) or not _CONCEPT_ID.match(concept_id):
            self.problem(
                "bad-concept-id",
                f"concept id {concept_id!r} must be a lower-case slug such as 'nikol-pashinyan'",
                pos,
            )
            return None
        if not isinstance(node, CommentedMap):
            self.problem(
                "wrong-type",
                f"concept '{concept_id}' must be a mapping of fields and languages, "
                f"not {_kind(node)}",
                self.pos_of_value(parent, concept_id),
            )
            return None
        fields: dict[str, tuple[Any, SourcePos]] = {}
        terms: list[Term] = []
        patterns: list[Pattern] = []
        seen_languages: dict[str, SourcePos] = {}
        for key, value in node.items():
            key_pos = self.pos_of_key(node, key)
            value_pos = self.pos_of_value(node, key)
            if key in CONCEPT_KEYS:
                fields[key] = (value, value_pos)
                continue
            if not isinstance(key, str):
                self.problem(
                    "unknown-key", f"unknown key {key!r} in concept '{concept_id}'", key_pos
                )
                continue
            try:
                lang = canonical_tag(key)
            except UnknownLanguageError as exc:
                self.problem(
                    "unknown-key" if "-" not in key and len(key) > 3 else "unknown-language",
                    f"'{key}' in concept '{concept_id}' is neither a concept field "
                    f"({', '.join(CONCEPT_KEYS)}) nor a known language tag: {exc}",
                    key_pos,
                )
                continue
            if lang in seen_languages:
                first = seen_languages[lang]
                self.problem(
                    "duplicate-language",
                    f"language '{lang}' given twice in concept '{concept_id}' (first at line "
                    f"{first.line}, column {first.column})",
                    key_pos,
                )
                continue
            seen_languages[lang] = key_pos
            section_terms, section_patterns = self.section(node, key, value, lang, concept_id)
            terms.extend(section_terms)
            patterns.extend(section_patterns)
        if all(key in CONCEPT_KEYS for key in node):
            self.problem("missing-key", f"concept '{concept_id}' has no language with a term", pos)
        return self._concept_from_fields(concept_id, fields, terms, patterns, glossary, pos)

    def _concept_from_fields(
        self,
        concept_id: str,
        fields: dict[str, tuple[Any, SourcePos]],
        terms: list[Term],
        patterns: list[Pattern],
        glossary: str,
        pos: SourcePos,
    ) -> Concept:
        """Check the concept-level fields and assemble the concept."""

        def field(key: str) -> tuple[Any, SourcePos]:
            return fields.get(key, (None, pos))

        ctype_value, ctype_pos = field("type")
        ctype = self.text(ctype_value, ctype_pos, "type") or "term"
        if ctype not in CONCEPT_TYPES:
            self.problem(
                "unknown-concept-type",
                f"unknown type '{ctype}'; known types: {', '.join(CONCEPT_TYPES)}",
                ctype_pos,
            )
        fuzzy_value, fuzzy_pos = field("fuzzy")
        fuzzy, fuzzy_min = (
            (True, None)
            if fuzzy_value is None
            else self.fuzzy_switch(fuzzy_value, fuzzy_pos, f"fuzzy of concept '{concept_id}'")
        )
        translate_value, translate_pos = field("translate")
        translate = (
            True
            if translate_value is None
            else self.flag(translate_value, translate_pos, "translate")
        )
        for key in ("created", "modified"):
            value, value_pos = field(key)
            if value is not None:
                self.date(value, value_pos)
        sources_value, sources_pos = field("sources")
        tags_value, tags_pos = field("tags")
        specs_value, specs_pos = field("specs")
        return Concept(
            id=concept_id,
            type=ctype,
            note=self.text(*field("note"), "note"),
            definition=self.text(*field("definition"), "definition"),
            sources=self.text_list(sources_value, sources_pos, "sources")
            if sources_value is not None
            else (),
            tags=self.text_list(tags_value, tags_pos, "tags") if tags_value is not None else (),
            fuzzy=fuzzy,
            fuzzy_min=fuzzy_min,
            translate=translate,
            terms=tuple(terms),
            patterns=tuple(patterns),
            specs=self.specs(specs_value, specs_pos, concept_id) if specs_value is not None else (),
            glossary=glossary,
            pos=pos,
        )

    def section(
        self, concept: CommentedMap, key: str, value: Any, lang: str, concept_id: str
    ) -> tuple[list[Term], list[Pattern]]:
        """Build the terms and patterns of one language of a concept."""
        pos = self.pos_of_value(concept, key)
        if isinstance(value, str) or value is None:
            term = self.term(value, pos, lang, concept_id, Status.PREFERRED, {})
            return ([term] if term else []), []
        if not isinstance(value, CommentedMap):
            self.problem(
                "wrong-type",
                f"language '{key}' of concept '{concept_id}' must be the preferred term or a "
                f"mapping of statuses, not {_kind(value)}",
                pos,
            )
            return [], []
        self.check_keys(value, SECTION_KEYS, f"language '{key}' of concept '{concept_id}'")
        defaults = self.term_options(value, f"language '{key}' of concept '{concept_id}'")
        terms: list[Term] = []
        for status in Status:
            if status.value not in value:
                continue
            node = value[status.value]
            node_pos = self.pos_of_value(value, status.value)
            if status is Status.PREFERRED and isinstance(node, CommentedSeq):
                self.problem(
                    "several-preferred",
                    f"'preferred' in language '{key}' of concept '{concept_id}' must be one "
                    "term; list the others as admitted",
                    node_pos,
                )
                continue
            items = list(enumerate(node)) if isinstance(node, CommentedSeq) else [(None, node)]
            for index, item in items:
                item_pos = node_pos if index is None else self.pos_of_item(node, index)
                term = self.term(item, item_pos, lang, concept_id, status, defaults)
                if term is not None:
                    terms.append(term)
        patterns = self.patterns(value, lang, concept_id, defaults) if "patterns" in value else []
        # a template rewrites its matches by itself; a term or a plain pattern needs a
        # preferred term to stand for (forbidden terms alone are only reported)
        needs_preferred = any(t.status is not Status.FORBIDDEN for t in terms) or any(
            p.replace is None and p.status is not Status.FORBIDDEN for p in patterns
        )
        if needs_preferred and not any(t.status is Status.PREFERRED for t in terms):
            self.problem(
                "no-preferred",
                f"language '{key}' of concept '{concept_id}' has terms but no preferred term",
                self.pos_of_key(concept, key),
            )
        return terms, patterns

    def patterns(
        self, section: CommentedMap, lang: str, concept_id: str, defaults: dict[str, Any]
    ) -> list[Pattern]:
        """Build the patterns of one language: each a regex, or a ``regex``/``replace`` mapping."""
        node = section["patterns"]
        pos = self.pos_of_value(section, "patterns")
        where = f"patterns of language '{lang}' of concept '{concept_id}'"
        items = list(enumerate(node)) if isinstance(node, CommentedSeq) else [(None, node)]
        patterns = []
        for index, item in items:
            item_pos = pos if index is None else self.pos_of_item(node, index)
            reported = len(self.problems)
            template: str | None = None
            status = Status.DEPRECATED
            if isinstance(item, CommentedMap):
                self.check_keys(item, PATTERN_KEYS, f"a pattern of concept '{concept_id}'")
                if "regex" not in item:
                    self.problem("missing-key", f"a pattern in {where} has no 'regex'", item_pos)
                    continue
                source = self.text(item["regex"], self.pos_of_value(item, "regex"), "regex")
                if "replace" in item:
                    template = self.text(
                        item["replace"], self.pos_of_value(item, "replace"), "replace"
                    )
                if "status" in item:
                    status = self.pattern_status(item)
            else:
                source = self.text(item, item_pos, f"each item of {where}")
            if len(self.problems) > reported or not self.check_regex(source, item_pos):
                continue
            if template is not None and not self.check_template(source, template, item):
                continue
            case_sensitive = bool(defaults.get("case_sensitive", False))
            patterns.append(
                Pattern(source, lang, concept_id, case_sensitive, template, status, item_pos)
            )
        return patterns

    def pattern_status(self, item: CommentedMap) -> Status:
        """Return a pattern's status: ``deprecated`` (the default) or ``forbidden``."""
        value = item["status"]
        if value in (Status.DEPRECATED.value, Status.FORBIDDEN.value):
            return Status(value)
        self.problem(
            "wrong-type",
            f"a pattern's status must be 'deprecated' or 'forbidden', not {value!r}",
            self.pos_of_value(item, "status"),
        )
        return Status.DEPRECATED

    def check_template(self, source: str, template: str, item: CommentedMap) -> bool:
        """Report a replacement template that refers to a group the pattern does not have."""
        problem = template_problem(source, template)
        if problem is not None:
            self.problem("bad-regex", problem, self.pos_of_value(item, "replace"))
        return problem is None

    def term_options(self, node: CommentedMap, where: str) -> dict[str, Any]:
        """Read the term options (``case-sensitive``, ``fuzzy``, ``endings``) of a mapping."""
        options: dict[str, Any] = {}
        if "case-sensitive" in node:
            options["case_sensitive"] = self.flag(
                node["case-sensitive"],
                self.pos_of_value(node, "case-sensitive"),
                f"case-sensitive in {where}",
            )
        if "fuzzy" in node:
            options["fuzzy"], options["fuzzy_min"] = self.fuzzy_switch(
                node["fuzzy"], self.pos_of_value(node, "fuzzy"), f"fuzzy in {where}"
            )
        if "endings" in node:
            options["endings"] = self.endings(
                node["endings"], self.pos_of_value(node, "endings"), f"endings in {where}"
            )
            options["own_endings"] = True
        if "note" in node:
            options["note"] = self.text(node["note"], self.pos_of_value(node, "note"), "note")
        return options

    def term(
        self,
        node: Any,
        pos: SourcePos,
        lang: str,
        concept_id: str,
        status: Status,
        defaults: dict[str, Any],
    ) -> Term | None:
        """Build one term from a text or a mapping with ``term`` and options."""
        options = {k: v for k, v in defaults.items() if k != "note"}
        where = f"a {status.value} term of language '{lang}' in concept '{concept_id}'"
        if isinstance(node, CommentedMap):
            self.check_keys(node, TERM_KEYS, where)
            if "term" not in node:
                self.problem("missing-key", f"missing 'term' in {where}", pos)
                return None
            text = self.text(node["term"], self.pos_of_value(node, "term"), "term")
            pos = self.pos_of_value(node, "term")
            options.update(self.term_options(node, where))
            for key in ("source", "pos"):
                if key in node:
                    options["source" if key == "source" else "part_of_speech"] = self.text(
                        node[key], self.pos_of_value(node, key), key
                    )
            if "date" in node:
                options["date"] = self.date(node["date"], self.pos_of_value(node, "date"))
        elif node is None or isinstance(node, str):
            text = node or ""
        else:
            self.problem("wrong-type", f"{where} must be text, not {_kind(node)}", pos)
            return None
        stripped = collapse_spaces(text)
        if not stripped:
            self.problem("empty-term", f"empty term in {where}", pos)
            return None
        if not fold(stripped):
            self.problem(
                "empty-term", f"term {stripped!r} in {where} has no letters or digits", pos
            )
            return None
        return Term(stripped, lang, status, concept_id, pos=pos, **options)

    def check_regex(self, pattern: str, pos: SourcePos) -> bool:
        """Report a pattern that does not compile or that matches the empty string."""
        try:
            compiled = compile_pattern(pattern)
        except regex.error as exc:
            self.problem("bad-regex", f"pattern {pattern!r} does not compile: {exc}", pos)
            return False
        if compiled.fullmatch(""):
            self.problem("bad-regex", f"pattern {pattern!r} matches the empty string", pos)
            return False
        return True

    def specs(self, node: Any, pos: SourcePos, concept_id: str) -> tuple[Spec, ...]:
        """Build the examples of a concept."""
        if not isinstance(node, CommentedSeq):
            self.problem("wrong-type", f"specs of concept '{concept_id}' must be a list", pos)
            return ()
        specs = []
        for i, item in enumerate(node):
            item_pos = self.pos_of_item(node, i)
            if not isinstance(item, CommentedMap):
                self.problem(
                    "wrong-type", "each spec must be a mapping with lang, from and to", item_pos
                )
                continue
            self.check_keys(item, SPEC_KEYS, f"a spec of concept '{concept_id}'")
            missing = [k for k in SPEC_KEYS if k not in item]
            if missing:
                self.problem("missing-key", f"spec is missing {', '.join(missing)}", item_pos)
                continue
            lang = self.language(item["lang"], self.pos_of_value(item, "lang"))
            source = self.text(item["from"], self.pos_of_value(item, "from"), "from")
            expected = self.text(item["to"], self.pos_of_value(item, "to"), "to")
            if lang:
                specs.append(Spec(lang, source, expected, concept_id, item_pos))
        return tuple(specs)


def _kind(value: Any) -> str:
    """Name the YAML kind of a value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return "a value of another kind"
