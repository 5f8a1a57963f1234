"""The CMS forms are generated from the schemas: same fields, same required ones, same choices."""

from __future__ import annotations

import re

import pytest

from wenming.core.cms import REVIEW_FIELDS, decap_config, public_backend
from wenming.core.records import SLUG
from wenming.core.schemas import CATEGORIES, Event, Nomination, Submission, Team

CONFIG = decap_config({"name": "git-gateway", "branch": "main"}, True, "https://wenming.example/", news_categories=["社区新闻"])
COLLECTIONS = {collection["name"]: collection for collection in CONFIG["collections"]}


def values(widget):
    return [option["value"] if isinstance(option, dict) else option for option in widget["options"]]


@pytest.mark.parametrize(
    ("name", "model", "extra"),
    [("nominations", Nomination, ["private"]), ("teams", Team, ["private"]), ("events", Event, ["private"]),
     ("submissions", Submission, ["private", "body"])],
)  # fmt: skip
def test_every_schema_field_has_a_form_field_with_the_same_requiredness(name, model, extra):
    fields = {field["name"]: field for field in COLLECTIONS[name]["fields"]}
    # Submitters never review: a submission's review fields are not in its form.
    schema = [key for key in model.model_fields if not (name == "submissions" and key in REVIEW_FIELDS)]
    assert list(fields) == schema + extra
    for key in schema:
        if fields[key]["widget"] != "hidden":
            assert fields[key]["required"] == model.model_fields[key].is_required(), key


def test_a_submitter_cannot_set_the_status_or_the_reviewer():
    fields = {field["name"]: field for field in COLLECTIONS["submissions"]["fields"]}
    assert fields["status"] == {"label": "状态", "name": "status", "widget": "hidden", "default": "pending"}
    assert not {"reviewer", "reviewed", "review_note"} & set(fields)


def test_secrets_in_the_backend_block_are_never_published():
    backend = {"name": "gitea", "repo": "shequ/wenming", "base_url": "https://git.example", "app_id": "abc",
               "client_secret": "s3cr3t-value", "token": "t0ken-value", "api_root": "https://git.example/api/v1"}  # fmt: skip
    published = decap_config(backend, False, None)["backend"]
    assert published == {"name": "gitea", "repo": "shequ/wenming", "base_url": "https://git.example",
                         "app_id": "abc", "api_root": "https://git.example/api/v1"}  # fmt: skip
    assert public_backend(backend)[1] == ["client_secret", "token"]


def test_choices_and_limits_come_from_the_schema():
    fields = {field["name"]: field for field in COLLECTIONS["nominations"]["fields"]}
    assert values(fields["category"]) == list(CATEGORIES)
    assert fields["status"]["options"][2] == {"label": "公示中（publicized）", "value": "publicized"}
    summary = re.compile(fields["summary"]["pattern"][0])
    assert summary.fullmatch("好" * 140) and not summary.fullmatch("好" * 141)
    assert re.compile(fields["deeds"]["pattern"][0]).fullmatch("事" * 99) is None
    assert fields["deeds"]["widget"] == "markdown"
    assert fields["nominated_on"]["widget"] == "datetime" and fields["nominated_on"]["format"] == "YYYY-MM-DD"
    records = {field["name"]: field for field in COLLECTIONS["teams"]["fields"]}["records"]
    assert [field["name"] for field in records["fields"]] == ["date", "title", "hours", "volunteers"]
    hours = records["fields"][2]
    assert (hours["widget"], hours["value_type"], hours["min"], hours["max"]) == ("number", "float", 0, 24)


def test_workflow_language_and_record_files():
    assert CONFIG["publish_mode"] == "editorial_workflow"
    assert CONFIG["locale"] == "zh_Hans"
    assert CONFIG["local_backend"] is True
    assert COLLECTIONS["submissions"]["folder"] == "content/submissions"
    assert COLLECTIONS["events"]["folder"] == "content/data/events"
    assert COLLECTIONS["events"]["format"] == "yml"
    # File names become record ids: the slug template fills in to digits and a hyphen.
    slug = COLLECTIONS["events"]["slug"]
    for part, value in {"year": "2026", "month": "11", "day": "23", "hour": "15", "minute": "30", "second": "00"}.items():
        slug = slug.replace("{{" + part + "}}", value)
    assert slug == "20261123-153000" and SLUG.fullmatch(slug)
