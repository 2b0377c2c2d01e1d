"""make bench: the 报送情况表 of a big county, written in linear time (target: 10,000 units under 5 s).

It was quadratic (the sheet's last row looked up after every row, by looking at every cell). Prints
``submissions: rows=N cpu_s=C wall_s=W target_s=5`` as its last line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.units.submissions import Submission, write_submissions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    subs = [Submission(f"某某县第{i}单位", f"某某县第{i}单位.xlsx", parent="某某县人民政府", deadline=date(2025, 1, 31))
            for i in range(rows)]
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        write_submissions(subs, Path(folder) / "报送情况表.xlsx", 2024, date(2025, 2, 1))
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    # CPU time is the figure to hold to the target: other programs on the same cores inflate wall time.
    print(f"submissions: rows={rows} cpu_s={cpu:.2f} wall_s={wall:.2f} target_s=5")


if __name__ == "__main__":
    main()
