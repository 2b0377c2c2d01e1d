"""argparse in Chinese: its own strings (用法、位置参数、选项、显示帮助并退出、缺少参数 …) translated.

argparse looks every message up through the module's ``_`` and ``ngettext`` (gettext) when it is
shown, so giving it a translation here changes what it prints and nothing else. ``MESSAGES`` lists
the msgids of the Python versions we run on; tests/test_cli.py checks that each one is still in
argparse's source, so a new Python that rewords one is noticed instead of silently printing English.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from pipeline.core.names import display_width

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少一个值",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值（%(type)s）",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURALS = {"expected %s argument": "需要 %s 个值"}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Chinese (it is only ever used by our command line)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines at most ``width`` columns wide, a Chinese character counting two (argparse's
    own wrapping counts one, so its Chinese lines came out twice too long). Breaks between any two
    Chinese characters, and only at spaces inside Latin words and numbers."""
    lines: list[str] = []
    line, used, space = "", 0, -1  # space: where in ``line`` the last break between Latin words is
    for ch in " ".join(text.split()):
        w = display_width(ch)
        if used + w > width and line:
            cut = space if space > 0 and not _wide(ch) and not _wide(line[-1]) else len(line)
            if cut == len(line) and len(line) > 1 and (ch in _NO_LINE_START or line[-1] in _NO_LINE_END):
                cut -= 1  # “）” never starts a line and “（” never ends one: carry a character over
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used, space = display_width(line), -1
        if ch == " " and not line:
            continue
        line += ch
        used += w
        if ch == " ":
            space = len(line)
    return [*lines, line.rstrip()] if line.strip() else lines


_NO_LINE_START = frozenset("，。、；：？！）》」』”’%")
_NO_LINE_END = frozenset("（《「『“‘")


def _wide(ch: str) -> bool:
    return display_width(ch) == 2


_ITEM = re.compile(r"^( +\S.*?)( {2,})(\S.*)$")


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, measuring Chinese text by its display width."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        """“-o, --output 输出” rather than “-o 输出, --output 输出”: the value named once."""
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        return f"{', '.join(action.option_strings)} {self._format_args(action, action.dest.upper())}"

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None) -> str:
        """argparse wraps the usage by length; a Chinese metavar made its lines too wide. Re-wrapped
        by display width, continuation lines under the first argument as argparse puts them."""
        text = super()._format_usage(usage, actions, groups, prefix)
        head, found, rest = " ".join(text.split()).partition(f"{self._prog} ")
        if not found:  # argparse asking for the bare prog (a sub-command's prefix): as it is
            return text
        head += found
        indent, lines, line = " " * display_width(head), [], head
        for token in re.findall(r"\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]|\S+", rest):
            if display_width(line) + 1 + display_width(token) > self._width and line.strip() != head.strip():
                lines.append(line.rstrip())
                line = indent
            line += token + " "
        return "\n".join([*lines, line.rstrip()]) + "\n\n"

    def format_help(self) -> str:
        lines = []
        for line in super().format_help().split("\n"):
            if re.fullmatch(r"\S[^:]*:", line):  # a section heading: “选项:” → “选项：”
                line = line[:-1] + "："
            elif (m := _ITEM.match(line)) and (extra := display_width(m.group(1)) - len(m.group(1))) > 0 \
                    and len(m.group(2)) - extra >= 2:
                # argparse padded a Chinese metavar by its length; align its help by its width.
                line = m.group(1) + " " * (len(m.group(2)) - extra) + m.group(3)
            lines.append(line)
        return "\n".join(lines)


def name_metavars(parser: argparse.ArgumentParser, names: dict[str, str]) -> None:
    """Give arguments without a metavar a Chinese one by their dest (“-o 输出” rather than “-o OUTPUT”),
    in ``parser`` and its sub-commands."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                name_metavars(sub, names)
        elif action.metavar is None and action.dest in names and action.nargs != 0:
            action.metavar = names[action.dest]


def date_value(text: str) -> date:
    """An argument that is a date, as staff write one (2025-01-20, 2025年1月20日)."""
    from pipeline.units.deadlines import parse_date

    found = parse_date(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写成 2025-01-20 或 2025年1月20日")
    return found


def positive(text: str) -> int:
    """An argument that is a whole number above 0 (processes, a year)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数，请写 1、2 这样的数")
    return int(text)
