"""Clean narratives written for the text-check tests: ordinary, correct report text full of the words
and numbers a careless checker would trip over (乡村振兴, 城乡, 乡镇, 2023年以来, 收到群众来信, 按时办结率,
较上年增长, 针对2023年度报告指出的问题). No text check may warn about any of them."""

from __future__ import annotations

from pipeline.core.model import Report
from pipeline.format.official import UnitKind

from .tables import make_tables

#: Tables that the 盘江镇 text below describes.
BUSY_T3 = {"new": 10, "carried": 2, "open": 6, "partial": 2, "deny_secret": 1, "unable_not_held": 1,
           "nh_repeat": 1, "next": 1}
BUSY_T4 = {"review_upheld": 1}
BUSY_T2 = {("normative", "issued"): 3, ("normative", "repealed"): 1, ("normative", "in_force"): 12}

BUSY_TOWN = {
    "intro": ["根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现公布盘江镇人民政府2024年"
              "政府信息公开工作年度报告。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"],
    "s1_lead": ["2024年，盘江镇坚持以人民为中心，统筹推进乡村振兴和城乡融合发展，全面深化政务公开。",
                "2019年《条例》修订实施以来，全镇信息公开工作逐步规范，2023年以来更加注重公开实效。"],
    "s1_active": ["截至2024年12月31日，盘江镇主动公开政府信息215条，较上年增长12.5%。全年制发行政规范性文件3件、"
                  "废止1件，现行有效12件，均已按要求公开。",
                  "积极配合区政府做好各乡镇政务公开专栏建设，主动予以公开惠农补贴发放情况。"],
    "s1_request": ["2024年，盘江镇共收到政府信息公开申请12件，其中本年新收10件、上年结转2件。全年办结11件，"
                   "其中予以公开6件、部分公开2件、不予公开1件、无法提供1件、不予处理1件，予以公开和部分公开的占办结"
                   "总数的72.7%；结转下年度继续办理1件，按时办结率100%。",
                   "另收到群众来信15件，均已转相关部门办理；全年受理行政许可申请300件。",
                   "全年因政府信息公开被申请行政复议1件，结果维持；未发生政府信息公开行政诉讼案件。"],
    "s1_management": ["盘江镇建立信息发布审批制度，先由业务办公室审核，最终由镇主要领导审批；镇党委定期研究政务"
                      "公开工作。本镇设有专人负责保密审查，对申请人张某某等人的个人信息严格保密。",
                      "无论是依申请公开还是主动公开，均严格审核；个别依申请公开事项未能按时答复，已整改。"],
    "s1_platform": ["认真做好乡村振兴、城乡低保、就业、教育等领域的信息公开，对涉及群众切身利益的事项及时公开，"
                    "方便群众了解掌握。"],
    "s1_supervision": ["盘江镇把政府信息公开工作纳入年度目标考核，定期开展自查，全年未发生责任追究情况。"],
    "s5": ["一是公开形式单一；二是更新不及时。针对2023年度报告中指出的问题，已全部整改到位。",
           "下步工作，2025年，盘江镇将进一步丰富公开形式，提高公开时效，尚未审结的事项跟踪办理。"],
    "s6": ["2024年，盘江镇未收取信息处理费。"],
}

QUIET_TOWNSHIP = {
    "intro": ["根据《条例》规定，现公布红星乡2024年政府信息公开工作年度报告。"
              "统计期限自2024年1月1日起至2024年12月31日止。"],
    "s1_active": ["本乡坚持应公开尽公开，主动公开政府信息86条。乡党委、乡政府高度重视，乡长亲自部署。"],
    "s1_request": ["2024年，红星乡无依申请公开信息，未发生政府信息公开行政复议、行政诉讼案件。"],
    "s1_management": ["全乡严格执行保密审查制度，做好乡镇政务公开目录维护，做好干部下乡走访记录。"],
    "s1_platform": ["依托区政府门户网站红星乡专栏公开信息，同时在各村公开栏同步发布；本年新修硬化街道2公里。"],
    "s1_supervision": ["将政务公开纳入对各村的考核，考核结果已公开。"],
    "s5": ["存在问题：公开内容不够丰富。2023年以来，本乡已逐步扩大公开范围。",
           "改进措施：2025年，本乡将继续做好政务公开工作。"],
    "s6": ["本年度未收取信息处理费。"],
}

DEPARTMENT = {
    "intro": ["现公布某某县教育局2024年度政府信息公开工作年度报告。本报告统计期限为2024年1月1日至2024年12月31日。"],
    "s1_lead": ["2024年，县教育局坚持围绕城乡义务教育均衡发展，深化政务公开。"],
    "s1_active": ["主动公开政府信息320条，全县各乡镇中心学校同步公开招生信息。"],
    "s1_request": ["2024年，县教育局未收到政府信息公开申请。全年政务服务窗口受理学籍办理申请1200件，办结率100%。"],
    "s1_management": ["坚持“先审查、后公开”，全年未出现泄密事件。"],
    "s1_platform": ["优化县政府门户网站教育局专栏。"],
    "s1_supervision": ["把政务公开纳入对局属学校的年度考核。"],
    "s5": ["公开的及时性有待提高。2025年，县教育局将进一步完善公开制度。"],
    "s6": ["2024年未收取信息处理费。按照县政府办公室印发的《2024年政务公开工作要点》，各项任务均已完成。"],
}


def busy_town() -> Report:
    return Report(unit_name="盘江镇", year=2024, unit_kind=UnitKind.TOWNSHIP, texts=dict(BUSY_TOWN),
                  tables=make_tables(t3=BUSY_T3, t4=BUSY_T4, t2=BUSY_T2))


def clean_reports() -> dict[str, Report]:
    return {
        "busy town": busy_town(),
        "quiet township": Report(unit_name="红星乡", year=2024, unit_kind=UnitKind.TOWNSHIP,
                                 texts=dict(QUIET_TOWNSHIP), tables=make_tables()),
        "department": Report(unit_name="某某县教育局", year=2024, unit_kind=UnitKind.COUNTY_DEPT,
                             texts=dict(DEPARTMENT), tables=make_tables()),
    }
