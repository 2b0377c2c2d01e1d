"""A unit's own pages, behind its link ``/u/<token>``: the token sees that unit and nothing else."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from pipeline.web import county_docs, service
from pipeline.web.auth import unit_for_token
from pipeline.web.pages import client_address, send, store_of, today_of, year_of
from pipeline.web.status import round_state
from pipeline.web.storage import Store, Unit, Upload

unit = Blueprint("unit", __name__, url_prefix="/u")


def _unit(token: str) -> tuple[Store, Unit]:
    store = store_of(current_app)
    found = unit_for_token(store, token)
    if found is None:
        abort(404)
    return store, found


def _own(store: Store, found: Unit, submission_id: int) -> Upload:
    """A submission of this unit; another unit's number is as unknown as one that does not exist."""
    sub = store.submission(submission_id)
    if sub is None or sub.unit_id != found.id:
        abort(404)
    return sub


@unit.get("/<token>")
def home(token: str) -> str:
    store, found = _unit(token)
    return _home(store, found, token)


def _home(store: Store, found: Unit, token: str, message: str = "") -> str:

    subs = store.submissions(found.id)
    today = today_of(current_app)
    mine = county_docs.unit_submission(store, found, today)  # as the county's documents count it
    return render_template("unit.html", unit=found, token=token, submissions=subs, message=message,
                           year=year_of(current_app), state=round_state(mine), timing=mine.timing(today))


@unit.post("/<token>/upload")
def upload(token: str) -> BaseResponse | tuple[str, int]:
    store, found = _unit(token)
    file = request.files.get("workbook")
    if file is None or not file.filename:
        return _home(store, found, token, "请先选择要上传的工作簿文件（.xlsx）。"), 400
    data = file.read()
    year = year_of(current_app)
    submission_id = service.accept_upload(store, found, year, data, file.filename, client_address())
    # Post/redirect/get: the result has its own address, and a reload does not upload again.
    return redirect(url_for("unit.result", token=token, submission_id=submission_id), code=303)


@unit.get("/<token>/s/<int:submission_id>")
def result(token: str, submission_id: int) -> str:
    store, found = _unit(token)
    sub = _own(store, found, submission_id)
    return render_template("result.html", unit=found, token=token, sub=sub,
                           problems=service.shown_problems(sub.result),
                           pdf=_pdf_available(), county=False)


@unit.get("/<token>/s/<int:submission_id>/annotated.xlsx")
def annotated(token: str, submission_id: int) -> Response:
    store, found = _unit(token)
    sub = _own(store, found, submission_id)
    if not sub.readable:
        abort(404)
    download = service.annotated(store, found, sub.sha256, sub.result)
    store.audit(found.name, "下载问题标注副本", found.id, download.name, client_address())
    return send(download)


@unit.get("/<token>/s/<int:submission_id>/report.<kind>")
def report(token: str, submission_id: int, kind: str) -> Response:
    store, found = _unit(token)
    sub = _own(store, found, submission_id)
    if sub.errors or kind not in service.KINDS:
        abort(404)
    download = service.report(store, found, sub.sha256, kind)
    store.audit(found.name, "下载报告", found.id, download.name, client_address())
    return send(download)


@unit.get("/<token>/blank.xlsx")
def blank(token: str) -> Response:
    store, found = _unit(token)
    download = service.blank_workbook(found, year_of(current_app), store)
    store.audit(found.name, "下载填报表", found.id, download.name, client_address())
    return send(download)


def _pdf_available() -> bool:
    from pipeline.report import pdf

    return pdf.available()
