"""End-to-end tests of the ``terms`` command line, run as a real subprocess.

Every test runs ``python -m terms`` with its working folder inside pytest's ``tmp_path``, so
that no configuration file of the repository is found; fixtures are small files written there.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from terms.config import KEYS

ENV = dict(os.environ, PYTHONIOENCODING="utf-8")
OLD_TIME_NS = 1_000_000_000 * 10**9  # 2001-09-09: any rewrite would move the mtime


def terms(
    *args: str | Path, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m terms ARGS`` in ``cwd`` and return the finished process."""
    proc = subprocess.run(
        [sys.executable, "-m", "terms", *map(str, args)],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=ENV,
        check=False,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


def out(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stdout.decode("utf-8")


def err(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8")


def write(path: Path, text: str) -> Path:
    """Write UTF-8 text exactly (no newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


# A tiny glossary: one concept, with a deprecated and a forbidden variant.
TINY_GLOSSARY = """\
version: 1
name: tiny
concepts:
  widget:
    type: term
    en:
      preferred: widget
      deprecated: [gadgetry]
      forbidden: [doohickey]
"""


# --- stdin to stdout ------------------------------------------------------------------------


def test_stdin_to_stdout_in_english_by_default(tmp_path: Path) -> None:
    proc = terms("normalize", cwd=tmp_path, stdin="Nikol Pashinián met Alíev\n".encode())
    assert proc.returncode == 0
    assert out(proc) == "Nikol Pashinyan met Aliyev\n"
    assert proc.stderr == b""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Pachinian met Poutine in Erevan, not Bakou.\n"),
        ("de", "Paschinjan met Putin in Jerewan, not Baku.\n"),
    ],
)
def test_stdin_to_stdout_with_lang(tmp_path: Path, lang: str, expected: str) -> None:
    source = "Pashinyan met Putin in Yerevan, not Baku.\n"
    proc = terms("normalize", "--lang", lang, cwd=tmp_path, stdin=source.encode())
    assert proc.returncode == 0
    assert out(proc) == expected
    assert proc.stderr == b""


def test_stdin_keeps_bom_crlf_and_line_breaks_inside_names(tmp_path: Path) -> None:
    source = codecs.BOM_UTF8 + "Nikol\r\nPashinián met Alíev\r\nin Moscú\r\n".encode()
    proc = terms("normalize", "-", cwd=tmp_path, stdin=source)
    assert proc.returncode == 0
    assert proc.stdout == codecs.BOM_UTF8 + b"Nikol\r\nPashinyan met Aliyev\r\nin Moscow\r\n"


def test_unknown_lang_is_a_usage_error(tmp_path: Path) -> None:
    proc = terms("normalize", "--lang", "zz-!!", cwd=tmp_path, stdin=b"Putin\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert err(proc).startswith("<command line>: error TRM033: --lang: 'zz-!!'")


# --- --diff ---------------------------------------------------------------------------------


def test_diff_prints_unified_diff_and_exits_1(tmp_path: Path) -> None:
    doc = write(tmp_path / "news.txt", "Pashinián spoke.\nNothing here.\nIn Erevan")
    before = doc.read_bytes()
    proc = terms("normalize", "--diff", "news.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert out(proc) == (
        "--- a/news.txt\n"
        "+++ b/news.txt\n"
        "@@ -1,3 +1,3 @@\n"
        "-Pashinián spoke.\n"
        "+Pashinyan spoke.\n"
        " Nothing here.\n"
        "-In Erevan\n"
        "\\ No newline at end of file\n"
        "+In Yerevan\n"
        "\\ No newline at end of file\n"
    )
    assert proc.stderr == b""
    assert doc.read_bytes() == before


def test_diff_without_changes_is_empty_and_exits_0(tmp_path: Path) -> None:
    doc = write(tmp_path / "clean.txt", "Nikol Pashinyan met Ilham Aliyev in Baku.\n")
    proc = terms("normalize", "--diff", doc.name, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == b""
    assert proc.stderr == b""


# --- --check --------------------------------------------------------------------------------


def test_check_reports_files_that_would_change(tmp_path: Path) -> None:
    dirty = write(tmp_path / "dirty.txt", "Nikol Pashinián met Alíev.\n")
    clean = write(tmp_path / "clean.txt", "Nikol Pashinyan met Aliyev.\n")
    dirty_before, clean_before = dirty.read_bytes(), clean.read_bytes()
    proc = terms("normalize", "--check", "dirty.txt", "clean.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert out(proc) == "would normalize dirty.txt (2 changes)\n"
    assert proc.stderr == b""
    assert dirty.read_bytes() == dirty_before
    assert clean.read_bytes() == clean_before


# --- --write --------------------------------------------------------------------------------


def test_write_keeps_bom_crlf_and_mode_and_leaves_clean_files_alone(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_bytes(codecs.BOM_UTF8 + "Nikol Pashinián\r\nmet Alíev\r\n".encode())
    dirty.chmod(0o640)
    clean = write(tmp_path / "clean.txt", "Nikol Pashinyan met Aliyev.\n")
    os.utime(clean, ns=(OLD_TIME_NS, OLD_TIME_NS))
    clean_before = clean.stat()

    first = terms("normalize", "--write", "dirty.txt", "clean.txt", cwd=tmp_path)
    assert first.returncode == 0
    assert first.stdout == b""
    assert err(first) == "normalized dirty.txt (2 changes)\n"
    assert dirty.read_bytes() == codecs.BOM_UTF8 + b"Nikol Pashinyan\r\nmet Aliyev\r\n"
    assert stat.S_IMODE(dirty.stat().st_mode) == 0o640
    clean_after = clean.stat()
    assert clean.read_bytes() == b"Nikol Pashinyan met Aliyev.\n"
    assert clean_after.st_ino == clean_before.st_ino
    assert clean_after.st_mtime_ns == clean_before.st_mtime_ns == OLD_TIME_NS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt", "dirty.txt"]

    # Idempotent: a second run rewrites nothing, and --check agrees.
    os.utime(dirty, ns=(OLD_TIME_NS, OLD_TIME_NS))
    dirty_written = dirty.stat()
    second = terms("normalize", "-w", "dirty.txt", "clean.txt", cwd=tmp_path)
    assert second.returncode == 0
    assert second.stdout == b""
    assert second.stderr == b""
    assert dirty.stat().st_ino == dirty_written.st_ino
    assert dirty.stat().st_mtime_ns == OLD_TIME_NS
    check = terms("normalize", "--check", "dirty.txt", "clean.txt", cwd=tmp_path)
    assert check.returncode == 0
    assert check.stdout == b""


def test_write_through_symlink_and_utf16(tmp_path: Path) -> None:
    real = write(tmp_path / "real.txt", "in Bakú\n")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + "Alíev\r\n".encode("utf-16-le"))
    proc = terms("normalize", "--write", "link.txt", "u16.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert err(proc) == "normalized link.txt (1 change)\nnormalized u16.txt (1 change)\n"
    assert link.is_symlink()
    assert os.readlink(link) == "real.txt"
    assert real.read_bytes() == b"in Baku\n"
    assert utf16.read_bytes() == codecs.BOM_UTF16_LE + "Aliyev\r\n".encode("utf-16-le")


# --- --format json --------------------------------------------------------------------------

JSON_SOURCE = (
    "PASHINIAN met Пашиняна in Nakhichevan.\r\nLater, Nikol\nPashinián flew 😀 to Moscú and Baku.\n"
)
JSON_EXPECTED = (
    "PASHINYAN met Pashinyan in Nakhchivan.\r\n"
    "Later, Nikol\n"
    "Pashinyan flew 😀 to Moscow and Baku.\n"
)
RECORD_FIELDS = {
    "start", "end", "line", "column", "end_line", "end_column", "original", "replacement",
    "concept", "candidates", "lang", "target_lang", "status", "kind", "score", "safe",
    "applied",
}  # fmt: skip


def pick(record: dict[str, Any], keys: str) -> tuple[Any, ...]:
    return tuple(record[key] for key in keys.split())


def apply_records(text: str, records: list[dict[str, Any]]) -> str:
    """Apply the applied records' replacements to the input, as a consumer of the JSON would."""
    pieces, position = [], 0
    for record in sorted(records, key=lambda r: r["start"]):
        if not record["applied"]:
            continue
        assert record["start"] >= position
        pieces += [text[position : record["start"]], record["replacement"]]
        position = record["end"]
    return "".join([*pieces, text[position:]])


def test_json_records(tmp_path: Path) -> None:
    write(tmp_path / "news.txt", JSON_SOURCE)
    proc = terms(
        "normalize",
        "--format",
        "json",
        "news.txt",
        "-",
        cwd=tmp_path,
        stdin=b"Nothing to do.\n",
    )
    assert proc.returncode == 0
    assert proc.stderr == b""
    document = json.loads(out(proc))
    assert document["version"] == 1
    assert document["target_lang"] == "en"
    assert document["errors"] == []
    assert [f["path"] for f in document["files"]] == ["news.txt", "<stdin>"]
    assert document["files"][1] == {"path": "<stdin>", "changed": False, "changes": []}

    news = document["files"][0]
    assert news["changed"] is True
    records = news["changes"]
    assert len(records) == 5
    for record in records:
        assert record.keys() >= RECORD_FIELDS
        assert record["target_lang"] == "en"
        assert JSON_SOURCE[record["start"] : record["end"]] == record["original"]
        assert record["candidates"] == [record["concept"]]
        assert record["safe"] is True
        assert record["applied"] is True
        assert record["score"] == 100.0
    assert apply_records(JSON_SOURCE, records) == JSON_EXPECTED

    by_original = {r["original"]: r for r in records}
    case = by_original["PASHINIAN"]
    assert pick(case, "replacement concept kind status") == (
        "PASHINYAN", "pashinyan", "case", "deprecated",
    )  # fmt: skip
    russian = by_original["Пашиняна"]
    assert pick(russian, "replacement lang start end") == ("Pashinyan", "ru", 14, 22)
    across = by_original["Nikol\nPashinián"]
    assert pick(across, "replacement concept") == ("Nikol\nPashinyan", "nikol-pashinyan")
    assert pick(across, "line column end_line end_column") == (2, 8, 3, 10)
    moscow = by_original["Moscú"]  # after an astral emoji: columns count code points
    assert pick(moscow, "line column end_line end_column") == (3, 21, 3, 26)
    assert pick(moscow, "replacement lang") == ("Moscow", "es")


def test_json_check_reports_errors_in_json_and_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "ok.txt", "Alíev\n")
    proc = terms(
        "normalize",
        "--check",
        "--format",
        "json",
        "--lang",
        "fr",
        "ok.txt",
        "missing.txt",
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "would normalize" not in out(proc)
    document = json.loads(out(proc))
    assert document["target_lang"] == "fr"
    assert [f["path"] for f in document["files"]] == ["ok.txt"]
    assert document["files"][0]["changed"] is True
    assert document["files"][0]["changes"][0]["replacement"] == "Aliev"
    assert document["errors"] == [
        {
            "code": "TRM030",
            "message": "cannot read: No such file or directory",
            "path": "missing.txt",
            "line": 0,
            "column": 0,
        }
    ]
    assert err(proc) == "missing.txt: error TRM030: cannot read: No such file or directory\n"


# --- modes that cannot be combined ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--write", "--diff", "a.txt"],
            "error: argument --diff: not allowed with argument --write/-w",
        ),
        (["--write"], "<command line>: error TRM033: --write cannot rewrite stdin"),
        (
            ["a.txt", "b.txt"],
            "<command line>: error TRM033: several inputs need --write, --diff, --check "
            "or --format json",
        ),
        (
            ["--diff", "--format", "json", "a.txt"],
            "<command line>: error TRM033: --diff and --format json cannot be combined",
        ),
        (["--check", "-", "-"], "<command line>: error TRM033: '-' (stdin) can be given only once"),
    ],
    ids=["write-diff", "write-stdin", "several-paths", "diff-json", "stdin-twice"],
)
def test_incompatible_modes_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    a = write(tmp_path / "a.txt", "Alíev\n")
    write(tmp_path / "b.txt", "Alíev\n")
    proc = terms("normalize", *args, cwd=tmp_path, stdin=b"Al\xc3\xadev\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert message in err(proc)
    assert a.read_bytes() == "Alíev\n".encode()


# --- unreadable inputs ----------------------------------------------------------------------


def test_bad_inputs_are_reported_and_the_others_still_written(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Alíev\n")
    bad_utf8 = tmp_path / "latin1.txt"
    bad_utf8.write_bytes(b"ok\nBak\xfa\n")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"ab\ncd\x00ef Al\xc3\xadev")
    (tmp_path / "folder").mkdir()
    proc = terms(
        "normalize",
        "--write",
        "missing.txt",
        "latin1.txt",
        "blob.bin",
        "folder",
        "good.txt",
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert err(proc).splitlines() == [
        "missing.txt: error TRM030: cannot read: No such file or directory",
        "latin1.txt:2:4: error TRM032: not valid UTF-8 (byte 0xfa)",
        "blob.bin:2:3: error TRM031: binary file (NUL byte); not text",
        "folder: error TRM030: cannot read: Is a directory",
        "normalized good.txt (1 change)",
    ]
    assert good.read_bytes() == b"Aliyev\n"
    assert bad_utf8.read_bytes() == b"ok\nBak\xfa\n"
    assert binary.read_bytes() == b"ab\ncd\x00ef Al\xc3\xadev"
    assert not (tmp_path / "missing.txt").exists()


def test_invalid_utf8_on_stdin(tmp_path: Path) -> None:
    proc = terms("normalize", cwd=tmp_path, stdin=b"Bak\xc3\xba\nok \xff\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert err(proc) == "<stdin>:2:4: error TRM032: not valid UTF-8 (byte 0xff)\n"


def test_invalid_utf8_after_bom_column(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + b"ab\xff\n")
    proc = terms("normalize", "bom.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert err(proc).startswith("bom.txt:1:3: error TRM032: ")


def test_invalid_utf16_column(tmp_path: Path) -> None:
    # "abc" then a lone high surrogate: the bad character is the 4th of line 1.
    data = codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8"
    (tmp_path / "u16.txt").write_bytes(data)
    proc = terms("normalize", "u16.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert err(proc).startswith("u16.txt:1:4: error TRM032: ")


def test_write_failure_is_reported_without_traceback(tmp_path: Path) -> None:
    # a legal name whose temporary sibling ".<name>.XXXXXXXX.tmp" is too long to create
    name = "n" * (os.pathconf(tmp_path, "PC_NAME_MAX") - 4) + ".txt"
    doc = write(tmp_path / name, "Alíev\n")
    proc = subprocess.run(
        [sys.executable, "-m", "terms", "normalize", "--write", name],
        cwd=tmp_path,
        capture_output=True,
        env=ENV,
        check=False,
    )
    assert doc.read_bytes() == "Alíev\n".encode()
    assert b"Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert name in err(proc)


# --- glossary errors ------------------------------------------------------------------------

BAD_GLOSSARIES = {
    "yaml-syntax": (
        """\
version: 1
name: bad
concepts:
  widget:
    en: widget
      type: term
""",
        "bad.yaml:6:11: error TRM001: mapping values are not allowed here",
    ),
    "unknown-key": (
        """\
version: 1
name: bad
concepts:
  widget:
    type: term
    colour: blue
    en: widget
""",
        "bad.yaml:6:5: error TRM002: 'colour' in concept 'widget'",
    ),
    "duplicate-form": (
        """\
version: 1
name: bad
concepts:
  widget:
    en:
      preferred: widget
      deprecated: [gadget]
  gizmo:
    en:
      preferred: gizmo
      deprecated: [thingamajig, gadget]
""",
        "bad.yaml:11:33: error TRM013: 'gadget' in language 'en' is already listed by "
        "concept 'widget' (at bad.yaml:7:20)",
    ),
    "spec-failed": (
        """\
version: 1
name: bad
concepts:
  widget:
    type: term
    en:
      preferred: widget
      deprecated: [gadgetry]
    specs:
      - {lang: en, from: "more gadgetry", to: "more widget"}
      - {lang: en, from: "gadgetry", to: "gizmo"}
""",
        "bad.yaml:11:9: error TRM016: spec of concept 'widget' failed: 'gadgetry' into 'en' "
        "gave 'widget', expected 'gizmo'",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_GLOSSARIES))
def test_bad_glossary_exits_2_and_writes_nothing(tmp_path: Path, kind: str) -> None:
    text, expected = BAD_GLOSSARIES[kind]
    write(tmp_path / "bad.yaml", text)
    doc = write(tmp_path / "doc.txt", "Alíev bought gadgetry\n")
    os.utime(doc, ns=(OLD_TIME_NS, OLD_TIME_NS))
    proc = terms("normalize", "--glossary", "bad.yaml", "--write", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    lines = err(proc).splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(expected)
    assert doc.read_bytes() == "Alíev bought gadgetry\n".encode()
    assert doc.stat().st_mtime_ns == OLD_TIME_NS


def test_missing_glossary_exits_2(tmp_path: Path) -> None:
    proc = terms("normalize", "-g", "nope.yaml", cwd=tmp_path, stdin=b"Putin\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert err(proc).startswith("nope.yaml: error TRM030: cannot read glossary")


# --- --glossary -----------------------------------------------------------------------------


def test_glossary_option_replaces_bundled_glossaries(tmp_path: Path) -> None:
    write(tmp_path / "tiny.yaml", TINY_GLOSSARY)
    source = "Pashinián bought gadgetry and a doohickey in Moscú.\n".encode()
    proc = terms("normalize", "--glossary", "tiny.yaml", cwd=tmp_path, stdin=source)
    assert proc.returncode == 0
    assert out(proc) == "Pashinián bought widget and a doohickey in Moscú.\n"
    # the forbidden term is left, and said so on stderr
    assert err(proc) == (
        "<stdin>:1:33: warning: forbidden term 'doohickey' (use 'widget'); "
        "rewritten only with --rewrite-forbidden\n"
    )


def test_rewrite_forbidden(tmp_path: Path) -> None:
    write(tmp_path / "tiny.yaml", TINY_GLOSSARY)
    source = b"a doohickey and gadgetry\n"
    proc = terms("normalize", "-g", "tiny.yaml", "--rewrite-forbidden", cwd=tmp_path, stdin=source)
    assert proc.returncode == 0
    assert out(proc) == "a widget and widget\n"


# --- configuration --------------------------------------------------------------------------


def test_terms_toml_lang_is_used(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'lang = "fr"\n')
    proc = terms("normalize", cwd=tmp_path, stdin=b"Putin and Pashinyan\n")
    assert proc.returncode == 0
    assert out(proc) == "Poutine and Pachinian\n"


def test_terms_toml_is_found_from_a_subfolder(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'lang = "fr"\n')
    sub = tmp_path / "docs" / "deep"
    # A pyproject.toml without [tool.terms] on the way up is not a configuration.
    write(tmp_path / "docs" / "pyproject.toml", '[project]\nname = "x"\nlang = "de"\n')
    write(sub / "a.txt", "Putin\n")
    proc = terms("normalize", "--diff", "a.txt", cwd=sub)
    assert proc.returncode == 1
    assert out(proc).endswith("-Putin\n+Poutine\n")


def test_lang_option_overrides_config(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'lang = "fr"\n')
    proc = terms("normalize", "--lang", "de", cwd=tmp_path, stdin=b"Peskov and Putin\n")
    assert proc.returncode == 0
    assert out(proc) == "Peskow and Putin\n"


def test_pyproject_tool_terms_is_used(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.other]\nlang = "de"\n\n[tool.terms]\nlang = "fr"\n',
    )
    sub = tmp_path / "src"
    sub.mkdir()
    proc = terms("normalize", cwd=sub, stdin=b"Putin\n")
    assert proc.returncode == 0
    assert out(proc) == "Poutine\n"


def test_terms_toml_unknown_key(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'lang = "fr"\n\n  colour = "blue"\n')
    doc = write(tmp_path / "a.txt", "Putin\n")
    proc = terms("normalize", "--write", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert err(proc).endswith(
        f"terms.toml:3:3: error TRM021: unknown key 'colour'; allowed keys: {', '.join(KEYS)}\n"
    )
    assert doc.read_bytes() == b"Putin\n"


def test_pyproject_unknown_key_position_is_inside_tool_terms(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\ncolor = 1\n\n[tool.terms]\nlang = "fr"\ncolor = 2\n',
    )
    proc = terms("normalize", cwd=tmp_path, stdin=b"Putin\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert err(proc).endswith(
        f"pyproject.toml:6:1: error TRM021: unknown key 'color'; allowed keys: {', '.join(KEYS)}\n"
    )


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('lang = "fr\n', "terms.toml:1:11: error TRM020: "),
        ('lang = "fr"\nbundled = "no"\n', "terms.toml:2:1: error TRM022: 'bundled' must be "),
    ],
    ids=["syntax", "wrong-value"],
)
def test_bad_config_value(tmp_path: Path, config: str, expected: str) -> None:
    write(tmp_path / "terms.toml", config)
    proc = terms("normalize", cwd=tmp_path, stdin=b"Putin\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert expected in err(proc)


def test_terms_toml_unknown_table_has_position(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'lang = "fr"\n\n[extra]\nx = 1\n')
    proc = terms("normalize", cwd=tmp_path, stdin=b"Putin\n")
    assert proc.returncode == 2
    assert "terms.toml:3:1: error TRM021: unknown key 'extra'" in err(proc)


def test_config_glossaries_are_relative_to_the_config_file(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'glossaries = ["gl/tiny.yaml"]\n')
    write(tmp_path / "gl" / "tiny.yaml", TINY_GLOSSARY)
    sub = tmp_path / "work"
    sub.mkdir()
    proc = terms("normalize", cwd=sub, stdin="Pashinián bought gadgetry\n".encode())
    assert proc.returncode == 0
    assert out(proc) == "Pashinyan bought widget\n"  # bundled and configured glossaries


def test_config_bundled_false(tmp_path: Path) -> None:
    write(tmp_path / "terms.toml", 'bundled = false\nglossaries = ["gl/tiny.yaml"]\n')
    write(tmp_path / "gl" / "tiny.yaml", TINY_GLOSSARY)
    sub = tmp_path / "work"
    sub.mkdir()
    proc = terms("normalize", cwd=sub, stdin="Pashinián bought gadgetry\n".encode())
    assert proc.returncode == 0
    assert out(proc) == "Pashinián bought widget\n"


def test_explicit_config_option(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "my.toml", 'lang = "fr"\n')
    write(tmp_path / "terms.toml", 'lang = "de"\n')
    proc = terms("normalize", "--config", "elsewhere/my.toml", cwd=tmp_path, stdin=b"Putin\n")
    assert proc.returncode == 0
    assert out(proc) == "Poutine\n"


# --- the program ----------------------------------------------------------------------------


def test_version(tmp_path: Path) -> None:
    proc = terms("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert out(proc).startswith("terms ")
    version = out(proc).split()[1]
    assert version[0].isdigit() and "." in version


def test_no_subcommand_exits_2(tmp_path: Path) -> None:
    proc = terms(cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert "usage: terms" in err(proc)
    assert "normalize" in err(proc)
