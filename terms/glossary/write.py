"""Glossaries as YAML in canonical form: what imports write and ``terms glossary fmt`` keeps.

Canonical form: top-level keys in the documented order (``endings`` after ``languages``);
concepts in their given order; in a concept, its fields (``type``, ``note``, ``definition``,
``sources``, ``tags``, ``fuzzy``, ``translate``), then one key per language (the glossary's
``languages`` order, then the others sorted), then ``specs``; in a language, statuses in TBX
order (preferred, admitted, deprecated, superseded, forbidden), then ``patterns``. A language
with only a preferred term and no options is written as that term alone; a term with options
as a mapping.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from terms.model import Concept, Glossary, Pattern, Status, Term


def _flow(items: Iterable[object]) -> CommentedSeq:
    """Return a list written in flow style (``[a, b]``)."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _term_node(term: Term) -> object:
    """Return a term as text, or as a mapping when it carries options."""
    options = CommentedMap()
    if term.case_sensitive:
        options["case-sensitive"] = True
    if not term.fuzzy:
        options["fuzzy"] = False
    elif term.fuzzy_min is not None:
        options["fuzzy"] = term.fuzzy_min
    if term.endings:
        options["endings"] = _flow(term.endings)
    elif term.own_endings:
        options["endings"] = _flow(())  # none of the glossary's endings
    for key, value in (("note", term.note), ("source", term.source), ("pos", term.part_of_speech)):
        if value:
            options[key] = value
    if term.date is not None:
        options["date"] = term.date.isoformat()
    if not options:
        return term.text
    node = CommentedMap(term=term.text)
    node.update(options)
    node.fa.set_flow_style()
    return node


def _language_node(terms: list[Term], patterns: list[Pattern]) -> object:
    """Return one language's terms: the preferred term alone, or a mapping of statuses."""
    by_status: dict[Status, list[object]] = defaultdict(list)
    for term in terms:
        by_status[term.status].append(_term_node(term))
    preferred = by_status.get(Status.PREFERRED, [])
    alone = len(by_status) == 1 and len(preferred) == 1 and not patterns
    if alone and isinstance(preferred[0], str):
        return preferred[0]
    node = CommentedMap()
    for status in Status:
        values = by_status.get(status)
        if not values:
            continue
        node[status.value] = values[0] if status is Status.PREFERRED else _flow(values)
    if patterns:
        node["patterns"] = _flow(_pattern_node(p) for p in patterns)
    return node


def _pattern_node(pattern: Pattern) -> object:
    """Return a pattern as its regex, or as a ``regex``/``replace`` mapping with a template."""
    if pattern.replace is None and pattern.status is Status.DEPRECATED:
        return pattern.regex
    node = CommentedMap(regex=pattern.regex)
    if pattern.replace is not None:
        node["replace"] = pattern.replace
    if pattern.status is not Status.DEPRECATED:
        node["status"] = pattern.status.value
    node.fa.set_flow_style()
    return node


def concept_node(concept: Concept, language_order: Iterable[str] = ()) -> CommentedMap:
    """Return a concept as a YAML mapping in canonical form."""
    node = CommentedMap()
    if concept.type != "term":
        node["type"] = concept.type
    for key, value in (("note", concept.note), ("definition", concept.definition)):
        if value:
            node[key] = value
    if concept.sources:
        node["sources"] = list(concept.sources)
    if concept.tags:
        node["tags"] = _flow(concept.tags)
    if not concept.fuzzy:
        node["fuzzy"] = False
    elif concept.fuzzy_min is not None:
        node["fuzzy"] = concept.fuzzy_min
    if not concept.translate:
        node["translate"] = False
    terms: dict[str, list[Term]] = defaultdict(list)
    patterns: dict[str, list[Pattern]] = defaultdict(list)
    for term in concept.terms:
        terms[term.lang].append(term)
    for pattern in concept.patterns:
        patterns[pattern.lang].append(pattern)
    order = [lang for lang in language_order if lang in terms or lang in patterns]
    order += sorted((set(terms) | set(patterns)) - set(order))
    for lang in order:
        node[lang] = _language_node(terms[lang], patterns[lang])
    if concept.specs:
        specs = CommentedSeq()
        for spec in concept.specs:
            item = CommentedMap(lang=spec.lang)
            item["from"] = spec.source
            item["to"] = spec.expected
            item.fa.set_flow_style()
            specs.append(item)
        node["specs"] = specs
    return node


def glossary_node(glossary: Glossary, license_text: str = "") -> CommentedMap:
    """Return a whole glossary as a YAML mapping in canonical form."""
    node = CommentedMap(version=1)
    node["name"] = glossary.name
    if glossary.description:
        node["description"] = glossary.description
    if license_text:
        node["license"] = license_text
    if glossary.languages:
        node["languages"] = _flow(glossary.languages)
    if glossary.endings:
        endings = CommentedMap()
        for lang, items in glossary.endings:
            endings[lang] = _flow(items)
        node["endings"] = endings
    concepts = CommentedMap()
    for concept in glossary.concepts:
        concepts[concept.id] = concept_node(concept, glossary.languages)
    node["concepts"] = concepts
    return node


def dump_yaml(node: object) -> str:
    """Return YAML text for a node, in the project's style (2-space indents, wide lines)."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(node, out)
    return out.getvalue()


def dump_glossary(glossary: Glossary, header: str = "") -> str:
    """Return a glossary as YAML text in canonical form, after an optional comment header.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text('''version: 1
    ... name: demo
    ... concepts:
    ...   baku: {type: place, es: Bakú, en: {deprecated: [Baky], preferred: Baku}}
    ... ''')
    >>> print(dump_glossary(g), end="")
    version: 1
    name: demo
    concepts:
      baku:
        type: place
        en:
          preferred: Baku
          deprecated: [Baky]
        es: Bakú
    """
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + dump_yaml(glossary_node(glossary))
