"""Batch progress: on a terminal one bar that moves and names the current unit, in a log one line per
unit.

The bar is rich's (a maintained library that measures wide characters): a long Chinese unit name is
cut with “…” to what the terminal has left, so the bar never wraps onto a second line and never
leaves half-drawn lines behind.

API: ``Progress(stream)`` is a ``batch.OnUnit``: call it with (done, total, unit, file, errors,
warnings, state) after each unit; it closes the bar when done == total, or at ``close()``. Batch
first reads and checks every workbook, then renders: ``reading(done, total, file)`` moves the bar
through the first phase (on a terminal only: a log gets one line per unit, with what became of it).
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bar
from rich.table import Column

#: The bar's label in each phase of a batch.
READING, FINISHING = "读取检查", "生成报告"


class Progress:
    def __init__(self, stream: TextIO, console: Console | None = None) -> None:
        self.stream = stream
        self.console = console or Console(file=stream, highlight=False)
        self.tty = self.console.is_terminal
        self._bar: Bar | None = None
        self._task = TaskID(0)

    def _start(self, total: int, phase: str) -> Bar:
        bar = Bar(TextColumn("{task.fields[phase]}"), BarColumn(bar_width=24), MofNCompleteColumn(),
                  TimeElapsedColumn(),
                  # The unit's name takes what the line has left, cut with “…”: never a second line.
                  TextColumn("{task.description}", table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1)),
                  console=self.console, expand=True, transient=False, redirect_stdout=False, redirect_stderr=False)
        bar.start()
        self._task = bar.add_task("", total=total, phase=phase)
        return bar

    def reading(self, done: int, total: int, file: str) -> None:
        """The first phase: ``done`` of ``total`` workbooks read and checked, ``file`` the last one."""
        if not self.tty:
            return
        if self._bar is None:
            self._bar = self._start(total, READING)
        self._bar.update(self._task, completed=done, description=file, refresh=done == total)

    def __call__(self, done: int, total: int, unit: str, file: str, errors: int, warnings: int, state: str) -> None:
        if not self.tty:
            self.stream.write(f"[{done}/{total}] {file}　{unit or '—'}：错误 {errors}，警告 {warnings}，{state}\n")
            self.stream.flush()
            return
        if self._bar is None:
            self._bar = self._start(total, FINISHING)
        self._bar.update(self._task, completed=done, description=unit or file, phase=FINISHING)
        if done >= total:
            self.close()

    def close(self) -> None:
        """Stop the bar (and give the cursor back), also when the batch stopped half-way."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
