"""One result row per budget, shared by every benchmark script and ``make bench``.

A benchmark script measures a figure and its reference in the same run (DESIGN.md section 11)
and calls :func:`record`; when ``make bench`` runs it, the environment variable
``ADVOCATE_BENCH_RESULTS`` names a JSON-lines file the rows are appended to, and
``bench/__main__.py`` turns that file into ``bench/results.md`` and ``bench/results.json`` and
prints the table. Run alone, a script just prints its rows.

A budget is either on the figure itself (``limit``: the figure must stay under it, in the row's
unit) or on the ratio figure / reference (``max_ratio``), or both (each must hold).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

ENV = "ADVOCATE_BENCH_RESULTS"


@dataclass(frozen=True)
class Row:
    """One measured budget: what, the figure, its reference in the same run, and the verdict."""

    key: str                      # stable id, e.g. "cli.version", "app.cold_start"
    what: str                     # the budget table's wording
    figure: float                 # in ``unit``
    unit: str                     # "s", "ms", "MB", "MiB/s", ...
    reference: str = ""           # what the reference did
    reference_figure: float | None = None   # in ``unit``
    limit: float | None = None    # the figure must be under this (same unit)
    max_ratio: float | None = None  # figure / reference_figure must be at most this
    scale: str = ""               # data the figure was measured on ("10,000 cases", "1 GiB")
    notes: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Figure over reference, where there is a reference figure."""
        if self.reference_figure is None or self.reference_figure <= 0:
            return None
        return self.figure / self.reference_figure

    @property
    def budget(self) -> str:
        """The budget as the table says it."""
        parts = []
        if self.limit is not None:
            parts.append(f"< {_num(self.limit)} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"ratio ≤ {self.max_ratio:.3g}")
        return ", ".join(parts) or "—"

    @property
    def passed(self) -> bool | None:
        """True when every budget holds, None when the row has no budget (orientation only)."""
        checks = []
        if self.limit is not None:
            checks.append(self.figure < self.limit)
        if self.max_ratio is not None:
            ratio = self.ratio
            checks.append(ratio is not None and ratio <= self.max_ratio)
        return all(checks) if checks else None

    def as_json(self) -> dict[str, object]:
        """The row with its derived fields, for results.json."""
        return {**asdict(self), "ratio": self.ratio, "budget": self.budget, "passed": self.passed}


def _cell(text: str) -> str:
    """A table cell: a pipe (``tar | age``) would end the cell, so it is escaped."""
    return text.replace("|", "\\|").replace("\n", " ")


def number(value: float) -> str:
    """A figure as the table shows it: three significant digits, whole numbers from 100."""
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


_num = number


def record(row: Row) -> Row:
    """Print the row and, under ``make bench``, append it to the run's results file."""
    verdict = {True: "pass", False: "MISS", None: "—"}[row.passed]
    ratio = f"  ratio {row.ratio:.2f}" if row.ratio is not None else ""
    ref = f"  (reference {_num(row.reference_figure)} {row.unit})" \
        if row.reference_figure is not None else ""
    print(f"[{verdict}] {row.what}: {_num(row.figure)} {row.unit}{ref}{ratio}"
          f"  budget {row.budget}", flush=True)
    target = os.environ.get(ENV)
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps(row.as_json(), ensure_ascii=False) + "\n")
    return row


def exit_status(missed: bool) -> int:
    """A script's exit status: 1 for a missed budget when run alone; under ``make bench`` 0, since
    the table says what was missed and a non-zero status means the script itself failed."""
    return 0 if os.environ.get(ENV) else int(missed)


def load(path: Path) -> list[dict[str, object]]:
    """The rows a run appended (later rows with the same key replace earlier ones)."""
    rows: dict[str, dict[str, object]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows[str(row["key"])] = row
    return list(rows.values())


def markdown(rows: list[dict[str, object]], header: str = "") -> str:
    """The results table as Markdown."""
    lines = [header, ""] if header else []
    lines += ["| what | figure | reference | ratio | budget | verdict | scale |",
              "|---|---|---|---|---|---|---|"]
    for row in rows:
        unit = str(row["unit"])
        figure = f"{_num(float(row['figure']))} {unit}"  # type: ignore[arg-type]
        ref_fig = row.get("reference_figure")
        reference = str(row.get("reference") or "")
        if ref_fig is not None:
            reference = f"{_num(float(ref_fig))} {unit} ({reference})"  # type: ignore[arg-type]
        ratio = row.get("ratio")
        ratio_text = f"{float(ratio):.2f}" if ratio is not None else "—"  # type: ignore[arg-type]
        verdict = {True: "pass", False: "**miss**", None: "—"}[row.get("passed")]  # type: ignore[index]
        cells = [str(row["what"]), figure, reference or "—", ratio_text, str(row["budget"]),
                 verdict, str(row.get("scale") or "")]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
