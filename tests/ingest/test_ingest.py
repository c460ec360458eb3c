"""Input readers: every form of the contract, and one clear error per bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flarewatch.errors import InputError, InputWarning
from flarewatch.ingest import read_inputs
from flarewatch.model import Document
from tables import bad_inputs, encodings, good_inputs


@pytest.mark.parametrize(("name", "content", "code"), bad_inputs())
def test_bad_input_gives_one_error_naming_file_and_reason(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "ok", "text": "Troops shelled the town."}\n', encoding="utf-8")
    items = list(read_inputs([str(path), str(good)]))
    errors = [item for item in items if isinstance(item, InputError)]
    assert [error.error.name for error in errors] == [code]
    assert name in errors[0].message and code in errors[0].message
    assert [item.id for item in items if isinstance(item, Document)] == ["ok"]


def test_missing_file(tmp_path):
    (item,) = read_inputs([str(tmp_path / "nowhere.jsonl")])
    assert isinstance(item, InputError) and item.error.name == "E001"


def test_jsonl_bad_line_keeps_good_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "one"}\n{oops\n{"id": "b", "text": "two"}\n')
    items = list(read_inputs([str(path)]))
    assert [type(item).__name__ for item in items] == ["Document", "InputError", "Document"]
    assert items[1].line == 2


def test_txt_header_sets_date_and_body_offsets(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(" date 2023-09-19 ZRebels shelled the town.", encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert doc.date == dt.date(2023, 9, 19)
    assert doc.text == "Rebels shelled the town."


def test_plain_txt_has_no_date_unless_given(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Rebels shelled the town.", encoding="utf-8")
    (undated,) = read_inputs([str(path)])
    (dated,) = read_inputs([str(path)], dt.date(2024, 1, 2))
    assert undated.date is None and dated.date == dt.date(2024, 1, 2)


def test_jsonl_full_datetime(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "7", "text": "x", "date": "2023-09-19T14:05:00Z", "url": "u"}\n')
    (doc,) = read_inputs([str(path)])
    assert (doc.id, doc.date, doc.url) == ("7", dt.date(2023, 9, 19), "u")


HTML = """<!doctype html><html><head><title>Shelling</title>
<meta property="article:published_time" content="2024-03-02"></head><body>
<nav>Home | World | Sport</nav><article><p>{body}</p></article>
<footer>Copyright notice</footer></body></html>"""


def test_html_main_text_and_date(tmp_path):
    body = "Artillery struck the outskirts of the town overnight, officials said. " * 4
    path = tmp_path / "page.html"
    path.write_text(HTML.format(body=body), encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert "Artillery struck" in doc.text and "Sport" not in doc.text
    assert doc.date == dt.date(2024, 3, 2) and doc.title == "Shelling"


def test_html_blocks_are_paragraphs(tmp_path):
    # A heading and its paragraphs come out a blank line apart, so a heading ends its
    # sentence instead of running into the lede ("... central Mali Gunmen attacked").
    body = ("</p><h2>Attack on army post in central Mali</h2><p>Gunmen attacked an army post "
            "near Djenne on Tuesday, killing four soldiers, the army said on Wednesday. " * 3)
    path = tmp_path / "page.html"
    path.write_text(HTML.format(body=body), encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert "central Mali\n\nGunmen attacked" in doc.text and "\n\n\n" not in doc.text


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w-1</guid><title>One</title><link>http://127.0.0.1/1</link>
<pubDate>Tue, 19 Sep 2023 10:00:00 GMT</pubDate>
<description>Troops &lt;b&gt;shelled&lt;/b&gt; the town.</description></item>
<item><guid>w-2</guid><title>Empty</title><description></description></item>
</channel></rss>"""


def test_rss_items_are_documents_and_empty_item_is_an_error(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second = read_inputs([str(path)])
    assert isinstance(first, Document) and first.text == "Troops shelled the town."
    assert first.id == "w-1" and first.date == dt.date(2023, 9, 19)
    assert isinstance(second, InputError) and second.error.name == "E012"


LENIENT_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<lastBuildDate>25 Sep 2023</lastBuildDate>
<item><guid>l-1</guid><pubDate>Mo, 25 Sep 2023 11:41:36</pubDate>
<description>Russian artillery hit the outskirts of Kostiantynivka on Sunday evening,
wounding three people.</description></item>
<item><guid>l-2</guid><pubDate>sometime soon-ish</pubDate><description>Text.</description></item>
<item><guid>l-3</guid><pubDate>Tue, 19 Sep 2023 10:00:00 GMT</pubDate>
<description>Text.</description></item>
</channel></rss>"""


def test_feed_dates_are_read_leniently_else_taken_from_the_channel_with_a_warning(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(LENIENT_RSS, encoding="utf-8")
    items = list(read_inputs([str(path)]))
    warnings = [item for item in items if isinstance(item, InputWarning)]
    docs = {item.id: item for item in items if isinstance(item, Document)}
    assert [(w.error.name, w.line) for w in warnings] == [("W001", 1), ("W002", 2)]
    assert docs["l-1"].date == docs["l-2"].date == dt.date(2023, 9, 25)
    assert docs["l-3"].date == dt.date(2023, 9, 19)  # a good RFC 822 date needs no warning


def test_leniently_dated_feed_item_dates_and_counts_its_event(tmp_path):
    from flarewatch.pipeline import run

    path = tmp_path / "wire.rss"
    path.write_text(LENIENT_RSS, encoding="utf-8")
    doc = next(item for item in read_inputs([str(path)]) if isinstance(item, Document))
    event = run(doc).events[0]
    assert (event.date, event.size.injured) == ("2023-09-24", 3)


def test_folder_is_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Troops shelled the town.")
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "Police arrested two."}\n')
    ids = sorted(item.id for item in read_inputs([str(tmp_path)]))
    assert ids == ["b", "sub/a"]


def test_a_folder_with_no_file_is_a_warning_one_with_files_is_not(tmp_path):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (warning,) = read_inputs([str(tmp_path / "empty")])
    assert isinstance(warning, InputWarning) and warning.error.name == "W005"
    assert warning.path == str(tmp_path / "empty")
    (tmp_path / "empty" / "sub" / "a.txt").write_text("Troops shelled the town.")
    assert [item.id for item in read_inputs([str(tmp_path / "empty")])] == ["sub/a"]


def test_equal_file_names_in_two_folders_are_two_documents(tmp_path):
    for sub, text in (("a", "Police fired."), ("b", "Troops advanced.")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(text)
    named = {item.id: item.text for item in read_inputs([str(tmp_path)])}
    assert named == {"a/report": "Police fired.", "b/report": "Troops advanced."}
    (alone,) = read_inputs([str(tmp_path / "a" / "report.txt")])
    assert alone.id == "report"


def test_a_raw_nul_in_one_jsonl_line_spoils_that_line_only(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Police fired."}\n{"id": "b", "text": "x\x00y"}\n')
    first, second = read_inputs([str(path)])
    assert first.id == "a" and (second.error.name, second.line) == ("E005", 2)


def test_malformed_json_says_what_and_where(tmp_path):
    # json's own message ends in "at"; the reason names the character it stopped at.
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x\x01y"}\n{"id": "b"\n')
    first, second = read_inputs([str(path)])
    assert first.detail == "Invalid control character at character 23"
    assert second.detail == "Expecting ',' delimiter at character 12"


def test_a_repaired_feed_keeps_its_items_and_says_so(tmp_path):
    path = tmp_path / "cut.rss"
    path.write_text("<rss><channel><item><guid>c</guid><description>Rebels <b>attacked"
                    "</description></ite")
    doc, warning = read_inputs([str(path)])
    assert doc.id == "c" and doc.text == "Rebels attacked"
    assert warning.error.name == "W003" and "mismatch" in warning.detail


def test_stdin_with_a_byte_order_mark(monkeypatch):
    import io
    import sys

    record = '{"id": "s", "text": "Police fired."}\n'
    for encoding in ("utf-8-sig", "utf-16"):  # both write a byte-order mark first
        stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(record.encode(encoding))))
        monkeypatch.setattr(sys, "stdin", stdin)
        assert [item.id for item in read_inputs(["-"])] == ["s"]


@pytest.mark.parametrize(("name", "content", "ids"), good_inputs())
def test_odd_but_good_input_gives_its_documents_and_no_error(tmp_path, name, content, ids):
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read_inputs([str(path)]))
    assert [item.id for item in items if isinstance(item, Document)] == ids
    assert [item.message for item in items if isinstance(item, InputError)] == []


def test_each_special_file_in_a_folder_is_reported_and_the_rest_read(tmp_path):
    import os

    (tmp_path / "good.jsonl").write_text('{"id": "g", "text": "Police fired."}\n')
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "sub").mkdir()
    (tmp_path / "up").symlink_to(tmp_path)  # a link to a folder: would walk for ever
    (tmp_path / "sub" / "linked.txt").symlink_to(tmp_path / "good.jsonl")
    items = list(read_inputs([str(tmp_path)]))
    reported = {Path(item.path).name: item.detail for item in items
                if isinstance(item, InputError)}
    assert reported == {"pipe": "a FIFO", "dangling": "a dangling link", "loop": "a link loop",
                        "up": "a link to a folder, not followed"}
    assert sorted(item.id for item in items if isinstance(item, Document)) == ["g", "sub/linked"]


def test_a_fifo_named_on_the_command_line_is_read(tmp_path):
    import os
    import threading

    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text,
                              args=('{"id": "f", "text": "Police fired."}\n',))
    writer.start()
    items = list(read_inputs([str(fifo)]))
    writer.join()
    assert [item.id for item in items] == ["f"]


@pytest.mark.parametrize("name", ["new\nline.txt", "tab\there.txt", "ret\rurn.txt"])
def test_a_file_name_cannot_forge_a_second_error_line(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    (error,) = read_inputs([str(path)])
    assert "\n" not in error.message and "\r" not in error.message
    assert "\t" not in error.message and error.message.endswith("E004 empty file")


def test_error_names_the_record_id(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "doc-9", "text": "x", "url": 5}\n')
    (error,) = read_inputs([str(path)])
    assert error.message.endswith('E015 invalid field (\'url\' must be a string or null, '
                                  'not number); id "doc-9"')


def test_max_chars_is_a_setting(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "Police fired on the crowd."}\n')
    (refused,) = read_inputs([str(path)], max_chars=10)
    (kept,) = read_inputs([str(path)], max_chars=26)
    assert refused.error.name == "E014" and kept.id == "a"


def test_a_reader_that_fails_mid_file_costs_that_file_only(tmp_path, monkeypatch):
    import flarewatch.ingest.pages as pages

    def broken(*_args):  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(pages, "bounded_text", broken)
    (tmp_path / "a.txt").write_text("Police fired.")
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "Police fired."}\n')
    error, doc = read_inputs([str(tmp_path)])
    assert error.message.endswith("a.txt: E013 cannot read (OSError: [Errno 5] Input/output "
                                  "error)")
    assert doc.id == "b"


def test_two_files_giving_one_id_in_a_run_are_one_document_and_one_error(tmp_path):
    (tmp_path / "a.txt").write_text("Police fired.")
    (tmp_path / "a.html").write_text("<html><body><article><p>" + "Troops advanced. " * 20
                                     + "</p></article></body></html>")
    doc, error = read_inputs([str(tmp_path)])
    assert doc.id == "a" and error.error.name == "E022" and error.doc_id == "a"
    assert error.detail.endswith("a.html") or error.detail.endswith("a.txt")


def test_the_run_date_dates_every_undated_document(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "u", "text": "Police fired."}\n'
                    '{"id": "d", "text": "Police fired again.", "date": "2023-05-06"}\n')
    undated, dated = read_inputs([str(path)], dt.date(2024, 1, 3))
    assert undated.date == dt.date(2024, 1, 3) and dated.date == dt.date(2023, 5, 6)


def test_the_runs_own_files_are_passed_over_in_a_folder(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "Police fired."}\n')
    for name in ("fw.db", "fw.db-wal", "fw.db-shm", "out.jsonl"):
        (tmp_path / name).write_bytes(b"\x00binary")
    items = list(read_inputs([str(tmp_path)], skip=[tmp_path / "fw.db", tmp_path / "out.jsonl"]))
    assert [item.id for item in items] == ["a"]


def test_an_empty_argument_is_no_file_and_stdin_is_read_once(tmp_path, monkeypatch):
    import io
    import sys

    (error,) = read_inputs([""])
    assert error.error.name == "E001"
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(b'{"id": "s", "text": "x y"}\n')))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert [item.id for item in read_inputs(["-", "-"])] == ["s"]


@pytest.mark.parametrize(("name", "content", "chosen", "expected"), encodings())
def test_encodings_named_declared_or_refused(tmp_path, name, content, chosen, expected):
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read_inputs([str(path)], encoding=chosen))
    errors = [item.error.name for item in items if isinstance(item, InputError)]
    texts = [item.text for item in items if isinstance(item, Document)]
    if expected.startswith("E0"):
        assert errors == [expected] and texts == []
    else:
        assert errors == [] and len(texts) == 1 and expected in texts[0]


def test_undecodable_utf8_says_how_to_name_another_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 shelled".encode("latin-1"))
    (error,) = read_inputs([str(path)])
    assert isinstance(error, InputError) and "--encoding" in error.message
