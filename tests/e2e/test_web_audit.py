"""The audit page on each store: the filtered history paged by position, its exports from
the browser's sign-in, a record as it stood; and who may not read it."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from tests.e2e.conftest import Api
from tests.e2e.web_support import caught_up, ids_in, signed_in, signed_out, view
from tests.e2e.web_world import month_of_work

AUDITOR = "audit-sun"


def test_the_auditor_filters_pages_and_exports_the_history(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, AUDITOR)
    page = view(api, "/ui/audit?person=rep-wang&limit=3")
    assert {"audit-filters", "audit-table", "audit-export-csv", "audit-next"} <= ids_in(page)
    first = [int(p) for p in re.findall(r'data-testid="audit-row" data-position="(\d+)"', page)]
    assert len(first) == 3
    assert first == sorted(first)
    after = re.search(r'href="(/ui/audit\?[^"]*after=\d+[^"]*)" data-testid="audit-next"', page)
    assert after is not None
    second = view(api, after.group(1).replace("&amp;", "&"))
    later = [int(p) for p in re.findall(r'data-testid="audit-row" data-position="(\d+)"', second)]
    assert later
    assert min(later) > max(first)
    csv = api.client.get("/ui/audit/events.csv?person=rep-wang")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    lines = api.client.get("/ui/audit/events.jsonl?person=rep-wang").text.splitlines()
    assert len(lines) == len(csv.text.strip().splitlines()) - 1
    assert all(json.loads(line)["person_id"] == "rep-wang" for line in lines)


def test_a_record_as_it_stood(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, AUDITOR)
    page = view(api, "/ui/audit?person=rep-wang&type=Target.Approved")
    link = re.search(r'href="(/ui/audit/records/[^"]+)" data-testid="audit-as-of"', page)
    assert link is not None
    record = view(api, link.group(1).replace("&amp;", "&"))
    assert "audit-record-state" in ids_in(record)
    before = view(
        api, link.group(1).split("?")[0] + "?as_of=" + quote("2000-01-01T00:00:00+00:00"), 404
    )
    assert "Not found" in before


def test_others_may_not_audit_and_bad_filters_name_the_field(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, "rep-chen")
    assert "audit-row" not in view(api, "/ui/audit", 403)
    view(api, "/ui/audit?person=rep-wang", 403)
    assert api.client.get("/ui/audit/events.csv?person=rep-wang").status_code == 403
    signed_in(api, AUDITOR)
    bad = view(api, "/ui/audit?since=yesterday", 422)
    assert 'data-field="since"' in bad
    order = view(api, "/ui/audit?since=2025-02-01T00:00:00Z&until=2025-01-01T00:00:00Z", 422)
    assert 'data-field="until"' in order
    signed_out(api)
    for path in ("/ui/audit", "/ui/audit/events.csv"):
        response = api.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
