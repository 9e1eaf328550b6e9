"""Hostile corpus — values on the command line and in the environment. Every usage mistake is
one line, `error: COMMAND: what — see 'COMMAND --help'`, exit 2, while `--help` prints the
help as always; an edition named twice is built once (it used to loop forever holding the
lock); `--jobs` is bounded; SOURCE_DATE_EPOCH and the limits must be numbers in range.
Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import pytest
from trust import snapshot

USAGE = {
    "unknown option": (("build", "--bogus"), "pamphlet build: No such option '--bogus'"),
    "no jobs": (("build", "--jobs", "0"), "'--jobs' / '-j': 0 is not in the range 1<=x<=64"),
    "too many jobs": (("build", "-j", "100000"), "100000 is not in the range 1<=x<=64"),
    "jobs not a number": (("build", "-j", "many"), "'many' is not a valid integer"),
    "unknown command": (("frob",), "pamphlet: No such command 'frob'"),
    "missing argument": (("preview",), "pamphlet preview: Missing argument 'SLUG'"),
    "size out of range": (("preview", "tiny", "--size", "5"), "5 is not in the range"),
    "unknown edition": (("build", "-e", "pdf"), '--edition: unknown edition "pdf"'),
    "unknown title": (("build", "tinny"), 'no title "tinny" in sources/ — did you mean "tiny"?'),
    "no workspace": (("-C", "/nonexistent", "build"), "not inside a pamphlet workspace"),
}


@pytest.mark.parametrize(("args", "says"), USAGE.values(), ids=USAGE.keys())
def test_a_usage_mistake_is_one_line(hostile, args, says):
    h = hostile
    before = snapshot(h.build)
    run = h.run(*args)
    h.check(run, status=2, says=says, build_as_before=before, seconds=20)
    assert "Usage:" not in run.result.stderr and "Try '" not in run.result.stderr


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("watch", "--help")])
def test_help_is_unchanged(hostile, args):
    h = hostile
    run = h.run(*args)
    h.check(run, status=0)
    first = run.result.stdout.splitlines()[0]  # the program is "python -m pamphlet" here
    assert first.startswith("Usage: ") and "pamphlet" in first and args[0] in first + " --help"
    assert "Show this message and exit." in run.result.stdout and run.result.stderr == ""


def test_pamphlet_alone_prints_the_help(hostile):
    run = hostile.run()
    assert run.result.returncode == 2 and run.result.stderr.startswith("Usage: ")
    assert "Commands:" in run.result.stderr
    hostile.check_contained(run)


@pytest.mark.parametrize(
    "how",
    [
        ("--edition", "screen", "--edition", "screen"),
        ("-e", "html", "-e", "screen", "-e", "html"),
    ],
)
def test_an_edition_named_twice_is_built_once(hostile, how):
    h = hostile
    run = h.run("build", "tiny", "--force", *how, timeout=60)
    h.check(run, status=0, seconds=60)
    assert run.result.stderr.count("tiny: screen ") == 1


def test_an_edition_named_twice_in_the_manifest_is_built_once(hostile):
    h = hostile
    manifest = h.title / "pamphlet.toml"
    h.write(
        "sources/tiny/pamphlet.toml",
        manifest.read_text().replace('editions = ["screen"]', 'editions = ["screen", "screen"]'),
    )
    run = h.run("build", "tiny", "--force", timeout=60)
    h.check(run, status=0, seconds=60)
    assert run.result.stderr.count("tiny: screen ") == 1


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SOURCE_DATE_EPOCH", "99999999999999999999", "is not a number of seconds between 1970"),
        ("SOURCE_DATE_EPOCH", "yesterday", '"yesterday" is not a number of seconds'),
        ("SOURCE_DATE_EPOCH", "-5", '"-5" is not a number of seconds'),
        ("SOURCE_DATE_EPOCH", "１２３", "is not a number of seconds"),  # full-width digits
    ],
)
def test_an_environment_value_out_of_range_is_one_line(hostile, name, value, says):
    h = hostile
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force", env={name: value})
    h.check(run, status=2, says=says, where=name, build_as_before=before)


def test_the_latest_date_pamphlet_can_write_builds(hostile):
    h = hostile
    run = h.run("build", "tiny", "--force", env={"SOURCE_DATE_EPOCH": "253402300799"})
    h.check(run, status=0)
