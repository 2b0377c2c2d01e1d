"""The one Jinja environment every user-edited template (the report's, the 退回通知's, the 通报's) is
parsed and rendered in, with limits a hostile template cannot get round.

Jinja's sandbox stops a template reaching Python's internals, but not one that makes the tool work
forever or fill the memory: ``{{ 9**(9**8) }}`` is a single multiplication in C (Ctrl+C waits for it)
and used to be computed while the template compiled, before any check. So here:

- the operators that can grow a value (``**``, ``*``, ``+``, ``%``) and those that can fail (``/``,
  ``//``) are intercepted (``intercepted_binops``: a sandboxed environment then never folds them into a
  constant at compile time) and refused beyond ``MAX_INT_BITS`` / ``MAX_LENGTH``;
- every filter is wrapped: its width arguments are bounded, its work is estimated before it runs and
  its result measured after (``"a"|replace("a", "aaaa")`` chained, ``|center(10**9)``); ``~`` goes
  through the same measure;
- no loader: ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused when compiling;
- an unsafe attribute (``map(attribute='__class__')``) is an error, not a silent Undefined;
- a computation the data does not allow (``1 < "a"``, ``1 / 0``) is the template's mistake, said as
  one, not an internal error;
- each render has ``TIME_LIMIT`` seconds, checked at every loop step, operator, filter and piece of
  output, and writes at most ``MAX_OUTPUT`` characters: all are Python code, so Ctrl+C stops a render
  at once, too.

A refusal is a ``SecurityError`` (a ``TemplateError``) whose message, in Chinese, names the expression;
``document.fill_error`` adds the template's name and place.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from types import CodeType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

#: Seconds one render may take. The report's template fills in well under a second.
TIME_LIMIT = 20.0
#: Characters of a text, or items of a list, any one value may reach (a whole report is ~30,000).
MAX_LENGTH = 1_000_000
#: Bits of a whole number (a 1,000-digit number has ~3,300).
MAX_INT_BITS = 4096
#: Characters one render, or one ``{% set %}…{% endset %}`` block, may write (a report's XML is < 1 MB).
MAX_OUTPUT = 20_000_000
#: Widths, counts and lengths a filter may be given (``center``, ``indent``, ``truncate``, ``slice`` …).
MAX_WIDTH = 10_000
#: Characters a filter may be asked to go through: its input's size times its longest text argument.
MAX_WORK = 20_000_000
_WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "slice", "batch", "round"})
#: A ``%`` conversion with a width or precision: ``%9999999d``, ``%.*f``.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_LOOP, _CONCAT = "_sandbox_loop", "_sandbox_concat"

_deadline: ContextVar[float | None] = ContextVar("template_deadline", default=None)


def _tick() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise SecurityError(f"填写超过 {TIME_LIMIT:g} 秒仍未完成，已停止（模板中的循环过多或嵌套过深）")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set | frozenset) else 1


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"“{what}”的结果过大（超过 {MAX_LENGTH} 个字符或项），不予计算")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"


def _percent_widths(text: str) -> None:
    for star_or_width in (g for m in _PERCENT.finditer(text) for g in m.groups() if g):
        if star_or_width == "*" or int(star_or_width) > MAX_WIDTH:
            raise SecurityError(f"格式“{_shown(text)}”的宽度或精度过大（至多 {MAX_WIDTH}），不予计算")


def _check_binop(op: str, left: Any, right: Any) -> None:
    what = f"{_shown(left)} {op} {_shown(right)}"
    ints = isinstance(left, int) and isinstance(right, int)
    if op == "**" and ints and abs(left) > 1 and right > 0 and right * abs(left).bit_length() > MAX_INT_BITS:
        raise SecurityError(f"“{what}”的结果过大（超过 {MAX_INT_BITS} 位），不予计算")
    if op == "*":
        if ints and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
            raise SecurityError(f"“{what}”的结果过大（超过 {MAX_INT_BITS} 位），不予计算")
        for seq, times in ((left, right), (right, left)):
            if isinstance(times, int) and not isinstance(seq, int) and _size(seq) * times > MAX_LENGTH:
                raise _too_big(what)
    if op == "+" and not ints and _size(left) + _size(right) > MAX_LENGTH:
        raise _too_big(what)
    if op == "%" and isinstance(left, str):
        _percent_widths(left)


def _check_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before a filter runs: bounded widths, and no more than MAX_WORK characters to go through."""
    given = [a for a in (*args, *kwargs.values()) if not isinstance(a, EvalContext | Context | jinja2.Environment)]
    if not given:
        return
    value, extra = given[0], given[1:]
    if name in _WIDTH_FILTERS:
        for arg in extra:
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_WIDTH:
                raise SecurityError(f"“|{name}({arg})”的数值过大（至多 {MAX_WIDTH}），不予计算")
    if name == "format" and isinstance(value, str):
        _percent_widths(value)
    longest = max((len(a) for a in extra if isinstance(a, str)), default=1)
    if _size(value) * max(longest, 1) > MAX_WORK:
        raise SecurityError(f"“|{name}”要处理的内容过多，不予计算")


def _limited(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` checked before and measured after; ``wraps`` keeps Jinja's pass_context marks."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_filter(name, args, kwargs)
        result = fn(*args, **kwargs)
        if _size(result) > MAX_LENGTH:
            raise _too_big(f"|{name}")
        return result

    return run


def _loop(items: Iterable[Any]) -> Iterator[Any]:
    """Every ``{% for %}`` runs over this: one step of a loop is one look at the clock."""
    for item in items:
        _tick()
        yield item


def _bounded_join(parts: Iterable[str]) -> str:
    """What Jinja joins a render's (and a block's) output with, counting as it goes: a loop over
    static text writes no value to measure, yet five loops deep it would be gigabytes."""
    kept, size = [], 0
    for part in parts:
        _tick()
        size += len(part)
        if size > MAX_OUTPUT:
            raise SecurityError(f"填写结果超过 {MAX_OUTPUT} 个字符，已停止（模板中的循环过多或嵌套过深）")
        kept.append(part)
    return "".join(kept)


@jinja2.pass_eval_context
def _concat(eval_ctx: EvalContext, items: list[Any]) -> str:
    """``a ~ b`` as Jinja joins it (escaped when autoescaping), measured: ``{% set a = a ~ a %}``
    forty times over would otherwise ask for a terabyte."""
    _tick()
    if sum(_size(item) if isinstance(item, str) else len(str(item)) for item in items) > MAX_LENGTH:
        raise _too_big("~")
    return str(markup_join(items) if eval_ctx.autoescape else str_join(items))


class _Guard(NodeTransformer):
    """Send every loop and every ``~`` through its guard."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _LOOP, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT, [], [], None, None,
                            lineno=node.lineno)


def _guard(ast: nodes.Template) -> nodes.Template:
    """Refuse what reaches other files; send loops and ``~`` through their guards."""
    for node in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        raise SecurityError(f"模板中不能使用“{tag_of(node)}”（不读取其他文件）")
    _Guard().visit(ast)
    return ast


def tag_of(node: nodes.Node) -> str:
    """An include, import or extends as written: ``{% include '/etc/passwd' %}``."""
    kinds: dict[type[nodes.Node], str] = {nodes.Include: "include", nodes.Import: "import",
                                          nodes.FromImport: "from … import", nodes.Extends: "extends"}
    kind = kinds.get(type(node), "?")
    source = getattr(node, "template", None)
    name = repr(source.value) if isinstance(source, nodes.Const) else "…"
    return f"{{% {kind} {name} %}}"


class _Template(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        # One clock per outermost render (docxtpl renders each header and footer as a template too).
        token = _deadline.set(time.monotonic() + TIME_LIMIT) if _deadline.get() is None else None
        try:
            return super().render(*args, **kwargs)
        except (TypeError, ValueError, ArithmeticError, RecursionError) as exc:
            # Only the template's expressions, filters and macros run here, on plain data: ``1 < "a"``,
            # ``"a" + 1``, a macro calling itself are the template's mistakes, said as such, not an internal error.
            raise TemplateRuntimeError(f"模板中的运算或过滤器无法用于这些数据（{type(exc).__name__}: {exc}）") from exc
        finally:
            if token is not None:
                _deadline.reset(token)


class Sandbox(SandboxedEnvironment):
    """The sandbox with the limits above (see the module's docstring)."""

    intercepted_binops = frozenset({"**", "*", "+", "%", "/", "//"})
    template_class = _Template
    concat = staticmethod(_bounded_join)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()  # cycler, joiner, namespace, lipsum, range reach Python's internals
        self.filters = {name: _limited(name, fn) for name, fn in self.filters.items()}
        self.filters[_LOOP], self.filters[_CONCAT] = _loop, _concat

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(operator, left, right)
        try:
            result = super().call_binop(context, operator, left, right)
        except ArithmeticError as exc:  # 1/0, 2.0**10000: the template's mistake, not the tool's
            raise SecurityError(f"“{_shown(left)} {operator} {_shown(right)}”无法计算（{type(exc).__name__}）") from exc
        if _size(result) > MAX_LENGTH:  # "%s%s" % (a, a), over and over
            raise _too_big(f"{_shown(left)} {operator} {_shown(right)}")
        return result

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        """Refused at once: an Undefined would print as “[Undefined]” inside a list."""
        raise SecurityError(f"不允许访问“{attribute}”（{type(obj).__name__} 的内部属性）")

    def compile(self, source: str | nodes.Template, name: str | None = None,  # type: ignore[override]
                filename: str | None = None, raw: bool = False, defer_init: bool = False) -> str | CodeType:
        ast = self.parse(source, name, filename) if isinstance(source, str) else source
        return super().compile(_guard(ast), name, filename, raw, defer_init)  # type: ignore[call-overload,no-any-return]


def jinja_env() -> Sandbox:
    """A new environment for one template: autoescape, and StrictUndefined (a name the context
    lacks is an error, not an empty cell)."""
    return Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)


__all__ = ["MAX_INT_BITS", "MAX_LENGTH", "MAX_OUTPUT", "MAX_WIDTH", "TIME_LIMIT", "Sandbox", "jinja_env", "tag_of"]
