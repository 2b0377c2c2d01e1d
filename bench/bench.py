"""make bench: batch against the naive loop and against the single-unit command, side by side.

Generates N consistent synthetic workbooks of distinct units, then measures, each in a fresh process
so that peak memory is its own:
  (a) naive  — what a capable user writes: for each workbook, openpyxl load, a context from the
               cells, docxtpl render and save of the same Word template; no checks at all;
  (b) single — ``python -m pipeline render`` once per workbook (on a sample, it is slow);
  (c) batch  — ``python -m pipeline batch`` over the folder, all cores.
Peak memory is sampled every 20 ms as the proportional set size (PSS) of the measured processes
together: forked workers share the parent's pages, which RSS would count once per process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.core.paths import WORD_TEMPLATE  # noqa: E402
from pipeline.units.folder import default_jobs, ordered_map  # noqa: E402

EXAMPLE = ROOT / "examples" / "盘江镇2024.xlsx"


def _write_unit(task: tuple[Path, str]) -> None:
    from pipeline.workbook.writer import write_workbook
    from tests.synth import synth_report

    folder, name = task
    write_workbook(synth_report(name), folder / f"{name}.xlsx")


def generate(folder: Path, n: int, jobs: int) -> None:
    from tests.synth import unit_names

    folder.mkdir(parents=True, exist_ok=True)
    list(ordered_map(_write_unit, [(folder, name) for name in unit_names(n)], jobs))


def naive(folder: Path, out: Path) -> None:
    """The baseline: no checks, the template re-read and re-compiled for every unit by docxtpl."""
    from docxtpl import DocxTemplate
    from openpyxl import load_workbook

    from pipeline.format.layout import FIELD_INPUTS, TABLE_INPUTS, TEXT_INPUTS

    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path, data_only=True)
        value = lambda place, wb=wb: wb[place.sheet][place.coordinate].value  # noqa: E731
        ctx: dict[str, object] = {k: str(value(i.place)) for k, i in FIELD_INPUTS.items()}
        ctx["title"] = f"{ctx['unit_name']}{ctx['year']}年政府信息公开工作年度报告"
        ctx.update({k: str(value(i.place) or "").split("\n") for k, i in TEXT_INPUTS.items()})
        ctx.update({t: {f"{r}_{c}": str(value(i.place)) for (r, c), i in cells.items()}
                    for t, cells in TABLE_INPUTS.items()})
        tpl = DocxTemplate(str(WORD_TEMPLATE))
        tpl.render(ctx, autoescape=True)
        tpl.save(str(out / f"{ctx['title']}.docx"))


def single(folder: Path, out: Path, sample: int) -> int:
    paths = sorted(folder.glob("*.xlsx"))[:sample]
    for i, path in enumerate(paths):
        subprocess.run([sys.executable, "-m", "pipeline", "render", str(path), "-o", str(out / f"{i}.docx")],
                       check=True, capture_output=True, cwd=ROOT)
    return len(paths)


def batch(folder: Path, out: Path, jobs: int) -> None:
    from pipeline.cli import main

    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            code = main(["batch", str(folder), "-o", str(out), "-j", str(jobs)])
        finally:
            sys.stdout = stdout
    assert code == 0, f"batch exit {code}"


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # gone already, or not Linux
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(k) for k in task.read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *_descendants(kid)]
    return found


class Peak(threading.Thread):
    """The highest total PSS, in MB, of this process (if ``self_too``) and all its descendants."""

    def __init__(self, self_too: bool) -> None:
        super().__init__(daemon=True)
        self.self_too, self.peak_kb, self.done = self_too, 0, threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.02):
            pids = _descendants(me) + ([me] if self.self_too else [])
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak_kb / 1024


def measure(mode: str, folder: Path, out: Path, jobs: int, sample: int) -> dict[str, float]:
    """Run in a child process: time one mode and report its peak memory."""
    count = len(list(folder.glob("*.xlsx")))
    peak = Peak(self_too=mode != "single")  # (b): the render commands, not this wrapper
    peak.start()
    cpu_before = _cpu_s()
    start = time.perf_counter()
    if mode == "naive":
        naive(folder, out)
    elif mode == "single":
        count = single(folder, out, sample)
    else:
        batch(folder, out, jobs)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu_s() - cpu_before, "reports": count, "peak_mb": peak.stop()}


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (workers, render commands): unlike
    wall time, not inflated when other programs share the cores."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def _child(mode: str, folder: Path, out: Path, jobs: int, sample: int) -> dict[str, float]:
    run = subprocess.run([sys.executable, __file__, "--measure", mode, str(folder), str(out), "--jobs", str(jobs),
                          "--sample", str(sample)], check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="number of synthetic workbooks")
    p.add_argument("--jobs", type=int, default=default_jobs())
    p.add_argument("--sample", type=int, default=20, help="workbooks for (b), which is slow")
    p.add_argument("--measure", nargs=3, metavar=("MODE", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        mode, folder, out = args.measure
        print(json.dumps(measure(mode, Path(folder), Path(out), args.jobs, args.sample)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        units = Path(tmp) / "units"
        start = time.perf_counter()
        generate(units, args.n, args.jobs)
        print(f"bench: {args.n} synthetic workbooks generated in {time.perf_counter() - start:.1f} s; {_machine()}")
        load = os.getloadavg()[0]
        results = {mode: _child(mode, units, Path(tmp) / mode, args.jobs, args.sample)
                   for mode in ("naive", "single", "batch")}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "render", str(EXAMPLE), "-o", str(Path(tmp) / "r.docx")],
                       check=True, capture_output=True, cwd=ROOT)
        report_s = time.perf_counter() - start

    per = {m: 1000 * r["seconds"] / r["reports"] for m, r in results.items()}
    labels = {"naive": "(a) naive openpyxl + docxtpl loop", "single": "(b) render, once per workbook",
              "batch": f"(c) batch, {args.jobs} jobs"}
    cpu = {m: 1000 * r["cpu"] / r["reports"] for m, r in results.items()}
    print(f"load average before the runs: {load:.1f} (other programs on these cores slow every wall time)")
    print(f"{'':36}{'ms/report':>10}{'cpu ms/report':>14}{'reports':>9}{'total s':>9}{'peak MB':>9}")
    for m, r in results.items():
        print(f"{labels[m]:36}{per[m]:>10.1f}{cpu[m]:>14.1f}{int(r['reports']):>9}{r['seconds']:>9.1f}"
              f"{r['peak_mb']:>9.0f}")
    print(f"ratios: b/c = {per['single'] / per['batch']:.1f}, a/c = {per['naive'] / per['batch']:.1f}")
    print(f"render of the example (make report, environment ready): {report_s:.2f} s")
    print(f"bench: batch_vs_naive={per['naive'] / per['batch']:.2f} batch_per_report_ms={per['batch']:.1f} "
          f"peak_rss_mb={results['batch']['peak_mb']:.0f}")


if __name__ == "__main__":
    main()
