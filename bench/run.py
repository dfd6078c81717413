#!/usr/bin/env python3
"""kubefollow performance benchmark: not part of the test suite.

Builds a deterministic workload in a temporary directory (1,000 generated trip reports of
about 5 KB, 10 distinct made-up projects each, 10,000 in all, ~40% of them in theme
"batch"), then times kubefollow against a baseline for each comparison, alternating the
two sides, and prints medians, ratios, targets and PASS/FAIL. See bench/README.md.

Standard library only. Run it with the Python of the environment kubefollow is installed
in, e.g. `python bench/run.py` or `python bench/run.py --repeat 3 --markdown`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import random
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (theme slug, the phrase a link's paragraph starts with). The phrase is one of the
# theme's keywords in data/themes.toml, so it decides the link's primary theme.
THEMES: tuple[tuple[str, str], ...] = (
    ("batch", "Batch workloads"),
    ("multi-cluster", "Multi-cluster"),
    ("observability", "Observability"),
    ("networking", "Networking"),
    ("security", "Security"),
    ("autoscaling", "Autoscaling"),
    ("storage", "Storage"),
    ("platform-engineering", "Platform engineering"),
    ("developer-tools", "Developer tools"),
)
BATCH_SHARE = 0.4
LINKS_PER_POST = 10

# Filler prose: none of it contains a theme keyword or a verdict cue, so only the
# paragraph's opening phrase decides the theme.
FILLER: tuple[str, ...] = (
    "The keynote room was full well before the doors opened, and the coffee line was longer still.",
    "I spent most of the afternoon talking to maintainers about how their projects grew "
    "from a weekend idea into something whole companies now rely on.",
    "The walk between rooms took longer than the breaks allowed, so I missed the start of "
    "more than one talk.",
    "Several speakers made the point that the hard part is rarely the code; it is the "
    "upgrade story, the docs and the people.",
    "Lunch was better than last year, though the tables filled up fast and conversations "
    "spilled out into the corridors.",
    "A recurring remark was that small, boring releases beat big, exciting ones every time.",
    "The expo hall felt quieter than before, which made it easier to have real "
    "conversations with the people behind each booth.",
    "I took far too many notes and will need a week to sort them into something useful.",
    "Two speakers ran over time, but nobody seemed to mind because the questions were good.",
    "The project pavilion was the best part of the week for me, as it is every year.",
    "People kept comparing notes on long-term support and what a sensible release cadence "
    "looks like for a young project.",
    "The closing panel asked how to keep contributors engaged over many years without "
    "burning them out.",
    "My main takeaway is that the community keeps getting more pragmatic and less "
    "interested in hype.",
    "Evenings were for catching up with old colleagues and meeting a few new ones.",
    "Many of the best moments happened away from the stage, in small groups by the windows.",
    "The talk recordings should be online in a few weeks, and I will link the best ones.",
)
LINK_TAILS: tuple[str, ...] = (
    "came up again and again in the corridor conversations this year.",
    "was the topic of a packed session on the second morning.",
    "had a whole afternoon of talks, most of them from end users.",
    "drew a bigger crowd than I expected, with people standing at the back.",
    "was where I had the most interesting chats of the week.",
)
LINK_MIDDLES: tuple[str, ...] = (
    "The maintainers of [{name}]({url}) gave a short demo and answered every question.",
    "I had not heard of [{name}]({url}) before, and it is now on my list.",
    "A speaker walked through how her team came to [{name}]({url}) and what surprised them.",
    "There was a lively debate about where [{name}]({url}) fits among its neighbours.",
    "Someone at lunch told me how [{name}]({url}) started as a side project.",
)
HEADINGS: tuple[str, ...] = (
    "Day one",
    "Day two",
    "Day three",
    "The corridor",
    "Talks I liked",
    "Project pavilion",
    "People I met",
    "Things to look into",
    "Closing thoughts",
)
EVENTS: tuple[str, ...] = (
    "KubeCon EU",
    "KubeCon NA",
    "KubeCon India",
    "Cloud Native Rejekts",
    "KCD Munich",
    "KCD Amsterdam",
    "Open Source Summit",
    "FOSDEM",
)

MB = 1024 * 1024
# What `review` prints in the first item's card: "#1 Name   (N waiting)".
REVIEW_MARKER = b" waiting)"


class BenchError(Exception):
    """A command failed or the workload is not what it should be."""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- workload


@dataclass(frozen=True)
class Project:
    name: str
    url: str
    theme: str


def project_themes(total: int, rng: random.Random) -> list[str]:
    """Exactly round(BATCH_SHARE * total) batch items; the rest spread evenly, shuffled."""
    batch = round(BATCH_SHARE * total)
    others = [slug for slug, _ in THEMES if slug != "batch"]
    themes = ["batch"] * batch + [others[i % len(others)] for i in range(total - batch)]
    rng.shuffle(themes)
    return themes


def make_projects(posts: int, rng: random.Random) -> list[Project]:
    total = posts * LINKS_PER_POST
    digits = max(4, len(str(total - 1)))
    return [
        Project(
            name=f"Proj{i:0{digits}d}",
            url=f"https://proj{i:0{digits}d}.example.dev/",
            theme=theme,
        )
        for i, theme in enumerate(project_themes(total, rng))
    ]


def filler(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(sentences))


def make_post(number: int, projects: Sequence[Project], rng: random.Random) -> str:
    keyword = dict(THEMES)
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730))
    event = rng.choice(EVENTS)
    parts = [
        "---",
        f'title: "Trip report {number:04d}: {event} {date.year}"',
        f"date: {date.isoformat()}",
        "---",
        "",
        f"# {event} {date.year}",
        "",
        filler(rng, 5),
        "",
        filler(rng, 4),
    ]
    headings = rng.sample(HEADINGS, 3)
    for i, project in enumerate(projects):
        if i % 4 == 0:
            parts += ["", f"## {headings[i // 4]}", "", filler(rng, 3)]
        middle = rng.choice(LINK_MIDDLES).format(name=project.name, url=project.url)
        parts += [
            "",
            f"{keyword[project.theme]} {rng.choice(LINK_TAILS)} {middle} {filler(rng, 1)}",
        ]
    parts += ["", "## Wrapping up", "", filler(rng, 4), ""]
    return "\n".join(parts)


def build_posts(directory: Path, posts: int, seed: int) -> list[Project]:
    rng = random.Random(seed)
    projects = make_projects(posts, rng)
    directory.mkdir(parents=True)
    for n in range(posts):
        chunk = projects[n * LINKS_PER_POST : (n + 1) * LINKS_PER_POST]
        (directory / f"post-{n:04d}.md").write_text(make_post(n, chunk, rng), encoding="utf-8")
    return projects


def write_task_import(path: Path, projects: Sequence[Project], seed: int) -> None:
    rng = random.Random(seed + 1)
    tasks = [
        {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "status": "pending",
            "entry": "20250101T000000Z",
            "description": p.name,
            "tags": [p.theme],
        }
        for p in projects
    ]
    path.write_text(json.dumps(tasks), encoding="utf-8")


FLOOR_SCRIPT = """\
import sys
from pathlib import Path

import frontmatter
from markdown_it import MarkdownIt

md = MarkdownIt("commonmark").enable("table")
tokens = 0
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    post = frontmatter.load(path)
    tokens += len(md.parse(post.content))
print(tokens)
"""


# --------------------------------------------------------------------------- running


# Peak RSS of one command, measured from a small, fresh Python (-I -S) that only spawns it:
# a child's ru_maxrss starts from its parent's memory high-water mark (Linux carries the
# old mm's mark over exec), so spawning from the bench itself, which holds the workload in
# memory, would report at least the bench's size. The helper's own high-water mark (VmHWM)
# is the floor of the measurement, and is printed with it.
RSS_HELPER = """\
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    code = subprocess.call(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out)
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
own = 0
try:
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration, ValueError):
    pass
print(child, own)
sys.exit(code)
"""


class Runner:
    """Runs commands with stdout to a file (a pipe-like, non-terminal stream) and stdin
    closed, timing the wall clock."""

    def __init__(self, out_dir: Path, env: dict[str, str]) -> None:
        self.out_dir = out_dir
        self.env = env
        self.count = 0
        self.last_out = out_dir / "none.out"

    def run(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> float:
        self.count += 1
        out = self.out_dir / f"{self.count:05d}.out"
        err = self.out_dir / f"{self.count:05d}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            start = time.perf_counter()
            proc = subprocess.Popen(
                list(cmd),
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env=env or self.env,
            )
            proc.wait()
            seconds = time.perf_counter() - start
        if proc.returncode != 0:
            tail = err.read_text(errors="replace")[-2000:]
            raise BenchError(f"{' '.join(cmd)} exited {proc.returncode}:\n{tail}")
        self.last_out = out
        return seconds

    def output(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> str:
        self.run(cmd, env)
        return self.last_out.read_text(encoding="utf-8", errors="replace")

    def peak_rss(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[int, int]:
        """(peak RSS of cmd, of the helper that ran it), in bytes."""
        sink = self.out_dir / f"rss-{self.count:05d}.out"
        helper = [sys.executable, "-I", "-S", "-c", RSS_HELPER, str(sink), *cmd]
        child, own = self.output(helper, env).split()
        return int(child) * 1024, int(own) * 1024


def first_draw(cmd: Sequence[str], env: dict[str, str], marker: bytes) -> tuple[float, str]:
    """Start cmd on a new pseudo-terminal (stdin, stdout and stderr on its slave) and time
    the wall clock until `marker` appears in its output; then wait for the key help, press
    q and wait for the exit. (seconds, the output up to the marker)."""
    master, slave = os.openpty()
    out = b""
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        slave = -1
        seconds = 0.0
        quit_sent = 0.0
        while proc.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the slave side is closed
                    chunk = b""
                out += chunk
                if not seconds and marker in out:
                    seconds = time.perf_counter() - start
            now = time.perf_counter()
            if now - start > 30:
                proc.kill()
                proc.wait()
                raise BenchError(f"{' '.join(cmd)} on a pty: no exit after 30 s:\n{out[-2000:]!r}")
            # The key help follows the card; q goes once it shows (again if the first q came
            # before the terminal left line mode and was flushed).
            if seconds and b"[q] quit" in out and now - quit_sent > 0.5:
                os.write(master, b"q")
                quit_sent = now
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    if proc.returncode != 0 or not seconds:
        text = out.decode("utf-8", "replace")[-2000:]
        raise BenchError(f"{' '.join(cmd)} on a pty exited {proc.returncode}:\n{text}")
    text = out.decode("utf-8", "replace")
    return seconds, text[: text.index(marker.decode()) + len(marker)]


def alternate(repeat: int, first: Callable[[], None], second: Callable[[], None]) -> None:
    """Run both sides repeat times, first-then-second on even rounds, reversed on odd."""
    for i in range(repeat):
        order = (first, second) if i % 2 == 0 else (second, first)
        for side in order:
            side()


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    name: str
    ours: str
    theirs: str
    target: float | None  # None: for information, no target
    unit: str = "s"  # "s": times, ratio <= target; "B": bytes, value < target
    absolute: bool = False  # a time with a fixed target: value <= target (seconds)
    ours_samples: list[float] = field(default_factory=list)
    theirs_samples: list[float] = field(default_factory=list)
    skipped: str | None = None

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours_samples)

    @property
    def theirs_median(self) -> float | None:
        return statistics.median(self.theirs_samples) if self.theirs_samples else None

    @property
    def ratio(self) -> float | None:
        theirs = self.theirs_median
        if self.unit != "s" or not theirs:
            return None
        return self.ours_median / theirs

    @property
    def passed(self) -> bool:
        if self.target is None:
            return True
        if self.unit == "B":
            return self.ours_median < self.target
        if self.absolute:
            return self.ours_median <= self.target
        ratio = self.ratio
        return ratio is not None and ratio <= self.target

    def cells(self) -> list[str]:
        if self.skipped:
            return [self.name, "-", "-", "-", self.target_text(), f"SKIP ({self.skipped})"]
        theirs = self.theirs_median
        ratio = self.ratio
        return [
            self.name,
            self.fmt(self.ours_median),
            "-" if theirs is None else self.fmt(theirs),
            "-" if ratio is None else f"{ratio:.2f}",
            self.target_text(),
            "info" if self.target is None else "PASS" if self.passed else "FAIL",
        ]

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        if self.unit == "B":
            return f"< {self.target / MB:.0f} MB"
        if self.absolute:
            return f"<= {self.fmt(self.target)}"
        return f"ratio <= {self.target:g}"

    def fmt(self, value: float) -> str:
        if self.unit == "B":
            return f"{value / MB:.1f} MB"
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


HEADER = ["Comparison", "kubefollow", "baseline", "ratio", "target", "result"]


def plain_table(rows: Sequence[Row]) -> str:
    body = [HEADER] + [r.cells() for r in rows]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEADER))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in body
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: Sequence[Row]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    aligns = ["---", "---:", "---:", "---:", "---", "---"]
    return "\n".join([line(HEADER), line(aligns)] + [line(r.cells()) for r in rows])


def legend(rows: Sequence[Row]) -> list[str]:
    return [f"{r.name}: {r.ours}  vs  {r.theirs}" for r in rows]


# --------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def quiet_output(cmd: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def machine_facts(python: str, kubefollow: str, task: str | None) -> list[tuple[str, str]]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()}" + (f" ({usable} usable)" if usable != os.cpu_count() else "")
    py = quiet_output([python, "-c", "import platform; print(platform.python_version())"])
    sqlite = quiet_output([python, "-c", "import sqlite3; print(sqlite3.sqlite_version)"])
    git = quiet_output(["git", "-C", str(REPO), "describe", "--always", "--dirty"])
    version = quiet_output([kubefollow, "--version"]) or "kubefollow ?"
    facts = [
        ("CPU", cpu_model()),
        ("cores", cores),
        ("memory", memory_total()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{py or '?'} ({python})"),
        ("SQLite", sqlite or "?"),
        ("kubefollow", version + (f" (git {git})" if git else "")),
        ("Taskwarrior", (quiet_output([task, "--version"]) or "?") if task else "not installed"),
        ("date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("load average", load_average()),
    ]
    return facts


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min, at start)"
    except OSError:
        return "?"


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "?"


# --------------------------------------------------------------------------- tools


def find_kubefollow(given: str | None) -> str:
    if given:
        return given
    beside = Path(sys.executable).parent / "kubefollow"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("kubefollow")
    if not found:
        raise BenchError("kubefollow not found beside this Python or on PATH (--kubefollow)")
    return found


def python_of(script: str) -> str:
    """The interpreter a console script runs under (its shebang), else this one."""
    try:
        with open(script, "rb") as f:
            first = f.readline().decode(errors="replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        interpreter = first[2:].strip().split()[0] if first[2:].strip() else ""
        if interpreter and Path(interpreter).is_file() and "env" not in Path(interpreter).name:
            return interpreter
    return sys.executable


TASK_INSTALL_HINT = (
    "Taskwarrior not found: the Taskwarrior rows are skipped. Install Taskwarrior 2.6 "
    "with `apt-get update && apt-get install -y taskwarrior` (Debian/Ubuntu) and run again."
)


class Taskwarrior:
    """A throwaway Taskwarrior 2.6 database: TASKDATA and TASKRC in the work directory."""

    def __init__(self, binary: str, root: Path, env: dict[str, str]) -> None:
        self.binary = binary
        self.data = root / "taskdata"
        self.data.mkdir()
        self.rc = root / "taskrc"
        self.rc.write_text(
            "\n".join(
                [
                    f"data.location={self.data}",
                    "confirmation=off",
                    "verbose=nothing",
                    "hooks=off",
                    "news.version=99.0.0",
                    # list every pending task (the default also hides waiting ones: none here)
                    "report.list.filter=status:pending",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        self.env = dict(env, TASKDATA=str(self.data), TASKRC=str(self.rc))

    def cmd(self, *args: str) -> list[str]:
        return [self.binary, *args]


# --------------------------------------------------------------------------- bench


@dataclass
class Config:
    posts: int
    repeat: int
    seed: int
    markdown: bool
    keep: bool
    workdir: Path | None
    kubefollow: str | None
    check: bool


def parse_args(argv: Sequence[str] | None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per side (default 5)")
    parser.add_argument("--posts", type=int, default=1000, help="posts to generate (1000)")
    parser.add_argument("--seed", type=int, default=20250401, help="workload seed")
    parser.add_argument("--markdown", action="store_true", help="print the results as Markdown")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--workdir", type=Path, help="use this (new) directory for the workload")
    parser.add_argument("--kubefollow", help="the kubefollow executable to time")
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    ns = parser.parse_args(argv)
    if ns.repeat < 1 or ns.posts < 1:
        parser.error("--repeat and --posts must be at least 1")
    return Config(
        posts=ns.posts,
        repeat=ns.repeat,
        seed=ns.seed,
        markdown=ns.markdown,
        keep=ns.keep,
        workdir=ns.workdir,
        kubefollow=ns.kubefollow,
        check=ns.check,
    )


@contextmanager
def work_directory(cfg: Config) -> Iterator[Path]:
    if cfg.workdir is not None:
        cfg.workdir.mkdir(parents=True, exist_ok=False)
        root = cfg.workdir.resolve()
    else:
        root = Path(tempfile.mkdtemp(prefix="kubefollow-bench-"))
    try:
        yield root
    finally:
        if cfg.keep:
            log(f"work directory kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def unreviewed(db: Path) -> int:
    """Items waiting for review in a store (read directly: the store is SQLite)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM items WHERE reviewed = 0").fetchone()[0])
    finally:
        conn.close()


def count_json(runner: Runner, cmd: Sequence[str]) -> int:
    return len(json.loads(runner.output(cmd)))


def count_task(runner: Runner, tw: Taskwarrior, *filters: str) -> int:
    return int(runner.output(tw.cmd(*filters, "count"), tw.env).strip() or 0)


def collect(samples: list[float], step: Callable[[], float]) -> Callable[[], None]:
    def side() -> None:
        samples.append(step())

    return side


def bench(cfg: Config, root: Path) -> tuple[list[tuple[str, str]], list[str], list[Row]]:
    kubefollow = find_kubefollow(cfg.kubefollow)
    python = python_of(kubefollow)
    task = shutil.which("task")
    if task is None:
        log(TASK_INSTALL_HINT)
    facts = machine_facts(python, kubefollow, task)

    # Both sides run in the same environment, less what would skew it: no store from the
    # caller, and Python writing bytecode caches and buffering stdout as it does by default.
    unset = {
        "KUBEFOLLOW_DB",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        "PYTHONPROFILEIMPORTTIME",
    }
    env = {k: v for k, v in os.environ.items() if k not in unset}
    # No user themes.toml or other per-user rules: an empty data directory.
    env["XDG_DATA_HOME"] = str(root / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(root / "xdg-config")
    (root / "out").mkdir()
    runner = Runner(root / "out", env)

    def kf(db: Path, *args: str) -> list[str]:
        return [kubefollow, "--db", str(db), *args]

    # The workload.
    posts_dir = root / "posts"
    log(f"generating {cfg.posts:,} posts in {posts_dir}")
    projects = build_posts(posts_dir, cfg.posts, cfg.seed)
    sizes = [p.stat().st_size for p in posts_dir.iterdir()]
    store = root / "store.db"
    log("ingesting them into the store the list rows read")
    setup = runner.run(kf(store, "ingest", str(posts_dir)))
    total = count_json(runner, kf(store, "list", "--format", "json"))
    batch = count_json(runner, kf(store, "list", "--theme", "batch", "--format", "json"))
    if total != len(projects):
        raise BenchError(f"kubefollow list shows {total} open items, expected {len(projects)}")
    small = root / "small.db"
    runner.run(kf(small, "ingest"))
    small_count = count_json(runner, kf(small, "list", "--format", "json"))
    notes = [
        f"{cfg.posts:,} posts, {statistics.mean(sizes) / 1024:.1f} KB each on average "
        f"({sum(sizes) / MB:.1f} MB), seed {cfg.seed}; first ingest for setup took "
        f"{setup:.1f} s",
        f"kubefollow: {total:,} open items, {batch:,} in theme batch "
        f"({100 * batch / total:.1f}%); bundled post: {small_count} items",
    ]

    tw: Taskwarrior | None = None
    if task is not None:
        tw = Taskwarrior(task, root, env)
        tasks_json = root / "tasks.json"
        write_task_import(tasks_json, projects, cfg.seed)
        log(f"importing {len(projects):,} tasks into Taskwarrior")
        imported = runner.run(tw.cmd("import", str(tasks_json)), tw.env)
        task_total = count_task(runner, tw, "status:pending")
        task_batch = count_task(runner, tw, "status:pending", "+batch")
        listed = runner.output(tw.cmd("list"), tw.env).count("\n")
        if task_total != len(projects) or listed < task_total:
            raise BenchError(
                f"Taskwarrior has {task_total} pending tasks and `task list` printed {listed}"
                f" lines, expected {len(projects)}"
            )
        notes.append(
            f"Taskwarrior: {task_total:,} pending tasks, {task_batch:,} +batch "
            f"(import took {imported:.1f} s); `task list` printed {listed:,} lines"
        )

    rows: list[Row] = []
    r = cfg.repeat

    # 1 and 2: listing, against Taskwarrior.
    def kf_list(*args: str) -> float:
        return runner.run(kf(store, "list", *args))

    def task_list(*args: str) -> float:
        assert tw is not None
        return runner.run(tw.cmd(*args, "list"), tw.env)

    for filters, theirs, label, count in (
        ((), (), "list", total),
        (("--theme", "batch"), ("+batch",), "list --theme batch", batch),
    ):
        row = Row(
            f"{label} ({count:,} rows)",
            f"kubefollow {label} > file",
            f"task {' '.join((*theirs, 'list'))} > file",
            1.0,
        )
        rows.append(row)
        log(f"timing {row.name}")
        if tw is None:
            row.skipped = "no task"
            for _ in range(r):
                row.ours_samples.append(kf_list(*filters))
            continue
        kf_list(*filters)  # warm-up, untimed
        task_list(*theirs)
        alternate(
            r,
            collect(row.ours_samples, functools.partial(kf_list, *filters)),
            collect(row.theirs_samples, functools.partial(task_list, *theirs)),
        )

    # The radar of every item (piped: text grouped by quadrant and ring), against `task list`;
    # then each radar export, against a fixed 2 s.
    shown = runner.output(kf(store, "radar")).count("\n    ")
    if shown != total:
        raise BenchError(f"kubefollow radar shows {shown} items, expected {total}")
    row = Row(
        f"radar ({total:,} items)", "kubefollow radar > file",
        "task list > file" if tw is not None else "-", 1.0,
    )  # fmt: skip
    rows.append(row)
    log(f"timing {row.name}")
    if tw is None:
        row.skipped = "no task"
        row.ours_samples = [runner.run(kf(store, "radar")) for _ in range(r)]
    else:
        runner.run(kf(store, "radar"))  # warm-up, untimed
        alternate(
            r,
            collect(row.ours_samples, lambda: runner.run(kf(store, "radar"))),
            collect(row.theirs_samples, functools.partial(task_list)),
        )
    for fmt in ("radar-svg", "backstage-radar", "byor-csv", "html"):
        row = Row(
            f"export --format {fmt} ({total:,} items)",
            f"kubefollow export --format {fmt} > file", "-", 2.0, absolute=True,
        )  # fmt: skip
        rows.append(row)
        log(f"timing {row.name}")
        runner.run(kf(store, "export", "--format", fmt))  # warm-up, untimed
        row.ours_samples = [runner.run(kf(store, "export", "--format", fmt)) for _ in range(r)]

    # 3: start-up, against importing Typer alone.
    row = Row(
        f"list, {small_count}-item store (start-up)",
        "kubefollow list > file (store of the bundled post)",
        f'{Path(python).name} -c "import typer"',
        1.5,
    )
    rows.append(row)
    log(f"timing {row.name}")
    runner.run(kf(small, "list"))
    runner.run([python, "-c", "import typer"])
    alternate(
        r,
        collect(row.ours_samples, lambda: runner.run(kf(small, "list"))),
        collect(row.theirs_samples, lambda: runner.run([python, "-c", "import typer"])),
    )

    # 4: `review` on a terminal, until the first item's card is drawn (a fixed target).
    waiting = unreviewed(store)
    row = Row(
        f"review, first item drawn ({waiting:,} items)",
        f"kubefollow review on a pseudo-terminal, start to the first card ({waiting:,} new"
        " items), then q",
        "-",
        0.150,
        absolute=True,
    )
    rows.append(row)
    log(f"timing {row.name}")
    pty_env = {**env, "TERM": env.get("TERM", "xterm"), "BROWSER": "true"}
    _, card = first_draw(kf(store, "review"), pty_env, REVIEW_MARKER)  # warm-up, untimed
    shown = re.search(r"\((\d+) waiting\)", card)
    if waiting == 0 or shown is None or int(shown.group(1)) != waiting:
        raise BenchError(f"review's first card does not show {waiting} waiting items:\n{card}")
    for _ in range(r):
        row.ours_samples.append(first_draw(kf(store, "review"), pty_env, REVIEW_MARKER)[0])
    if unreviewed(store) != waiting:
        raise BenchError("the review runs changed the store (q should decide nothing)")
    notes.append(f"review: {waiting:,} items waiting for review in the list store")

    # 5 and 6: ingest into a new store each time, then re-ingest the unchanged posts.
    floor_script = root / "floor.py"
    floor_script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    ingest = Row(
        f"ingest {cfg.posts:,} posts (new store)",
        f"kubefollow ingest DIR ({cfg.posts:,} posts, new empty store)",
        "floor: frontmatter.load + MarkdownIt(commonmark+table).parse of each post",
        3.0,
    )
    reingest = Row(
        f"re-ingest {cfg.posts:,} unchanged posts",
        "kubefollow ingest DIR again (all posts unchanged)",
        "the first ingest (row above)",
        0.3,
    )
    alone = Row(
        f"ingest {cfg.posts:,} posts, one process",
        f"kubefollow ingest --jobs 0 DIR ({cfg.posts:,} posts, new empty store, no workers)",
        "the floor (as above)",
        3.0,  # #11: what a single core gets, within the same bound as with workers
    )
    rows += [ingest, reingest, alone]
    log(f"timing {ingest.name}, {reingest.name} and {alone.name}")
    runner.run([python, str(floor_script), str(posts_dir)])  # warm-up, untimed
    stores = iter(range(1, r + 1))

    def ingest_twice() -> None:
        db = root / f"ingest-{next(stores)}.db"
        remove_store(db)
        first = runner.run(kf(db, "ingest", str(posts_dir)))
        again = runner.run(kf(db, "ingest", str(posts_dir)))
        ingest.ours_samples.append(first)
        reingest.ours_samples.append(again)
        reingest.theirs_samples.append(first)
        remove_store(db)
        alone.ours_samples.append(runner.run(kf(db, "ingest", "--jobs", "0", str(posts_dir))))
        remove_store(db)

    alternate(
        r,
        ingest_twice,
        collect(
            ingest.theirs_samples, lambda: runner.run([python, str(floor_script), str(posts_dir)])
        ),
    )
    alone.theirs_samples = ingest.theirs_samples

    # 7: peak memory of `kubefollow list` of every item, each run from a fresh helper.
    log("measuring peak RSS")
    ours_rss = [runner.peak_rss(kf(store, "list")) for _ in range(r)]
    floor = max(own for _, own in ours_rss)
    memory = Row(
        f"peak RSS, list ({total:,} rows)",
        f"max RSS of kubefollow list (RUSAGE_CHILDREN of a fresh helper, worst of {r})",
        "max RSS of task list (for reference)",
        150 * MB,
        unit="B",
    )
    memory.ours_samples = [max(rss for rss, _ in ours_rss)]
    if tw is not None:
        memory.theirs_samples = [max(runner.peak_rss(tw.cmd("list"), tw.env)[0] for _ in range(r))]
    rows.append(memory)
    notes.append(f"peak RSS helper's own RSS (the floor of that row): {floor / MB:.1f} MB")
    notes.append(f"{r} timed runs per side, sides alternating, after one untimed warm-up")
    return facts, notes, rows


def report(cfg: Config, facts: list[tuple[str, str]], notes: list[str], rows: list[Row]) -> str:
    if cfg.markdown:
        lines = [f"- **{k}**: {v}" for k, v in facts] + [""]
        lines += [f"- {n}" for n in notes] + ["", markdown_table(rows), ""]
        lines += [f"- *{item}*" for item in legend(rows)]
    else:
        width = max(len(k) for k, _ in facts)
        lines = [f"{k.ljust(width)}  {v}" for k, v in facts] + [""]
        lines += [*notes, "", plain_table(rows), "", *legend(rows)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    try:
        with work_directory(cfg) as root:
            facts, notes, rows = bench(cfg, root)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 2
    print(report(cfg, facts, notes, rows))
    failed = [row.name for row in rows if not row.skipped and not row.passed]
    return 1 if cfg.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
