"""Tests for eventwire.ingest: formats, ids, directories, rejections, streaming, summary."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import re
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest import ReadSummary, read_articles
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.plain import read_plain
from eventwire.model import Article, Origin, Rejection

SHELLING = (
    "KHARKIV, March 4 - Artillery shelling hit a residential district of the city overnight, "
    "killing at least three civilians, the regional governor said on Friday."
)
PROTEST = (
    "NAIROBI, June 21 - Police fired tear gas at several hundred protesters who marched on "
    "parliament against a proposed finance bill, witnesses said."
)
TALKS = (
    "DOHA, Sept 9 - Negotiators from both sides met for a second day of indirect talks "
    "mediated by Qatar, a diplomat briefed on the meeting said."
)


def read(*paths: Path | str, summary: ReadSummary | None = None) -> list[Article | Rejection]:
    return list(read_articles(list(paths), summary=summary))


def only_article(items: list[Article | Rejection]) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def only_rejection(items: list[Article | Rejection]) -> Rejection:
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    return items[0]


def jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def content_id(text: str) -> str:
    return "a-" + hashlib.sha256(text.encode()).hexdigest()[:16]


# --- plain articles ---------------------------------------------------------------------------


def test_plain_article_with_date_line_and_paragraphs(tmp_path: Path) -> None:
    body = f"{SHELLING}\n\nRescue teams were still searching the rubble on Saturday morning."
    path = tmp_path / "kharkiv-0304.txt"
    path.write_text(f"date 2022-03-04\n{body}\n\n", encoding="utf-8")
    article = only_article(read(path))
    assert article.id == "kharkiv-0304"
    assert article.date == date(2022, 3, 4)
    assert article.text == body
    assert article.origin == Origin(str(path))


def test_plain_body_may_start_on_the_date_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"date 2023-06-21   {PROTEST}\nSecond paragraph.", encoding="utf-8")
    article = only_article(read(path))
    assert article.date == date(2023, 6, 21)
    assert article.text == f"{PROTEST}\nSecond paragraph."


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf\n\n   DATE 2023-09-09\n" + TALKS.encode(),  # BOM, blank lines, upper case
        b"Date: 2023-09-09\r\n\r\n" + TALKS.encode() + b"\r\n",  # colon, CRLF
        b"date 2023-09-09T08:30:00+03:00\n" + TALKS.encode(),  # a timestamp: its date
    ],
    ids=["bom-blank-lines-uppercase", "colon-crlf", "timestamp"],
)
def test_plain_date_line_variants(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "talks.txt"
    path.write_bytes(raw)
    article = only_article(read(path))
    assert (article.date, article.text) == (date(2023, 9, 9), TALKS)


def test_plain_crlf_inside_body_becomes_newline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"date 2023-09-09\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n")
    assert only_article(read(path)).text == "First paragraph.\n\nSecond paragraph."


def test_plain_without_date_line_is_an_undated_article(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text(f"\n  {SHELLING}\n", encoding="utf-8")
    article = only_article(read(path))
    assert (article.date, article.text, article.id) == (None, SHELLING, "undated")


def test_plain_prose_starting_with_the_word_date_is_body(tmp_path: Path) -> None:
    text = "Date palms along the river were set alight by retreating fighters, residents said."
    path = tmp_path / "palms.txt"
    path.write_text(text, encoding="utf-8")
    article = only_article(read(path))
    assert (article.date, article.text) == (None, text)


def test_plain_file_without_extension_named_directly_is_plain(tmp_path: Path) -> None:
    path = tmp_path / "story"
    path.write_text(f"date 2022-03-04\n{SHELLING}", encoding="utf-8")
    assert only_article(read(path)).id == "story"


def test_plain_header_lines_below_the_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "date 2023-06-21\ntitle: Tear gas fired at finance bill march\nSOURCE Example Wire\n"
        f"url https://example.org/n/1\n\n{PROTEST}",
        encoding="utf-8",
    )
    article = only_article(read(path))
    assert article.title == "Tear gas fired at finance bill march"
    assert article.source == "Example Wire"
    assert article.url == "https://example.org/n/1"
    assert article.text == PROTEST


def test_plain_header_words_after_a_blank_line_are_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2023-06-21\n\nSource close to the talks said no deal was near.")
    article = only_article(read(path))
    assert article.source is None
    assert article.text == "Source close to the talks said no deal was near."


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("\n\ndate 2022-13-45\nBody.", 3, "impossible date '2022-13-45' in the date line"),
        ("date 2022-02-30 Body.", 1, "impossible date '2022-02-30'"),
        ("date yesterday\nBody.", 1, "unreadable date 'yesterday' in the date line"),
        ("Date: 4 March 2022\nBody.", 1, "unreadable date '4 March 2022'"),
        ("date\nBody.", 1, "the date line has no date"),
        ("date 2022-03-04\n\n  \n", None, "empty body"),
        ("", None, "empty file"),
        (" \n\t\n", None, "empty file"),
    ],
    ids=[
        "impossible", "impossible-inline", "word", "words", "no-date", "no-body", "empty", "blank"
    ],
)
def test_plain_rejections(tmp_path: Path, content: str, line: int | None, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    rejection = only_rejection(read(path))
    assert (rejection.path, rejection.line) == (str(path), line)
    assert reason in rejection.reason


def test_plain_date_reasons_say_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("date 2022-13-45\nBody.")
    reason = only_rejection(read(path)).reason
    assert "(expected YYYY-MM-DD)" in reason and "delete the line" in reason


def test_plain_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    rejection = only_rejection(read(path))
    assert "binary file" in rejection.reason and "byte 8" in rejection.reason


def test_plain_utf16_is_rejected_as_binary_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(f"date 2022-03-04\n{SHELLING}".encode("utf-16"))
    assert "re-save it as UTF-8" in only_rejection(read(path)).reason


def test_plain_undecodable_bytes_name_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    raw = "date 2022-03-04\nCaf\u00e9 owners in the old quarter said".encode("latin-1")
    path.write_bytes(codecs.BOM_UTF8 + raw)
    reason = only_rejection(read(path)).reason
    offset = len(codecs.BOM_UTF8) + raw.index(b"\xe9")
    assert reason == f"not UTF-8 at byte {offset}: re-save the file as UTF-8"


def test_plain_too_large_is_rejected() -> None:
    from eventwire.errors import ArticleError

    with pytest.raises(ArticleError, match="file too large for one article"):
        read_plain(io.BytesIO(b"date 2022-03-04\n" + b"x" * 100), "big.txt", "big", max_bytes=64)
    article = read_plain(io.BytesIO(b"date 2022-03-04\nshort"), "ok.txt", "ok", max_bytes=64)
    assert article.text == "short"


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_fields_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(
        jsonl(
            {
                "id": " kh-1 ",
                "date": "2022-03-04",
                "text": SHELLING,
                "title": "Shelling in Kharkiv",
                "source": "Example Wire",
                "url": "https://example.org/1",
                "section": "world",  # unknown keys are ignored
            }
        )
        + "\n   \n"
        + jsonl({"id": 17, "date": "2023-06-21T23:40:00-03:00", "text": PROTEST}),
        encoding="utf-8",
    )
    first, second = read(path)
    assert first == Article(
        id="kh-1",
        text=SHELLING,
        date=date(2022, 3, 4),
        title="Shelling in Kharkiv",
        source="Example Wire",
        url="https://example.org/1",
        origin=Origin(str(path), 1),
    )
    assert isinstance(second, Article)
    assert second.origin == Origin(str(path), 4)
    assert (second.id, second.date) == ("17", date(2023, 6, 21))


def test_jsonl_text_is_kept_exactly(tmp_path: Path) -> None:
    text = "  Lead paragraph.\r\n\r\nSecond paragraph.  "
    path = tmp_path / "a.ndjson"
    path.write_text(jsonl({"id": "x", "text": text}))
    assert only_article(read(path)).text == text


@pytest.mark.parametrize("given_id", [None, "", "   "])
def test_jsonl_without_id_uses_content_hash(tmp_path: Path, given_id: str | None) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(jsonl({"id": given_id, "text": TALKS, "date": ""}))
    article = only_article(read(path))
    assert (article.id, article.date) == (content_id(TALKS), None)


def test_jsonl_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    crlf = jsonl({"id": "a", "text": TALKS}).replace("\n", "\r\n")
    path.write_bytes(codecs.BOM_UTF8 + crlf.encode())
    assert only_article(read(path)).id == "a"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "a", "text": "unterminated', "malformed JSON (Unterminated string"),
        ('["a list"]', "the line is a list, not a JSON object"),
        ('"just a string"', "the line is a string, not a JSON object"),
        ('{"id": "a"}', "missing 'text'"),
        ('{"id": "a", "text": "  \\n "}', "empty 'text'"),
        ('{"id": "a", "text": 42}', "'text' is a number, not a string"),
        ('{"id": 1.5, "text": "Body."}', "'id' is a number: give a string or an integer"),
        ('{"id": true, "text": "Body."}', "'id' is a boolean"),
        ('{"text": "Body.", "date": "2022-13-45"}', "impossible date '2022-13-45' in 'date'"),
        ('{"text": "Body.", "date": "March 4"}', "unreadable date 'March 4' in 'date'"),
        ('{"text": "Body.", "date": "2022-03-04Tnoon"}', "unreadable date '2022-03-04Tnoon'"),
        ('{"text": "Body.", "date": 20220304}', "'date' is a number"),
        ('{"text": "Body.", "title": ["a"]}', "'title' is a list"),
    ],
)
def test_jsonl_rejections_keep_line_number_and_reading_goes_on(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "a.jsonl"
    good_1, good_2 = {"id": "good-1", "text": SHELLING}, {"id": "good-2", "text": PROTEST}
    path.write_text(jsonl(good_1) + line + "\n" + jsonl(good_2))
    first, bad, last = read(path)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert last.origin == Origin(str(path), 3)
    assert isinstance(bad, Rejection)
    assert (bad.path, bad.line) == (str(path), 2)
    assert reason in bad.reason


def test_jsonl_undecodable_line_names_the_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = jsonl({"id": "1", "text": SHELLING}).encode()
    bad = b'{"id": "2", "text": "Caf\xe9"}\n'
    path.write_bytes(good + bad + jsonl({"id": "3", "text": PROTEST}).encode())
    items = read(path)
    assert [type(item) for item in items] == [Article, Rejection, Article]
    rejection = items[1]
    assert isinstance(rejection, Rejection)
    assert rejection.line == 2
    offset = len(good) + bad.index(b"\xe9")
    assert rejection.reason == f"not UTF-8 at byte {offset}: re-save the file as UTF-8"


def test_jsonl_binary_file_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\n" + jsonl({"text": "x"}).encode())
    rejection = only_rejection(read(path))
    assert rejection.line is None and "binary file" in rejection.reason


def test_jsonl_overlong_line_is_rejected_and_next_line_read() -> None:
    overlong = b'{"text": "' + b"x" * 200 + b'"}\n'
    stream = io.BytesIO(overlong + jsonl({"id": "b", "text": "ok"}).encode())
    items = list(read_jsonl(stream, "a.jsonl", max_bytes=64))
    assert isinstance(items[0], Rejection) and items[0].line == 1
    assert "line too long" in items[0].reason
    assert isinstance(items[1], Article) and items[1].origin == Origin("a.jsonl", 2)


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl({"id": "z", "text": TALKS}).encode()))
    assert only_article(read(path)).text == TALKS


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    records = "".join(jsonl({"id": str(n), "text": f"{TALKS} {n}"}) for n in range(2000))
    data = gzip.compress(records.encode())
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], Rejection) and "cannot read the rest" in items[-1].reason


def test_stdin_is_read_as_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl({"id": "s", "text": TALKS}).encode()
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))
    monkeypatch.setattr(sys, "stdin", fake)
    article = only_article(read("-"))
    assert (article.id, article.origin) == ("s", Origin("<stdin>", 1))


# --- CSV --------------------------------------------------------------------------------------


def test_csv_multiline_quoted_text_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "wire.csv"
    path.write_bytes(
        b"ID,Date,Text,Source\r\n"
        b'1,2022-03-04,"First paragraph.\r\n\r\nSecond, with a comma.",Example Wire\r\n'
        b"\r\n"
        b'2,2023-06-21,"One line, quoted",\r\n'
        b"3,,Unquoted text\r\n"
    )
    first, second, third = read(path)
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(third, Article)
    assert first.text == "First paragraph.\r\n\r\nSecond, with a comma."
    assert (first.id, first.date, first.source) == ("1", date(2022, 3, 4), "Example Wire")
    assert [item.origin.line for item in (first, second, third) if item.origin] == [2, 6, 7]
    assert (third.date, third.source) == (None, None)


def test_csv_bom_header_and_short_row(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"text,id,title\nBody of the article,7\n")
    article = only_article(read(path))
    assert (article.id, article.title, article.text) == ("7", None, "Body of the article")


def test_csv_without_text_column_is_rejected_naming_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,body,date\n1,Something happened,2022-03-04\n")
    rejection = only_rejection(read(path))
    assert rejection.line == 1
    assert "no 'text' column" in rejection.reason
    assert "'id', 'body', 'date'" in rejection.reason


@pytest.mark.parametrize("content", [b"", b"\n\n"])
def test_empty_csv_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    assert "empty file" in only_rejection(read(path)).reason


def test_csv_bad_rows_are_rejected_and_others_read(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(
        b"id,date,text\n"
        b"1,2022-03-04,Good one\n"
        b"2,2022-03-04,too,many,fields\n"
        b"3,2022-13-45,Bad date\n"
        b'4,,"Caf\xe9\nspans lines"\n'
        b"5,,\n"
        b"6,2022-03-05,Good two\n"
    )
    items = read(path)
    assert [(type(item).__name__, getattr(item, "line", None)) for item in items] == [
        ("Article", None),
        ("Rejection", 3),
        ("Rejection", 4),
        ("Rejection", 5),
        ("Rejection", 7),
        ("Article", None),
    ]
    reasons = [item.reason for item in items if isinstance(item, Rejection)]
    assert "row has 5 fields but the header has 3" in reasons[0]
    assert "impossible date" in reasons[1]
    assert reasons[2].startswith("not UTF-8 at byte ")
    assert "empty 'text'" in reasons[3]
    last = items[-1]
    assert isinstance(last, Article) and last.origin == Origin(str(path), 8)


def test_csv_field_over_the_csv_limit_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,text\n1,"' + "x" * 200_000 + '"\n2,next\n')
    rejection, article = read(path)
    assert isinstance(rejection, Rejection) and rejection.line == 2
    assert "malformed CSV" in rejection.reason
    assert isinstance(article, Article) and article.id == "2"


# --- paths, directories, file types -----------------------------------------------------------


def test_json_file_is_rejected_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([{"text": "x"}]))
    rejection = only_rejection(read(path))
    assert "JSON Lines" in rejection.reason and ".jsonl" in rejection.reason


def test_unknown_extension_named_directly_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("date 2022-03-04\nText")
    assert "unknown file type '.md'" in only_rejection(read(path)).reason


def test_missing_path_is_a_rejection_and_reading_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SHELLING)
    missing = tmp_path / "missing.jsonl"
    items = read(missing, good)
    assert isinstance(items[0], Rejection)
    assert (items[0].path, items[0].line) == (str(missing), None)
    assert "no such file or directory" in items[0].reason
    assert isinstance(items[1], Article) and items[1].id == "good"


def test_single_path_instead_of_a_list_raises_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="list of paths"):
        read_articles(str(tmp_path))
    with pytest.raises(InputError):
        read_articles(tmp_path)


def test_directory_is_read_recursively_sorted_skipping_hidden_and_other_types(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("third")
    (tmp_path / "b" / "a.csv").write_text("text\nsecond\n")
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "c.jsonl").write_text(jsonl({"text": "fourth"}))
    (tmp_path / ".hidden.txt").write_text("hidden file")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden dir")
    (tmp_path / "README").write_text("no extension")
    (tmp_path / "notes.md").write_text("markdown")
    summary = ReadSummary()
    items = read(tmp_path, summary=summary)
    texts = [item.text for item in items if isinstance(item, Article)]
    assert texts == ["first", "second", "third", "fourth"]
    assert len(items) == 4
    assert (summary.files, summary.skipped) == (4, 2)


def test_directory_with_no_article_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    rejection = only_rejection(read(tmp_path))
    assert rejection.path == str(tmp_path)
    assert "no article files" in rejection.reason and "1 of other types skipped" in rejection.reason


def test_json_in_directory_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "dump.json").write_text("[]")
    rejection = only_rejection(read(tmp_path))
    assert rejection.path == str(tmp_path / "dump.json")


# --- duplicates and the summary ---------------------------------------------------------------


def test_duplicate_id_with_other_text_is_rejected_and_repeat_skipped(tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(jsonl({"id": "x", "text": SHELLING, "date": "2022-03-04"}))
    second = tmp_path / "b.jsonl"
    second.write_text(
        jsonl(
            {"id": "x", "text": SHELLING, "date": "2022-03-04"},  # exact repeat: skipped
            {"id": "x", "text": PROTEST, "date": "2022-03-04"},  # other text: rejected
            {"id": "x", "text": SHELLING, "date": "2022-03-05"},  # other date: rejected
        )
    )
    summary = ReadSummary()
    items = read(first, second, summary=summary)
    assert len(items) == 3 and isinstance(items[0], Article)
    for rejection, line in zip(items[1:], (2, 3)):
        assert isinstance(rejection, Rejection)
        assert (rejection.path, rejection.line) == (str(second), line)
        assert f"duplicate id 'x' (first seen at {first}:1)" in rejection.reason
    assert summary.repeats == 1


def test_summary_counts_and_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHELLING)
    (tmp_path / "b.jsonl").write_text(jsonl({"text": PROTEST}, {"text": TALKS}) + "not json\n")
    (tmp_path / "c.csv").write_text("text\nOne more\n")
    (tmp_path / "d.md").write_text("x")
    summary = ReadSummary()
    items = read(tmp_path, tmp_path / "missing.txt", summary=summary)
    assert (summary.files, summary.articles, summary.skipped) == (3, 4, 1)
    assert summary.rejections == [item for item in items if isinstance(item, Rejection)]
    assert len(summary.rejections) == 2
    assert str(summary) == "read 3 files: 4 articles, 2 rejected; 1 file of other types skipped"
    singular = ReadSummary(files=1, articles=1, repeats=2)
    assert str(singular) == "read 1 file: 1 article, 0 rejected, 2 repeats skipped"


# --- streaming --------------------------------------------------------------------------------


def test_reading_is_lazy(tmp_path: Path) -> None:
    summary = ReadSummary()
    items = read_articles([tmp_path / "missing.txt"], summary=summary)
    assert summary.rejections == []  # nothing happens before iteration
    next(items)
    assert len(summary.rejections) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_first_article_arrives_before_the_file_is_complete(tmp_path: Path) -> None:
    # A reader that loads the whole file would wait for the writer to finish, which only
    # happens after the first article arrives or the writer gives up.
    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    first_seen = threading.Event()
    outcome: dict[str, bool] = {}

    def write() -> None:
        with open(pipe, "wb") as sink:
            sink.write(jsonl({"id": "1", "text": SHELLING}).encode())
            sink.flush()
            outcome["streamed"] = first_seen.wait(timeout=10)
            sink.write(jsonl({"id": "2", "text": PROTEST}).encode())

    writer = threading.Thread(target=write)
    writer.start()
    items = read_articles([pipe])
    first = next(items)
    first_seen.set()
    rest = list(items)
    writer.join()
    assert outcome["streamed"]
    assert isinstance(first, Article) and first.id == "1"
    assert [item.id for item in rest if isinstance(item, Article)] == ["2"]


# --- property ---------------------------------------------------------------------------------

_HEADER_START = re.compile(r"(?i)\s*(title|source|url)\b")


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.text(st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\t\r")),
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    same_line=st.booleans(),
    keyword=st.sampled_from(["date", "Date", "DATE", "date:"]),
)
def test_plain_round_trip(
    tmp_path: Path, body: str, day: date, same_line: bool, keyword: str
) -> None:
    expected = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    assume(expected)
    # a body starting with a header keyword right below the date line is read as a header
    assume(not _HEADER_START.match(body))
    path = tmp_path / "round-trip.txt"
    separator = " " if same_line else "\n"
    path.write_bytes(f"{keyword} {day.isoformat()}{separator}{body}".encode())
    article = only_article(read(path))
    assert (article.date, article.text) == (day, expected)
