"""The generated statistical sentences against the unit's own text: no figure stated twice.

A unit that writes “2024年，盘江镇无依申请公开信息” and a generated “2024年，盘江镇未收到政府信息公开
申请” next to it says one thing twice; a unit that writes “收到申请15件” next to a generated “共收到
…12件” says two different things. So a generated sentence is left out wherever the unit's own text
already speaks of its subject (requests, 复议 and 诉讼, documents), and ``check`` says so in one line;
where the two would differ, the unit's figure is already a T3 or T4 warning against the tables.
"""

from __future__ import annotations

from pipeline.checks.text_common import label, texts
from pipeline.checks.text_facts import denied_topics
from pipeline.checks.text_reading import readings
from pipeline.checks.text_words import DOCUMENTS, REQUESTS, REVIEWS
from pipeline.core.model import Report
from pipeline.core.sentences import generated_paragraphs

#: Which generated paragraph speaks of which topic, in the order generated_paragraphs lists them.
_TOPIC_OF = {"s1_active": (DOCUMENTS,), "s1_request": (REQUESTS, REVIEWS)}
_WHAT = {REQUESTS: "收到和办理申请的情况", REVIEWS: "行政复议、行政诉讼情况", DOCUMENTS: "规章和行政规范性文件的件数"}


def stated_topics(report: Report) -> dict[str, str]:
    """Topic → the narrative key where the unit's own text first states it."""
    found: dict[str, str] = {}
    for key, paragraph in texts(report):
        topics = {r.topic for r in readings(paragraph, key)} | denied_topics(paragraph)
        for topic in topics:
            found.setdefault(topic, key)
    return found


def _generated(report: Report) -> dict[str, list[tuple[str, str]]]:
    """Key → (topic, paragraph) of every generated paragraph, when the switch is on."""
    if not report.auto_sentences:
        return {}
    return {key: list(zip(_TOPIC_OF[key], paragraphs, strict=False))
            for key, paragraphs in generated_paragraphs(report).items()}


def generated_kept(report: Report, stated: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The generated paragraphs the report prints: those whose topic the unit's text leaves unsaid
    (``stated``: ``stated_topics(report)``, when the caller has it already)."""
    stated = stated_topics(report) if stated is None else stated
    return {key: [p for topic, p in pairs if topic not in stated] for key, pairs in _generated(report).items()}


def left_out_note(report: Report, stated: dict[str, str] | None = None) -> str | None:
    """One line saying which generated sentences the report leaves out, and why."""
    stated = stated_topics(report) if stated is None else stated
    left = [(topic, stated[topic]) for pairs in _generated(report).values() for topic, _ in pairs if topic in stated]
    if not left:
        return None
    by_key: dict[str, list[str]] = {}
    for topic, key in left:
        by_key.setdefault(key, []).append(_WHAT[topic])
    said = "；".join(f"{label(key)}已写明{'、'.join(whats)}" for key, whats in by_key.items())
    return f"说明：{said}，报告中不再加入按表格生成的相应统计语句，以免同一数字说两遍。"
