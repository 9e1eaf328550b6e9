"""Byte-reproducible editions: two clones at different paths, in different time zones, one
living 400 days later, give the same bytes for every output of every edition."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_workspace, pamphlet
from tests.trust import FIGURES, edition_args, quiet_env, shifted_clock, snapshot

SLUG = "figures"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("reproducible")
    first = make_workspace(base / "clone-a", {SLUG: FIGURES})
    second = make_workspace(base / "somewhere else" / "clón-b", {SLUG: FIGURES})
    for path in second.rglob("*"):  # checked out on another day
        os.utime(path, (1_500_000_000, 1_500_000_000), follow_symlinks=False)
    later = shifted_clock(base / "clock", days=400)
    envs = [
        quiet_env(TZ="Pacific/Kiritimati", PYTHONHASHSEED="1", LC_ALL="C.UTF-8"),
        quiet_env(TZ="America/Anchorage", PYTHONHASHSEED="2", LC_ALL="C", **later),
    ]
    for root, env in zip((first, second), envs, strict=True):
        pamphlet(root, "build", SLUG, *edition_args(), check=True, env=env)
    return first, second, envs[1]


def test_the_clock_really_is_shifted(two_builds):
    """The second build runs 400 days from now, or this test proves nothing."""
    *_, env = two_builds
    script = (
        "import datetime, time;"
        "print(time.time(), datetime.datetime.now(datetime.UTC).date().isoformat())"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert float(shown[0]) > time.time() + 399 * 86400
    in_400_days = datetime.now(UTC).date() + timedelta(days=400)  # UTC: the env sets its own TZ
    assert shown[1] == in_400_days.isoformat()


def test_every_output_is_byte_identical(two_builds):
    first, second, _ = two_builds
    one = snapshot(first / "build" / SLUG)
    two = snapshot(second / "build" / SLUG)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_checksums_list_every_output(two_builds):
    first, *_ = two_builds
    out = first / "build" / SLUG
    listed = (out / "SHA256SUMS").read_text().splitlines()
    names = sorted(line.split("  ", 1)[1] for line in listed)
    assert names == sorted(name for name in snapshot(out) if name != "SHA256SUMS")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True)
    assert check.returncode == 0, check.stdout


def test_no_path_of_the_clone_reaches_an_output(two_builds):
    first, second, _ = two_builds
    for root in (first, second):
        for name, data in snapshot(root / "build" / SLUG).items():
            for text in (str(root), root.name, "somewhere else"):
                assert text.encode() not in data, f"{name} contains {text}"
