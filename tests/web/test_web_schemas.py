"""Every answer fits the shape the API's OpenAPI description gives it (flarewatch.web.schemas).

Real answers (tests/web/data/answers.tsv, successes and errors) are validated against the
description's own schema for their route, status and media type; hand-made answers that
break their shape (broken_answers.tsv) must be refused, so the check can fail.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from web_samples import TEST_HOSTS, TOKEN, sample_documents

from flarewatch.storage import open_store
from flarewatch.web import WebSettings, create_app
from flarewatch.web.schemas import ANSWERS, answer_schema

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SETTINGS = WebSettings(api_token=TOKEN, stages=(), allowed_hosts=TEST_HOSTS)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def table(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


ANSWER_ROWS = table("answers.tsv")
BROKEN_ROWS = table("broken_answers.tsv")


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The web samples and karabakh-brief.txt through the real pipeline (places, dates and
    actors of a document)."""
    from flarewatch.ingest import read_inputs
    from flarewatch.pipeline import run_many

    db = str(tmp_path_factory.mktemp("schemas") / "answers.db")
    brief = list(run_many(list(read_inputs([str(SAMPLES / "karabakh-brief.txt")]))))
    with open_store(db) as store:
        store.add_documents([*sample_documents(), *brief])
    return db


@pytest.fixture(scope="module")
def reader(store_file: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_file, SETTINGS)) as client:
        yield client


@pytest.fixture(scope="module")
def openapi(reader: TestClient) -> dict[str, Any]:
    described: dict[str, Any] = reader.get("/openapi.json").json()
    return described


@pytest.fixture
def writer(store_file: str, tmp_path: Path) -> Iterator[TestClient]:
    """A client over a copy of the store, for the requests that change it."""
    copy = str(tmp_path / "copy.db")
    shutil.copyfile(store_file, copy)
    with TestClient(create_app(copy, SETTINGS)) as client:
        yield client


def refusals(schema: dict[str, Any], body: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(error.absolute_path)}: {error.message}" for error in
            validator.iter_errors(body)]


@pytest.mark.parametrize(("method", "path", "request_path", "status", "media", "body"),
                         ANSWER_ROWS, ids=[f"{r[0]} {r[2]} {r[3]}" for r in ANSWER_ROWS])
def test_the_answer_fits_its_description(request: pytest.FixtureRequest,
                                         openapi: dict[str, Any], method: str, path: str,
                                         request_path: str, status: str, media: str,
                                         body: str) -> None:
    client = request.getfixturevalue("reader" if method == "get" else "writer")
    sent = None if body == "-" else json.loads(body)
    answer = client.request(method.upper(), request_path, json=sent, headers=AUTH)
    assert answer.status_code == int(status), answer.text[:300]
    assert answer.headers["content-type"].split(";")[0] == media
    schema = answer_schema(openapi, method, path, status, media)
    assert refusals(schema, answer.json()) == []


@pytest.mark.parametrize(("component", "body", "why"), BROKEN_ROWS,
                         ids=[row[2] for row in BROKEN_ROWS])
def test_a_broken_answer_is_refused(openapi: dict[str, Any], component: str, body: str,
                                    why: str) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": openapi["components"]}
    assert refusals(schema, json.loads(body)), why


def test_every_operation_names_the_shape_of_its_success(openapi: dict[str, Any]) -> None:
    operations = {(method, path): operation for path, methods in openapi["paths"].items()
                  for method, operation in methods.items()}
    assert set(operations) == set(ANSWERS)
    for (method, path), operation in operations.items():
        success = next(status for status in operation["responses"] if status.startswith("2"))
        for media in operation["responses"][success]["content"].values():
            assert media["schema"], (method, path)


def test_errors_are_described_as_problem_documents(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    assert list(answer["content"]) == ["application/problem+json"], (
                        method, path, status)


def test_every_component_reference_resolves(openapi: dict[str, Any]) -> None:
    text = json.dumps(openapi)
    named = {part.split('"')[0] for part in text.split('"#/components/schemas/')[1:]}
    assert named <= set(openapi["components"]["schemas"])
    assert "#/$defs/" not in text
