"""The progress and the final summary of ``recoupe analyze``.

:class:`RunProgress` shows, on stderr, how far a run is: done/total (the total counted
beforehand by :func:`recoupe.ingest.count_inputs`; skipped and rejected inputs count as
done, so the ETA holds on re-runs), articles analysed per second over a moving window,
and the time left. On a terminal it is a live bar; in a log (stderr not a terminal) it
is one line every ``log_every`` seconds; ``--quiet`` turns both off.
:func:`summary_lines` is the run's closing block.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from recoupe.pipeline import STORE_BATCH, RunSummary

Mode = Literal["bar", "log", "off"]
WINDOW_S = 30.0  # rates are over the last half minute, not the whole run
MIN_SPAN_S = 1.0  # no rate from samples closer than this
SAMPLE_EVERY_S = 0.25
LOG_EVERY_S = 30.0
Clock = Callable[[], float]


def done(summary: RunSummary) -> int:
    """Inputs dealt with: analysed, skipped (already stored) or rejected."""
    return summary.analysed + summary.skipped + summary.n_rejected


def progress_mode(console: Console, *, quiet: bool) -> Mode:
    """A live bar on a terminal, log lines otherwise, nothing with ``--quiet``."""
    if quiet:
        return "off"
    return "bar" if console.is_terminal else "log"


def format_duration(seconds: float | None) -> str:
    """``1:02:03``, ``2:03``; ``?`` when unknown."""
    if seconds is None:
        return "?"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Throughput:
    """Rates over a moving window: samples ``(time, done, analysed)`` of the last ``window_s``
    seconds (plus the one just before, so the window is full)."""

    def __init__(self, *, window_s: float = WINDOW_S, clock: Clock = time.monotonic) -> None:
        self.window_s = window_s
        self.clock = clock
        self.samples: deque[tuple[float, int, int]] = deque()

    def add(self, done: int, analysed: int) -> None:
        now = self.clock()
        if self.samples and now - self.samples[-1][0] < SAMPLE_EVERY_S:
            self.samples[-1] = (self.samples[-1][0], done, analysed)  # keep the time, update the counts
            return
        self.samples.append((now, done, analysed))
        while len(self.samples) > 2 and self.samples[1][0] <= now - self.window_s:
            self.samples.popleft()

    def rates(self) -> tuple[float, float] | None:
        """``(analysed/s, done/s)`` over the window; ``None`` before there is a second's worth."""
        if len(self.samples) < 2:
            return None
        (t0, done0, an0), (t1, done1, an1) = self.samples[0], self.samples[-1]
        span = t1 - t0
        return None if span < MIN_SPAN_S else ((an1 - an0) / span, (done1 - done0) / span)

    def eta(self, remaining: int | None) -> float | None:
        """Seconds left for ``remaining`` inputs at the window's pace; ``None`` when unknown."""
        rates = self.rates()
        if remaining is None or rates is None or rates[1] <= 0:
            return None
        return remaining / rates[1]


class RunProgress:
    """The run's progress on ``console`` (stderr): a context manager fed with :meth:`update`."""

    def __init__(self, console: Console, *, total: int | None, mode: Mode,
                 log_every: float = LOG_EVERY_S, clock: Clock = time.monotonic) -> None:
        self.console, self.total, self.mode, self.log_every, self.clock = console, total, mode, log_every, clock
        self.rates = Throughput(clock=clock)
        self.last: RunSummary | None = None  # the counters last seen, kept for an interrupted run
        self.bar = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
            TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[eta]}"), TimeElapsedColumn(),
            console=console, disable=mode != "bar",
        )
        self.task: TaskID | None = None
        self.logged_at = clock()

    def __enter__(self) -> RunProgress:
        self.bar.start()
        self.task = self.bar.add_task("analysing", total=self.total, count=self.count_text(0), rate="", eta="")
        if self.mode == "log":
            self.console.print(f"analysing {self.total if self.total is not None else 'an unknown number of'} inputs",
                               highlight=False)
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def update(self, summary: RunSummary) -> None:
        """The counters after a result, a skip or a reject (the pipeline's ``on_article``)."""
        self.last = summary
        n = done(summary)
        if self.total is not None and n > self.total:  # the count was an estimate
            self.total = n
        self.rates.add(n, summary.analysed)
        if self.mode == "bar" and self.task is not None:
            self.bar.update(self.task, completed=n, total=self.total, count=self.count_text(n),
                            rate=self.rate_text(), eta=f"ETA {self.eta_text(n)}")
        elif self.mode == "log" and self.clock() - self.logged_at >= self.log_every:
            self.logged_at = self.clock()
            self.console.print(self.line(summary), highlight=False, soft_wrap=True)

    def count_text(self, n: int) -> str:
        return f"{n}/{self.total if self.total is not None else '?'}"

    def rate_text(self) -> str:
        rates = self.rates.rates()
        return f"{rates[0]:.1f} articles/s" if rates else "– articles/s"

    def eta_text(self, n: int) -> str:
        return format_duration(self.rates.eta(None if self.total is None else self.total - n))

    def line(self, summary: RunSummary) -> str:
        """One log line: ``analysing 1200/36152 (3%) · 12.5 articles/s · ETA 46:30``."""
        n = done(summary)
        share = f" ({100 * n / self.total:.0f}%)" if self.total else ""
        return (f"analysing {self.count_text(n)}{share} · "
                f"{self.rate_text()} · ETA {self.eta_text(n)}")

    def finish(self, summary: RunSummary) -> None:
        """The analysis is over: the bar full."""
        self.last = summary
        if self.task is not None:
            n = done(summary)
            self.bar.update(self.task, completed=n, total=n, count=f"{n}/{n}", eta="")

    def step(self, description: str) -> None:
        """A step without a count (the corpus pass): a spinner in place of the bar."""
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = None
        self.bar.add_task(description, total=None, count="", rate="", eta="")


INTERRUPTED = (f"interrupted: the store keeps what was saved (all but at most the last {STORE_BATCH - 1} articles "
               "analysed); run the same command again to continue where it stopped")


def summary_lines(summary: RunSummary, *, wall_s: float) -> list[str]:
    """The closing block: counts, rejects by reason, time and speed."""
    rejected = ", ".join(f"{k}: {v}" for k, v in sorted(summary.rejected.items())) or "none"
    lines = [f"analysed {summary.analysed} · skipped {summary.skipped} (already stored) · "
             f"rejected {summary.n_rejected} ({rejected})"]
    speed = ""
    if summary.analysed and summary.seconds:
        speed = (f"{summary.seconds:.1f} s analysing · {summary.articles_per_s:.1f} articles/s · "
                 f"{summary.tokens / summary.seconds:.0f} tokens/s · ")
    clock = f" ({format_duration(wall_s)})" if wall_s >= 60 else ""
    lines.append(f"{speed}wall time {wall_s:.1f} s{clock}")
    return lines
