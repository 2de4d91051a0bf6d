"""The CLI's surface: help everywhere, one-line errors, no tracebacks."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from recoupe.cli import app

runner = CliRunner()
COMMANDS = ["analyze", "quotes", "entities", "show", "export", "stats", "bench", "timeline", "claims", "stances",
            "disputes", "signals", "clusters", "serve", "brief"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_everywhere(command):
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "Usage" in res.output


def test_missing_path_is_one_clear_line(tmp_path):
    res = runner.invoke(app, ["analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2
    assert "input not found" in res.output and "Traceback" not in res.output


def test_unknown_format_is_one_clear_line(tmp_path):
    f = tmp_path / "data.xlsx"
    f.write_bytes(b"PK\x03\x04")
    res = runner.invoke(app, ["analyze", str(f), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert ".txt" in res.output  # the message names the supported formats


def test_corrupt_database_is_one_clear_line(tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(b"this is not a database" * 100)
    res = runner.invoke(app, ["stats", "--db", str(db)])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "error" in res.output.lower()


def test_unknown_entity_type_names_the_valid_ones(tmp_path):
    res = runner.invoke(app, ["entities", "--type", "XYZ", "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "PER, ORG, LOC, MISC" in res.output


def test_unknown_article(tmp_path):
    res = runner.invoke(app, ["show", "nope", "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "no article" in res.output


def test_bad_gazetteer_file_is_one_clear_line(tmp_path):
    bad = tmp_path / "gaz.yaml"
    bad.write_text("- {name: X, type: PLANET}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Un article.\n", encoding="utf-8")
    args = ["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db"), "--gazetteer", str(bad)]
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and "Traceback" not in res.output
