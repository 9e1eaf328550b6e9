"""`make bench`: time pamphlet side by side with its peer (pandoc) and its floor (bare
WeasyPrint), on the same inputs, machine and run, and write bench/RESULTS.md.

Every figure is the median of several runs of a fresh process (except the floor, timed in a
warm process). Peak RSS is the largest resident set of the measured process, from GNU time.
This is a benchmark, not a test: it asserts nothing and prints ratios against the targets.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = "bolivias-unfinished-revolution"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PYTHON = sys.executable
# The environment as the machine gave it: importing pamphlet (the typography report does)
# points FONTCONFIG_FILE at its own fonts, which the peer must not inherit.
MACHINE_ENV = dict(os.environ)
BEFORE_CATALOGUE = 32.4  # 40 titles, --jobs 2, two layouts a title (bench/RESULTS.md, 2026-11-29)


@dataclass
class Row:
    name: str
    seconds: float | None
    rss_mib: float | None = None
    note: str = ""


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one run of `command` in a fresh process."""
    report = cwd / ".bench-time"
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(report), *command],
        cwd=cwd,
        env={**MACHINE_ENV, **(env or {})},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    rss_kib = float(report.read_text().strip().splitlines()[-1])
    return elapsed, rss_kib / 1024


def median_of(
    command: list[str], cwd: Path, before=None, env: dict | None = None, runs: int = RUNS
) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        seconds, rss = timed(command, cwd, env)
        times.append(seconds)
        peaks.append(rss)
    return statistics.median(times), max(peaks)


def medians_in_turn(
    command: list[str], cwd: Path, before, envs: list[dict], runs: int = RUNS
) -> list[tuple[float, float]]:
    """median_of for each environment in `envs`, their runs taken in turn."""
    times: list[list[float]] = [[] for _ in envs]
    peaks: list[list[float]] = [[] for _ in envs]
    for _ in range(runs):
        for n, env in enumerate(envs):
            before()
            seconds, rss = timed(command, cwd, env)
            times[n].append(seconds)
            peaks[n].append(rss)
    return [(statistics.median(t), max(p)) for t, p in zip(times, peaks, strict=True)]


def workspace(root: Path, titles: dict[str, Path]) -> Path:
    for slug, folder in titles.items():
        shutil.copytree(folder, root / "sources" / slug)
    return root


def pamphlet(*args: str) -> list[str]:
    return [PYTHON, "-m", "pamphlet", *args]


def supports(option: str) -> bool:
    help_text = subprocess.run(pamphlet("build", "--help"), capture_output=True, text=True).stdout
    return option in help_text


def flagship_markdown(folder: Path) -> str:
    import tomllib

    manifest = tomllib.loads((folder / "pamphlet.toml").read_text(encoding="utf-8"))
    return "\n\n".join(
        (folder / part["file"]).read_text(encoding="utf-8") for part in manifest["parts"]
    )


def peer_rows(root: Path) -> list[Row]:
    try:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return [Row("peer: pandoc EPUB + PDF (WeasyPrint)", None, note="pypandoc-binary missing")]
    source = root / "peer.md"
    source.write_text(flagship_markdown(REPO / "sources" / FLAGSHIP), encoding="utf-8")
    env = {"PATH": f"{Path(PYTHON).parent}:{os.environ['PATH']}"}
    meta = ["--metadata", "title=Bolivia’s Unfinished Revolution", "--metadata", "lang=en-US"]
    epub, epub_rss = median_of([pandoc, "peer.md", "-o", "peer.epub", *meta], root, env=env)
    pdf, pdf_rss = median_of(
        [pandoc, "peer.md", "-o", "peer.pdf", "--pdf-engine=weasyprint", *meta], root, env=env
    )
    return [
        Row("peer: pandoc EPUB", epub, epub_rss),
        Row("peer: pandoc PDF (WeasyPrint)", pdf, pdf_rss),
        Row("peer: pandoc EPUB + PDF", epub + pdf, max(epub_rss, pdf_rss)),
    ]


def floor_rows(root: Path) -> list[Row]:
    """Bare WeasyPrint write_pdf of our own screen HTML, in a warm process."""
    script = f"""
import time, statistics
from pathlib import Path
from pamphlet.workspace import Workspace
from pamphlet.build import load_document
from pamphlet.errors import Warnings
from pamphlet.context import BuildContext
from pamphlet.layout import book
from pamphlet.registry import LAYOUT, SHARED
ctx = BuildContext(Workspace(Path({str(root)!r})),
                   load_document(Workspace(Path({str(root)!r})), {FLAGSHIP!r}, Warnings()))

def median(work):
    work()
    times = []
    for _ in range({RUNS}):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)

print(median(lambda: book.lay_out(ctx, "book", []).document.write_pdf()),
      median(lambda: book.lay_out(ctx, "book", SHARED[LAYOUT].stylesheets).document.write_pdf()))
"""
    result = subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, cwd=root, env=MACHINE_ENV
    )
    if result.returncode:
        return [Row("floor: bare WeasyPrint write_pdf, warm", None, note=result.stderr[-200:])]
    bare, styled = (float(value) for value in result.stdout.split()[-2:])
    return [
        Row(
            "floor: WeasyPrint write_pdf of our screen HTML, warm",
            bare,
            note="our fonts and page size, WeasyPrint's default CSS for the rest",
        ),
        Row(
            "floor: the same with our stylesheets and fonts, warm",
            styled,
            note="one screen PDF, no EPUB",
        ),
    ]


def catalogue(root: Path, count: int) -> Path:
    """`count` copies of the flagship under different slugs."""
    for index in range(count):
        shutil.copytree(REPO / "sources" / FLAGSHIP, root / "sources" / f"title-{index:02d}")
    return root


def repeated_title(root: Path, times: int) -> Path:
    folder = root / "sources" / "repeated"
    shutil.copytree(REPO / "sources" / FLAGSHIP, folder)
    article = folder / "article.md"
    text = article.read_text(encoding="utf-8")
    title, body = text.split("\n# ", 1)[1].split("\n", 1)
    article.write_text(f"# {title}\n" + "\n".join([body] * times), encoding="utf-8")
    return root


def typography_rows(ours: Path) -> dict[str, dict]:
    """The typography report on our screen PDF and on Typst's setting of the same text."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from typography import compare
    except ImportError as missing:  # the bench extra is not installed
        return {"note": {"missing": str(missing)}}
    try:
        return compare(ours)
    except Exception as error:  # Typst or pandoc missing or failing: say so, go on
        return {"note": {"failed": str(error)[:200]}}


def measure() -> tuple[list[Row], dict, dict]:
    typography: dict[str, dict] = {}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="pamphlet-bench-") as tmp:
        tmp_path = Path(tmp)
        root = workspace(tmp_path / "flagship", {FLAGSHIP: REPO / "sources" / FLAGSHIP})
        build_folder = root / "build"

        def clean() -> None:
            shutil.rmtree(build_folder, ignore_errors=True)

        # run in turn, so that the machine's drift weighs on the three alike
        timed_in_turn = medians_in_turn(
            pamphlet("build", "-q"),
            root,
            clean,
            [{}, {"PAMPHLET_LINE_BREAKING": "weasyprint"}, {"PAMPHLET_PAGE_FITTING": "off"}],
        )
        (cold, cold_rss), (plain, plain_rss), (unfitted, unfitted_rss) = timed_in_turn
        rows.append(
            Row(
                "pamphlet build, all editions, cold",
                cold,
                cold_rss,
                "fresh process, build/ (and its cache) deleted",
            )
        )
        rows.append(
            Row(
                "the same, WeasyPrint's own line breaking",
                plain,
                plain_rss,
                f"the breaker and page fitting add {cold - plain:+.3f} s",
            )
        )
        rows.append(
            Row(
                "the same, pages not fitted",
                unfitted,
                unfitted_rss,
                f"page fitting adds {cold - unfitted:+.3f} s; the breaker's lines "
                f"{unfitted - plain:+.3f} s",
            )
        )
        clean()
        pamphlet_build = subprocess.run(pamphlet("build", "-q"), cwd=root, capture_output=True)
        if pamphlet_build.returncode == 0:
            typography.update(typography_rows(root / "build" / FLAGSHIP / f"{FLAGSHIP}.pdf"))
        noop, noop_rss = median_of(pamphlet("build", "-q"), root)
        rows.append(Row("pamphlet build, nothing changed", noop, noop_rss))
        part = root / "sources" / FLAGSHIP / "lessons.md"
        original = part.read_text(encoding="utf-8")
        edits = iter(range(1000))

        def edit_part() -> None:  # a change of content, not only of the file's date
            part.write_text(original + "\n" * (next(edits) % 2 + 1), encoding="utf-8")

        edited, edited_rss = median_of(pamphlet("build", "-q"), root, before=edit_part)
        rows.append(
            Row("pamphlet build, one part edited", edited, edited_rss, "rebuilds that title")
        )
        wall, rebuilt = watch_edit_seconds(root)
        rows.append(
            Row(
                "pamphlet watch, one word of the article edited",
                wall,
                None,
                f"warm process, edit to the line saying every edition is rebuilt; "
                f"the editions themselves {rebuilt:.3f} s",
            )
        )
        helped, help_rss = median_of(pamphlet("--help"), root)
        rows.append(Row("pamphlet --help", helped, help_rss))
        rows += peer_rows(tmp_path)
        rows += floor_rows(root)

        big = repeated_title(workspace(tmp_path / "big", {}), 10)
        ten, ten_rss = median_of(
            pamphlet("build", "-q", "repeated"),
            big,
            before=lambda: shutil.rmtree(big / "build", ignore_errors=True),
            runs=max(1, RUNS // 2),
        )
        rows.append(Row("flagship text ×10, all editions, cold", ten, ten_rss))

        if supports("--jobs"):
            shelf = catalogue(workspace(tmp_path / "catalogue", {}), 40)
            for jobs in (1, 2):
                seconds, rss = median_of(
                    pamphlet("build", "-q", "--force", "--jobs", str(jobs)),
                    shelf,
                    before=lambda: shutil.rmtree(shelf / "build", ignore_errors=True),
                    runs=1,
                )
                rows.append(Row(f"catalogue of 40 titles, --jobs {jobs}", seconds, rss))
        stages = stage_times(root, clean)
    return rows, stages, typography


def watch_edit_seconds(root: Path, runs: int = RUNS) -> tuple[float, float]:
    """`pamphlet watch` on the flagship in one warm process: the median seconds from a
    one-word edit of the article to the line saying every edition was rebuilt, and the
    median of the rebuild alone (the editions' own times, without the watcher's wait for
    quiet)."""
    article = root / "sources" / FLAGSHIP / "article.md"
    original = article.read_text(encoding="utf-8")
    text = original.split("-->", 1)[-1]  # a word of the text, not of the opening comment
    word = next(w for w in text.split() if w.isalpha() and w.islower() and len(w) > 6)
    process = subprocess.Popen(
        pamphlet("watch", "--debounce", "50"),
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    walls, builds = [], []
    try:
        while "watching" not in process.stdout.readline():
            pass
        for run in range(runs):
            replacement = word.upper() if run % 2 == 0 else word
            started = time.perf_counter()
            edited = text.replace(word, replacement, 1)
            article.write_text(original.replace(text, edited, 1), encoding="utf-8")
            line = process.stdout.readline()
            walls.append(time.perf_counter() - started)
            if ": built " not in line:
                raise RuntimeError(f"watch did not rebuild: {line!r}")
            built = line.split(": built ", 1)[1].split(" (")[0]
            if not built.strip():
                raise RuntimeError(f"watch rebuilt nothing: {line!r}")
            builds.append(sum(float(part.split()[-1].rstrip("s")) for part in built.split(", ")))
    finally:
        process.terminate()
        process.wait(timeout=30)
        article.write_text(original, encoding="utf-8")
    return statistics.median(walls), statistics.median(builds)


def stage_times(root: Path, clean) -> dict:
    """Per-stage times inside one cold build, if the build reports them."""
    clean()
    report = root / "timings.json"
    env = {**MACHINE_ENV, "PAMPHLET_TIMINGS": str(report)}
    subprocess.run(pamphlet("build", "-q"), cwd=root, env=env, capture_output=True)
    return json.loads(report.read_text()) if report.is_file() else {}


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {"python": platform.python_version()}
    for package in ("weasyprint", "ebooklib", "pypdf", "pikepdf", "pypandoc-binary", "typst"):
        try:
            found[package] = version(package)
        except Exception:
            found[package] = "not installed"
    return found


def ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}×" if value and base else ""


def table(rows: list[Row], stages: dict) -> str:
    by_name = {row.name: row for row in rows}
    peer = by_name.get("peer: pandoc EPUB + PDF")
    peer_seconds = peer.seconds if peer else None
    lines = [
        "| measurement | median s | vs peer | peak RSS MiB | note |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        seconds = f"{row.seconds:.3f}" if row.seconds is not None else "n/a"
        rss = f"{row.rss_mib:.0f}" if row.rss_mib else ""
        lines.append(
            f"| {row.name} | {seconds} | {ratio(row.seconds, peer_seconds)} | {rss} | {row.note} |"
        )
    if stages:
        lines += [
            "",
            "Stages of one cold build (seconds):",
            "",
            "| stage | seconds |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {seconds:.3f} |" for name, seconds in stages.items()]
    return "\n".join(lines)


def targets(rows: list[Row]) -> str:
    by_name = {row.name: row for row in rows}

    def get(name: str) -> float | None:
        row = by_name.get(name)
        return row.seconds if row else None

    cold, peer = get("pamphlet build, all editions, cold"), get("peer: pandoc EPUB + PDF")
    checks = [
        (
            "all four editions cold ≤ 1.0× the peer",
            cold and peer and cold <= peer,
            ratio(cold, peer),
        ),
        (
            "no-op rebuild ≤ 0.15 s",
            (get("pamphlet build, nothing changed") or 99) <= 0.15,
            f"{get('pamphlet build, nothing changed') or 0:.3f} s",
        ),
        (
            "pamphlet --help ≤ 0.25 s",
            (get("pamphlet --help") or 99) <= 0.25,
            f"{get('pamphlet --help') or 0:.3f} s",
        ),
        (
            "peak RSS ≤ 200 MiB (flagship)",
            (by_name["pamphlet build, all editions, cold"].rss_mib or 999) <= 200,
            f"{by_name['pamphlet build, all editions, cold'].rss_mib:.0f} MiB",
        ),
    ]
    plain = get("the same, WeasyPrint's own line breaking")
    unfitted = get("the same, pages not fitted")
    if unfitted and plain:
        checks.append(
            (
                "the paragraph breaker adds ≤ 0.15 s to a cold build",
                unfitted - plain <= 0.15,
                f"{unfitted - plain:+.3f} s (with page fitting: {(cold or 0) - plain:+.3f} s)",
            )
        )
    one, two = get("catalogue of 40 titles, --jobs 1"), get("catalogue of 40 titles, --jobs 2")
    if one and two:
        checks.append(
            (
                "catalogue --jobs 2 ≥ 1.8× faster than --jobs 1",
                one / two >= 1.8,
                f"{one / two:.2f}×",
            )
        )
    watched = get("pamphlet watch, one word of the article edited")
    if watched:
        checks.append(
            ("watch: one-word edit → every edition in ≤ 1.0 s", watched <= 1.0, f"{watched:.3f} s")
        )
    if two:
        checks.append(
            (
                f"catalogue --jobs 2 ≤ 0.55× the {BEFORE_CATALOGUE} s measured before one layout",
                two <= 0.55 * BEFORE_CATALOGUE,
                f"{two:.1f} s = {two / BEFORE_CATALOGUE:.2f}×",
            )
        )
    ten = get("flagship text ×10, all editions, cold")
    if ten and cold:
        checks.append(
            (
                "time roughly linear in pages (×10 text ≤ 10× time)",
                ten <= 10 * cold,
                f"{ten / cold:.1f}× for 10× the text",
            )
        )
    return "\n".join(f"- [{'x' if ok else ' '}] {name}: {value}" for name, ok, value in checks)


def typography_table(numbers: dict[str, dict]) -> str:
    if not numbers or "note" in numbers:
        return f"(not measured: {numbers.get('note', 'no PDF')})"
    sys.path.insert(0, str(REPO / "bench"))
    from typography import table as typography_markdown

    return typography_markdown(numbers)


def main() -> None:
    rows, stages, typography = measure()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    header = (
        f"# Benchmark results\n\nRun {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu}, "
        f"{os.cpu_count()} cores, {platform.platform()}.\nVersions: "
        + ", ".join(f"{k} {v}" for k, v in versions().items())
        + f".\nMedians of {RUNS} runs; reproduce with `make bench`.\n"
    )
    text = (
        f"{header}\n{table(rows, stages)}\n\nTargets:\n\n{targets(rows)}\n\n"
        "## Typography: the flagship's screen PDF and the same text set by Typst\n\n"
        "pandoc → Typst (`bench/typography.py`: same font files, size, measure, margins and "
        "leading), both judged by `pamphlet check --typography`:\n\n"
        f"{typography_table(typography)}\n"
    )
    (REPO / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
