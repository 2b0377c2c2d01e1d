"""make bench: ``batch`` against the loop a capable user would write, on the same workbooks.

Generates N consistent synthetic workbooks of distinct units, then runs, each in a fresh process:
  naive   — for each workbook: openpyxl ``load_workbook``, a context from the cells, docxtpl render and
            save of the same Word template. No checks, no sentences, no 问题清单: less work than batch.
  batch-1 — ``python -m pipeline batch --jobs 1``: one process, everything batch does.
  batch-J — the same with J worker processes (every core).
  check   — ``python -m pipeline check`` of one workbook, start to finish (what one clerk waits for);
            and the CPU time of reading one workbook, in this process.

CPU time is the processes' own user + system time (``resource.getrusage``, the measured process and
its finished workers), counted around the work only, not the imports: other programs on the same
cores do not inflate it, as they inflate wall time. ``cpu_ratio`` is naive's CPU per report over
batch-1's; ``wall_ratio`` naive's wall time over batch-J's. ``peak_mb`` is the peak resident set size
(RSS, ``ru_maxrss``) of the largest single process of batch-J — the parent or one worker — not a sum.

  web     — ``python -m pipeline serve`` (waitress on 127.0.0.1, its own process) and U units uploading
            their own synthetic workbooks all at once (a thread each: the unit's page for the session and
            CSRF token, then the upload). Measured per upload: from sending it to the answer that it is
            stored and checked (the 303 to its result page). ``lost``: uploads not answered so, or not
            found afterwards in the data folder under their unit with their own bytes.

The last lines are for machines: ``web: uploads=U concurrent=U p50_ms=… p95_ms=… lost=L``, then
``bench: cpu_ratio=X wall_ratio=Y batch_cpu_ms=Z peak_mb=W n=N jobs=J``.
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
        ctx["signature"] = {"unit": ctx["unit_name"], "date": ""}  # the template asks for it: no 落款
        ctx.update({k: str(value(i.place) or "").split("\n") for k, i in TEXT_INPUTS.items()})
        ctx.update({t: {f"{r}_{c}": str(value(i.place)) for (r, c), i in cells.items()}
                    for t, cells in TABLE_INPUTS.items()})
        tpl = DocxTemplate(str(WORD_TEMPLATE))
        tpl.render(ctx, autoescape=True)
        tpl.save(str(out / f"{ctx['title']}.docx"))


def batch(folder: Path, out: Path, jobs: int) -> None:
    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            code = main_cli(["batch", str(folder), "-o", str(out), "-j", str(jobs)])
        finally:
            sys.stdout = stdout
    assert code == 0, f"batch exit {code}"


def main_cli(args: list[str]) -> int:
    from pipeline.cli import main

    return main(args)


def _cpu_s() -> float:
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def _peak_mb() -> float:
    """Peak RSS of the largest process: this one, or the largest finished child (kB on Linux)."""
    kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def measure(mode: str, folder: Path, out: Path, jobs: int) -> dict[str, float]:
    """In a fresh process: the imports first, then time one mode."""
    import docxtpl  # noqa: F401  # imported before the clock starts, for both modes
    import openpyxl  # noqa: F401

    import pipeline.cli
    import pipeline.units.batch  # noqa: F401

    count = len(list(folder.glob("*.xlsx")))
    cpu, start = _cpu_s(), time.perf_counter()
    if mode == "naive":
        naive(folder, out)
    else:
        batch(folder, out, jobs)
    return {"seconds": time.perf_counter() - start, "cpu": _cpu_s() - cpu, "reports": count, "peak_mb": _peak_mb()}


def _child(mode: str, folder: Path, out: Path, jobs: int) -> dict[str, float]:
    run = subprocess.run([sys.executable, __file__, "--measure", mode, str(folder), str(out), "--jobs", str(jobs)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def _check_once() -> tuple[float, float]:
    """Wall and CPU seconds of one ``python -m pipeline check`` of the example, start to finish."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "check", str(EXAMPLE)], capture_output=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - start, cpu


def _read_ms(folder: Path) -> float:
    """CPU milliseconds to read one filled workbook (safety gate, parts, every value and problem),
    the best of three passes over up to 50 of them, in this process."""
    from pipeline.reading.reader import read

    paths = sorted(folder.glob("*.xlsx"))[:50]
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for path in paths:
            read(path)
        best = min(best, (time.process_time() - start) / len(paths))
    return 1000 * best


def _upload(url: str, data: bytes, start: threading.Barrier) -> tuple[float, str]:
    """As a browser: the unit's page (cookie, CSRF token), then, with every other unit at once, the upload;
    the milliseconds until the server answered it and where it sent the browser ("" if not a 303)."""
    import http.client
    import re
    import uuid
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=600)
    connection.request("GET", parts.path)
    page = connection.getresponse()
    cookie = (page.getheader("Set-Cookie") or "").split(";", 1)[0]
    token = re.search(r'name="csrf" value="([^"]+)"', page.read().decode())
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token.group(1) if token else ""}'
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="x.xlsx"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie}
    start.wait(timeout=600)
    began = time.perf_counter()
    connection.request("POST", f"{parts.path}/upload", body, headers)
    answer = connection.getresponse()
    answer.read()
    elapsed = 1000 * (time.perf_counter() - began)
    connection.close()
    return elapsed, (answer.getheader("Location") or "") if answer.status == 303 else ""


def web(tmp: Path, uploads: int, jobs: int) -> dict[str, float]:
    """``uploads`` units upload at once to a real ``serve``; latencies and how many were lost."""
    import hashlib
    import signal
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.units.roster import RosterEntry, write_roster_template
    from pipeline.web.storage import Store
    from tests.synth import unit_names

    folder, data = tmp / "web-units", tmp / "web-data"
    generate(folder, uploads, jobs)
    names = unit_names(uploads)
    write_roster_template(tmp / "web-roster.xlsx", entries=[RosterEntry(n) for n in names])
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--data", str(data), "--roster",
                               str(tmp / "web-roster.xlsx"), "--port", "0", "--year", "2024"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith("服务已启动："), first
        address = first.split("：", 1)[1].split("（", 1)[0]
        tokens = {u.name: u.token for u in Store(data).units()}
        files = {n: (folder / f"{n}.xlsx").read_bytes() for n in names}
        start = threading.Barrier(uploads)
        with ThreadPoolExecutor(uploads) as pool:
            futures = {n: pool.submit(_upload, f"{address}/u/{tokens[n]}", files[n], start) for n in names}
            answers = {n: f.result() for n, f in futures.items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    store, lost = Store(data), 0
    for unit in store.units():
        subs = store.submissions(unit.id)
        kept = (len(subs) == 1 and subs[0].sha256 == hashlib.sha256(files[unit.name]).hexdigest()
                and store.file_path(subs[0].sha256).read_bytes() == files[unit.name])
        lost += not (kept and answers[unit.name][1].endswith(f"/s/{subs[0].id}"))
    times = sorted(ms for ms, _ in answers.values())
    return {"p50": times[len(times) // 2], "p95": times[min(len(times) - 1, int(0.95 * len(times)))], "lost": lost}


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}"


def import_speed(n: int = 10) -> str:
    """``import``'s CPU time per published report, by format: the tool's own .docx, page, fragment
    and PDF of ``n`` synthetic units (one PDF: LibreOffice is slow to start), warm, in this process."""
    from pipeline.importing.read import import_report
    from pipeline.report import pdf
    from tests.importing.rendered import render_all
    from tests.synth import synth_report, unit_names

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        rendered = render_all([synth_report(name, seed=i) for i, name in enumerate(unit_names(n))], Path(tmp))
        files = {"docx": [r[1] for r in rendered], "html": [r[2] for r in rendered],
                 "fragment": [r[3] for r in rendered]}
        if pdf.available():
            files["pdf"] = pdf.convert_many([rendered[0][1]], Path(tmp))
        ms = {}
        for kind, paths in files.items():
            import_report(paths[0])  # the reader's modules loaded before timing
            start = time.process_time()
            for path in paths:
                import_report(path)
            ms[kind] = 1000 * (time.process_time() - start) / len(paths)
    return "import: " + " ".join(f"{kind}_cpu_ms={v:.1f}" for kind, v in ms.items()) + f" n={n}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="number of synthetic workbooks")
    p.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes for batch-J")
    p.add_argument("--uploads", type=int, default=50, help="units uploading at once to the web server")
    p.add_argument("--measure", nargs=3, metavar=("MODE", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        mode, folder, out = args.measure
        print(json.dumps(measure(mode, Path(folder), Path(out), args.jobs)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        units = Path(tmp) / "units"
        start = time.perf_counter()
        generate(units, args.n, args.jobs)
        print(f"bench: {args.n} synthetic workbooks generated in {time.perf_counter() - start:.1f} s; {_machine()}")
        load = os.getloadavg()[0]
        runs = {"naive": ("naive", 1), "batch-1": ("batch", 1), f"batch-{args.jobs}": ("batch", args.jobs)}
        results = {label: _child(mode, units, Path(tmp) / label, jobs) for label, (mode, jobs) in runs.items()}
        check_wall, check_cpu = min(_check_once() for _ in range(3))
        read_ms = _read_ms(units)
        uploads = web(Path(tmp), args.uploads, args.jobs)
        load_after = os.getloadavg()[0]

    print(f"load average (1 min) before: {load:.1f}, after: {load_after:.1f} — "
          f"other programs on these cores inflate wall times, not CPU times")
    print(f"{'':34}{'cpu ms/report':>14}{'wall ms/report':>15}{'total s':>9}{'peak MB':>9}")
    labels = {"naive": "naive openpyxl + docxtpl loop", "batch-1": "batch --jobs 1",
              f"batch-{args.jobs}": f"batch --jobs {args.jobs}"}
    cpu = {k: 1000 * r["cpu"] / r["reports"] for k, r in results.items()}
    wall = {k: 1000 * r["seconds"] / r["reports"] for k, r in results.items()}
    for k, r in results.items():
        print(f"{labels[k]:34}{cpu[k]:>14.1f}{wall[k]:>15.1f}{r['seconds']:>9.1f}{r['peak_mb']:>9.0f}")
    print(f"check of one workbook, whole command: {check_wall:.2f} s wall, {check_cpu:.2f} s CPU; "
          f"reading one workbook: {read_ms:.1f} ms CPU")
    print("batch also checks every value and equation, writes the generated sentences and the 问题清单.xlsx; "
          "the naive loop does none of it. peak MB: RSS of the largest single process.")
    print(f"web: uploads={args.uploads} concurrent={args.uploads} p50_ms={uploads['p50']:.0f} "
          f"p95_ms={uploads['p95']:.0f} lost={uploads['lost']}")
    print(import_speed())
    top = f"batch-{args.jobs}"
    print(f"bench: cpu_ratio={cpu['naive'] / cpu['batch-1']:.1f} wall_ratio={wall['naive'] / wall[top]:.1f} "
          f"batch_cpu_ms={cpu['batch-1']:.1f} peak_mb={results[top]['peak_mb']:.0f} n={args.n} jobs={args.jobs}")


if __name__ == "__main__":
    main()
