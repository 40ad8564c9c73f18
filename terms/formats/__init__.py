"""Document formats: which adapter reads a file, chosen by extension or by name.

Each adapter turns a decoded document into segments of translatable text
(:class:`terms.formats.base.Document`); writing back applies edits to the decoded text, so
only the characters that change differ.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePath

from terms.formats.base import MASK, Document, Edit, Segment, Suppression, apply_edits

__all__ = [
    "FORMATS",
    "MASK",
    "Document",
    "Edit",
    "Segment",
    "Suppression",
    "apply_edits",
    "format_for",
    "read_as",
]

# format name -> (module, reader function)
_READERS = {
    "text": ("terms.formats.text", "read_text"),
    "markdown": ("terms.formats.markdown", "read_markdown"),
    "html": ("terms.formats.html", "read_html"),
    "po": ("terms.formats.po", "read_po"),
}
FORMATS = tuple(_READERS)
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".po": "po",
    ".pot": "po",
}


def format_for(path: str, overrides: dict[str, str] | None = None) -> str:
    """Return the format of ``path``: from ``overrides`` (extension -> format), else its extension.

    Unknown extensions are plain text.

    >>> format_for("a/b.PO"), format_for("notes"), format_for("x.txt", {".txt": "markdown"})
    ('po', 'text', 'markdown')
    """
    suffix = PurePath(path).suffix.lower()
    if overrides and suffix in overrides:
        return overrides[suffix]
    return EXTENSIONS.get(suffix, "text")


def read_as(fmt: str, path: str, text: str, *, html_attributes: bool = False) -> Document:
    """Read decoded ``text`` of ``path`` with the adapter of format ``fmt``.

    ``html_attributes`` makes the ``alt`` and ``title`` attributes of HTML text too.

    >>> [s.text for s in read_as("html", "a.html", '<img alt="Karabaj">', html_attributes=True)
    ...  .segments]
    ['Karabaj']
    """
    module, name = _READERS[fmt]
    reader: Callable[..., Document] = getattr(importlib.import_module(module), name)
    if fmt == "html" and html_attributes:
        return reader(path, text, attributes=True)
    return reader(path, text)
