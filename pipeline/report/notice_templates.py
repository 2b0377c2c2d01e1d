"""Generate the county's two Word templates: ``templates/return_notice.docx`` (退回通知, one a unit with
problems) and ``templates/bulletin.docx`` (审核情况通报, one a batch).

They are ordinary docxtpl templates in the report's GB/T 9704 styles (``docx_styles``): an office may
reword, restyle or add its 红头 in Word or WPS, keeping the ``{{ }}`` names, and they are checked and
rendered exactly as the report's template is (``template_check.check_template``, ``document.render``).
The names each template may use are those of ``units.notices`` (``return_context``, ``bulletin_context``).

Run ``python -m pipeline.report.notice_templates`` to regenerate both (a hand-edited copy is replaced).
"""

from __future__ import annotations

import docx
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from pipeline.core.output import write_bytes
from pipeline.core.paths import BULLETIN_TEMPLATE, RETURN_NOTICE_TEMPLATE
from pipeline.report import docx_styles as st
from pipeline.report.document import docx_bytes


def _p(doc: DocumentObject, text: str, style: str = st.BODY) -> None:
    doc.add_paragraph(text, style=style)


def _sign_off(doc: DocumentObject) -> None:
    """The end of both documents: an empty line, then the office and the date, flush right with no
    first-line indent."""
    _p(doc, "")
    for text in ("{{ office }}", "{{ date }}"):
        paragraph = doc.add_paragraph(text, style=st.BODY)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.right_indent = Mm(11)


def _loop_table(doc: DocumentObject, header: tuple[str, ...], fields: tuple[str, ...], items: str,
                widths_mm: tuple[float, ...], small: str = "") -> None:
    """A table with a header row and one row per item: docxtpl's ``{%tr for %}`` … ``{%tr endfor %}``;
    the field ``small`` in the smaller table type (a 64-character fingerprint on one line)."""
    table = doc.add_table(rows=4, cols=len(header))
    total = int(st.TEXT_WIDTH.twips)
    widths = [int(Mm(w).twips) for w in widths_mm[:-1]]
    widths.append(total - sum(widths))
    st.frame_table(table, widths, header_rows=1)
    texts = [header, (f"{{%tr for x in {items} %}}", *[""] * (len(header) - 1)),
             tuple(f"{{{{ x.{f} }}}}" for f in fields), ("{%tr endfor %}", *[""] * (len(header) - 1))]
    for r, (row, line) in enumerate(zip(table.rows, texts, strict=True)):
        for cell, text in zip(row.cells, line, strict=True):
            paragraph = cell.paragraphs[0]
            # Sentences read left to right; numbers, codes and headers are centred.
            long_text = r == 2 and text.endswith(("message }}", "title }}"))
            paragraph.style = st.TABLE_LABEL if long_text else st.TABLE_TEXT
            if small and r == 2 and text == f"{{{{ x.{small} }}}}":
                paragraph.style = st.TABLE_SMALL
            paragraph.add_run(text)


def _new() -> DocumentObject:
    doc = docx.Document()
    st.setup_document(doc)
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    doc.core_properties.author, doc.core_properties.comments = "", "由 pipeline/report/notice_templates.py 生成"
    return doc


def build_return_notice() -> DocumentObject:
    doc = _new()
    _p(doc, "{% if returned %}关于退回{{ unit }}{{ year }}年度政府信息公开工作年度报告的通知"
            "{% else %}关于{{ unit }}{{ year }}年度政府信息公开工作年度报告审核意见的通知{% endif %}", st.TITLE)
    doc.add_paragraph("{{ unit }}：", style=st.BODY).paragraph_format.first_line_indent = Mm(0)
    _p(doc, "你单位报送的{{ year }}年度政府信息公开工作年度报告填报表（{{ file }}）经检查，"
            "{% if returned %}有错误 {{ errors }} 条{% if warnings %}、警告 {{ warnings }} 条{% endif %}，现予退回。"
            "请按下表逐项修改后重新报送{% if resubmit %}（{{ resubmit }}前）{% endif %}。"
            "{% else %}没有错误，有警告 {{ warnings }} 条。请逐条核实，需要修改的，修改后重新报送。{% endif %}")
    _p(doc, "表中“单元格”指填报表中的位置，如“表三!D7”是“表三”工作表的 D7 单元格。")
    _loop_table(doc, ("序号", "级别", "单元格", "问题和修改意见"), ("number", "severity", "cells", "message"),
                "problems", (12, 14, 30, 0))
    _sign_off(doc)
    return doc


def build_bulletin() -> DocumentObject:
    doc = _new()
    # Two lines broken where the sense breaks, as a 公文 title is (GB/T 9704: 回行时要词意完整).
    title = doc.add_paragraph("关于{{ year }}年度政府信息公开工作", style=st.TITLE)
    title.runs[0].add_break()
    title.add_run("年度报告审核情况的通报")
    doc.add_paragraph("各单位：", style=st.BODY).paragraph_format.first_line_indent = Mm(0)
    _p(doc, "按照《中华人民共和国政府信息公开条例》第四十九条和年度报告格式要求，{{ office }}对各单位报送的"
            "{{ year }}年度政府信息公开工作年度报告进行了审核。现将审核情况通报如下。")
    _p(doc, "一、报送情况", st.HEADING1)
    _p(doc, "截至{{ date }}，应报送 {{ due }} 个单位，已报送 {{ submitted }} 个，其中按时报送 {{ on_time }} 个，"
            "逾期报送 {{ late }} 个；未报送 {{ missing }} 个。")
    _p(doc, "{% if any_missing %}未报送的单位：{{ missing_units }}。{% else %}各单位均已报送。{% endif %}")
    _p(doc, "{% if any_late %}逾期报送的单位：{{ late_units }}。{% endif %}")
    _p(doc, "二、审核情况", st.HEADING1)
    _p(doc, "已报送的 {{ submitted }} 个单位中，首次检查即没有错误的 {{ passed_first }} 个。"
            "目前检查通过的 {{ passed }} 个，仅有警告的 {{ warnings_only }} 个，有错误退回修改的 {{ returned }} 个"
            "{% if any_returned %}（{{ returned_units }}）{% endif %}。")
    _p(doc, "三、常见问题", st.HEADING1)
    _p(doc, "{% if problems %}出现较多的问题如下表。{% else %}未发现问题。{% endif %}")
    _loop_table(doc, ("序号", "问题", "涉及单位数", "条数"), ("number", "title", "units", "count"),
                "problems", (12, 96, 26, 0))
    _published(doc)
    _p(doc, "{% if published %}五{% else %}四{% endif %}、有关要求", st.HEADING1)
    _p(doc, "请未报送的单位抓紧报送；请被退回的单位按退回通知逐项修改后重新报送；有警告的单位请逐条核实。"
            "各单位要对照本通报举一反三，确保年度报告数据准确、内容完整、按时公开。")
    _sign_off(doc)
    return doc


def _published(doc: DocumentObject) -> None:
    """``batch --publish`` only: each publication pack's fingerprint, on paper kept away from the
    packs, so that whoever rewrites a pack and its manifest is still found out. ``{%p if %}`` drops
    the whole block, table included, from a 通报 of a batch that did not publish."""
    _p(doc, "{%p if published %}")
    _p(doc, "四、发布情况", st.HEADING1)
    _p(doc, "没有错误的单位已生成发布包，各发布包的发布清单指纹如下表。请将本通报另行保存在发布文件夹以外，"
            "日后核对发布的文件是否被改动时，以此指纹为准。")
    _loop_table(doc, ("发布包", "发布清单指纹"), ("pack", "fingerprint"), "published", (34, 0), small="fingerprint")
    _p(doc, "{%p endif %}")


def build_notice_templates() -> None:
    """Regenerate both: the committed files are this generator's, so they are replaced whatever the
    output folder's manifest says (``templates/`` has none)."""
    for doc, path in ((build_return_notice(), RETURN_NOTICE_TEMPLATE), (build_bulletin(), BULLETIN_TEMPLATE)):
        write_bytes(path, docx_bytes(doc), force=True)


if __name__ == "__main__":
    build_notice_templates()
