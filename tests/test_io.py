from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

from coder.errors import InputError
from coder.io import ReadOptions, guess_text_columns, make_batch, read_table

EXPECTED_HEADER = ("id", "speciale", "region", "kommentar", "andre_kommentarer")


@pytest.mark.parametrize("name,encoding,delimiter", [
    ("survey_semicolon_cp1252.csv", "cp1252", ";"),
    ("survey_comma_utf8bom.csv", "utf-8-sig", ","),
    ("survey_tab_utf8.tsv", "utf-8", "\t"),
    ("survey.xlsx", "xlsx", None),
    ("survey.jsonl", "utf-8", None),
])
def test_every_format_reads_the_same_rows(name: str, encoding: str, delimiter: str | None) -> None:
    table = read_table(DATA / name)
    assert table.columns == EXPECTED_HEADER
    assert table.encoding == encoding
    assert table.delimiter == delimiter
    assert len(table.rows) == 7
    assert table.rows[4][1] == "Psykiatri"
    assert table.rows[5][2] == "Sjælland"  # æøå survive every encoding
    assert table.rows[6][1] == "Børne- og ungdomspsykiatri"
    assert table.rows[2][3] == ""  # an empty answer stays a row


def test_xlsx_sheet_by_name_and_missing_sheet() -> None:
    assert read_table(DATA / "survey.xlsx", ReadOptions(sheet="Besvarelser")).columns == EXPECTED_HEADER
    with pytest.raises(InputError, match="the sheet 'Info' has no rows below its header \\(the file's other sheets: "
                                         "Besvarelser\\); choose the one with the answers with --sheet"):
        read_table(DATA / "survey.xlsx", ReadOptions(sheet="Info"))
    with pytest.raises(InputError, match=r"sheet 'Svar' not found; available: Besvarelser, Info"):
        read_table(DATA / "survey.xlsx", ReadOptions(sheet="Svar"))


def test_batch_keeps_attributes_and_every_row() -> None:
    batch = make_batch(read_table(DATA / "survey_semicolon_cp1252.csv"), ["kommentar", "andre_kommentarer"], "id")
    assert batch.ids[:2] == ("A1", "A2")
    assert batch.attribute_columns == ("speciale", "region")
    assert len(batch.comments) == 14
    assert batch.attributes(5) == {"speciale": "Psykiatri", "region": "Sjælland"}
    assert [c.question for c in batch.comments[:2]] == ["kommentar", "andre_kommentarer"]


def test_a_column_named_like_unique_ids_gives_the_ids_when_none_is_named(tmp_path: Path) -> None:
    """Without --id-col the ids were row numbers even beside an 'id' column, and assignments.csv's 'id' held row
    numbers: a join on it matched the wrong respondents."""
    batch = make_batch(read_table(DATA / "survey.jsonl"), ["kommentar"])
    assert batch.id_column == "id" and batch.ids[:2] == ("A1", "A2") and "id" not in batch.attribute_columns
    assert "respondent-id'er fra kolonnen 'id'" in batch.id_notices[0].danish
    kept = make_batch(read_table(DATA / "survey.jsonl"), ["kommentar"], row_numbers=True)  # a project that had them
    assert kept.ids == tuple(str(i) for i in range(1, 8)) and "id" in kept.attribute_columns
    assert "--replace" in kept.id_notices[0]
    # a repeated or empty value: row numbers, and the notice says why
    path = tmp_path / "dupes.csv"
    path.write_text("Respondent;kommentar\nR1;Mere tid\nR2;Bedre oplæg\nR1;Færre møder\n", encoding="utf-8")
    dupes = make_batch(read_table(path), ["kommentar"])
    assert dupes.id_column is None and dupes.ids == ("1", "2", "3") and "repeats R1" in dupes.id_notices[0]
    path.write_text("id;kommentar\nR1;Mere tid\n;Bedre oplæg\n", encoding="utf-8")
    blank = make_batch(read_table(path), ["kommentar"])
    assert blank.ids == ("1", "2") and "is empty in data row 2" in blank.id_notices[0]
    path.write_text("speciale;kommentar\nAlmen;Mere tid\n", encoding="utf-8")
    assert make_batch(read_table(path), ["kommentar"]).id_notices == ()  # nothing named like ids: nothing to say
    for name in ("Respondent-ID", "Resp. id", "Løbenr.", "RESPONDENT_NR"):  # a survey system's headers
        path.write_text(f"{name};kommentar\nA-7;Mere tid\nB-9;Bedre oplæg\n", encoding="utf-8")
        named = make_batch(read_table(path), ["kommentar"])
        assert named.id_column == name and named.ids == ("A-7", "B-9"), name


def test_a_large_export_chooses_its_ids_as_a_small_one(tmp_path: Path) -> None:
    from coder.io_stream import scan_export

    path = tmp_path / "big.csv"
    rows = "".join(f"R{n % 7 if n > 3 else n};svar nummer {n} om noget\n" for n in range(1, 30))
    path.write_text("id;kommentar\n" + rows, encoding="utf-8")
    scan = scan_export(path, ReadOptions(("kommentar",)))
    assert scan.id_column is None and "repeats" in scan.id_notices[0]
    path.write_text("id;kommentar\n" + "".join(f"R{n};svar nummer {n}\n" for n in range(1, 30)), encoding="utf-8")
    scan = scan_export(path, ReadOptions(("kommentar",)))
    assert scan.id_column == "id" and [i for b in scan.batches(10) for i in b.ids][:2] == ["R1", "R2"]
    assert scan_export(path, ReadOptions(("kommentar",), row_numbers=True)).id_column is None


def test_duplicate_ids_are_an_error() -> None:
    with pytest.raises(InputError, match=r"duplicate ids in column 'id': A2; ids must be unique"):
        make_batch(read_table(DATA / "survey_duplicate_ids.csv"), ["kommentar"], "id")


def test_missing_column_lists_the_available_ones() -> None:
    table = read_table(DATA / "survey_semicolon_cp1252.csv")
    with pytest.raises(InputError) as err:
        make_batch(table, ["Kommentar"], "id")
    assert str(err.value) == ("column 'Kommentar' not found (did you mean 'kommentar'?); available: id, speciale, "
                              "region, kommentar, andre_kommentarer (set it with --text-col)")


def test_guess_text_columns_finds_the_free_text() -> None:
    assert guess_text_columns(read_table(DATA / "survey_semicolon_cp1252.csv"), exclude=["id"]) == [
        "kommentar", "andre_kommentarer"]


def test_a_big_survey_that_repeats_its_answers_is_still_seen_as_free_text(tmp_path: Path) -> None:
    """20,000 rows drawn from 2,000 distinct answers: 10 % distinct, and the guess found no text column."""
    answers = [f"Mere tid til sparring om sag nummer {i}" for i in range(2000)]
    departments = [f"Afdeling for medicinske sygdomme nr. {i}" for i in range(40)]
    rows = [f"R{i};{answers[(i * 7919) % 2000]};{departments[i % 40]}" for i in range(20000)]
    path = tmp_path / "big.csv"
    path.write_text("id;svar;afdeling\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert guess_text_columns(read_table(path), exclude=["id"]) == ["svar"]


def test_quoted_semicolons_and_newlines_survive(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id;tekst\n1;"Et svar; med semikolon\nog linjeskift"\n2;kort\n', encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == ";"
    assert table.rows[0][1] == "Et svar; med semikolon\nog linjeskift"


def test_forced_encoding_that_does_not_fit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot decode as ascii"):
        read_table(DATA / "survey_tab_utf8.tsv", ReadOptions(encoding="ascii"))


# --- issue 14: mixed encodings, huge fields, files that are not what they say -----------------

def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_mixed_utf8_and_cp1252_lines_are_decoded_per_line_with_one_warning(tmp_path: Path) -> None:
    data = ("id;kommentar\n1;Flere faglige oplæg\n".encode("utf-8") + "2;Øjenlæger mangler data\n".encode("cp1252")
            + "3;Gode møder\n".encode("utf-8") + "4;Mødeledelse og referat\n".encode("cp1252"))
    table = read_table(_write(tmp_path, "mixed.csv", data))
    assert table.column("kommentar") == ["Flere faglige oplæg", "Øjenlæger mangler data", "Gode møder",
                                         "Mødeledelse og referat"]
    assert table.encoding == "utf-8+cp1252"
    assert table.warnings == (f"{tmp_path / 'mixed.csv'}: lines 3, 5 hold characters that are not UTF-8 (the rest "
                              "is UTF-8); read them as Windows-1252 (cp1252): check them, or save the file as CSV "
                              "UTF-8 or pass --encoding",)
    assert table.warnings[0].danish == (f"{tmp_path / 'mixed.csv'}: linje 3, 5 har tegn der ikke er UTF-8 (resten er "
                                        "UTF-8); læst som Windows-1252 (cp1252): tjek dem, eller gem filen som CSV "
                                        "UTF-8 eller angiv --encoding")


def test_a_line_mixing_both_encodings_is_decoded_piece_by_piece(tmp_path: Path) -> None:
    data = "id;kommentar\n1;Øjenlæger og ".encode("utf-8") + "møder\n".encode("cp1252")
    table = read_table(_write(tmp_path, "m.csv", data))
    assert table.rows[0][1] == "Øjenlæger og møder" and "line 2 holds" in table.warnings[0]


def test_a_plain_cp1252_file_gives_no_warning() -> None:
    assert read_table(DATA / "survey_semicolon_cp1252.csv").warnings == ()


def test_utf8_bom_then_cp1252_body_is_read_with_a_warning(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + "id;kommentar\n1;møder er lange\n2;fine oplæg\n".encode("cp1252")
    table = read_table(_write(tmp_path, "bom.csv", data))
    assert table.columns == ("id", "kommentar") and table.column("kommentar") == ["møder er lange", "fine oplæg"]
    assert "lines 2-3 hold characters that are not UTF-8 (the file starts with a UTF-8 byte-order mark)" \
        in table.warnings[0]


def test_a_line_that_is_neither_utf8_nor_cp1252_is_named(tmp_path: Path) -> None:
    data = "id;kommentar\n1;oplæg\n2;møde\n".encode("utf-8") + b"3;d\x81rligt\n"
    with pytest.raises(InputError, match=r"m.csv: line 4 is neither UTF-8 nor Windows-1252 \(cp1252\) \(byte 0x81\)"):
        read_table(_write(tmp_path, "m.csv", data))


def test_double_encoded_text_is_warned_about(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "d.csv", "id;kommentar\n1;oplÃ¦g\n2;fint\n".encode("utf-8")))
    assert table.warnings == (f"{tmp_path / 'd.csv'}: line 2 looks like UTF-8 that was once read as Windows-1252 "
                              "(cp1252) (e.g. 'Ã¦' for 'æ'); check the source",)
    assert table.warnings[0].danish.endswith("linje 2 ligner UTF-8 der engang er læst som Windows-1252 (cp1252) "
                                             "(fx 'Ã¦' for 'æ'); tjek kilden")


def test_many_line_numbers_are_shortened_in_both_languages() -> None:
    from coder.decoding import line_numbers

    numbers = [2 * i for i in range(1, 15)]  # 14 runs of one line
    assert line_numbers(numbers) == "lines 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 4 more"
    assert line_numbers(numbers, danish=True) == "linje 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 og 4 til"
    assert line_numbers([7]) == "line 7" and line_numbers([3, 4, 5], danish=True) == "linje 3-5"


def test_a_one_megabyte_comment_is_read(tmp_path: Path) -> None:
    big = "lange møder " * 90_000  # 1,080,000 characters, over csv's 131,072 limit
    path = tmp_path / "big.csv"
    path.write_text(f'id;kommentar\n1;"{big}"\n2;kort\n', encoding="utf-8")
    assert read_table(path).column("kommentar") == [big, "kort"]
    import csv

    assert csv.field_size_limit() == 131_072  # put back


@pytest.mark.parametrize("text", ['[{"id": 1, "kommentar": "godt"}, {"id": 2, "kommentar": "skidt"}]',
                                  '[\n  {"id": 1, "kommentar": "godt"},\n  {"id": 2, "kommentar": "skidt"}\n]\n'])
def test_a_json_array_is_read_as_records(tmp_path: Path, text: str) -> None:
    table = read_table(_write(tmp_path, "s.json", text.encode("utf-8")))
    assert table.columns == ("id", "kommentar") and table.rows == (("1", "godt"), ("2", "skidt"))


def test_json_values_are_read_as_json_writes_them(tmp_path: Path) -> None:
    """A nested value was coded as Python's repr ("{'a': 1}"), true as 'True', and NaN, which Python's json writes
    for a missing number, as the answer 'nan' (walk15)."""
    text = ('[{"id": true, "k": {"a": 1}}, {"id": 2, "k": ["x", "æ"]}, {"id": 3, "k": NaN}, '
            '{"id": 4, "k": Infinity}, {"id": 5, "k": 2.0}]')
    table = read_table(_write(tmp_path, "s.json", text.encode("utf-8")))
    assert table.rows == (("true", '{"a": 1}'), ("2", '["x", "æ"]'), ("3", ""), ("4", ""), ("5", "2"))


@pytest.mark.parametrize("text,message", [
    ('[1, 2]', r"record 1 is not a JSON object \(int\)"),
    ('[{"id": 1}', r"not valid JSON at line 1"),
    ('{"id": 1}\n[2]', r"record 2 is not a JSON object \(list\)"),
    ('{"id": 1}\nnope', r"line 2 is not valid JSON"),
    ('[]', r"the file is empty"),
])
def test_json_that_is_not_records_is_refused_as_json(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_table(_write(tmp_path, "s.json", text.encode("utf-8")))


@pytest.mark.parametrize("data,message", [
    ((DATA / "survey.xlsx").read_bytes(), r"s.csv: this is an Excel workbook \(or another zip file\), not .csv; "
                                          r"rename it to \.xlsx, or save it from Excel as CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), r"s.csv: an old Excel .xls workbook is not supported"),
])
def test_an_excel_file_named_csv_says_so(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_table(_write(tmp_path, "s.csv", data))


def test_nul_after_the_first_block_names_the_line(tmp_path: Path) -> None:
    data = ("id;kommentar\n" + "".join(f"{i};svar nummer {i}\n" for i in range(1, 400))).encode() + b"400;a\x00b\n"
    with pytest.raises(InputError, match=r"line 401 holds a NUL character"):
        read_table(_write(tmp_path, "nul.csv", data))


def test_only_delimiters_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no values, only delimiters"):
        read_table(_write(tmp_path, "d.csv", b";;;\n;;;\n"))


def test_an_unreadable_file_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "s.csv", b"id;kommentar\n1;godt\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match=r"s.csv: cannot read the file \(Permission denied\); check the path"):
        read_table(path)


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(InputError, match="not a regular file"):
        read_table(tmp_path / "pipe.csv")


def test_excel_sep_line_names_the_delimiter_and_is_no_row(tmp_path: Path) -> None:
    """Excel's 'sep=;' first line: the delimiter it names is used, and it is neither header nor respondent."""
    path = tmp_path / "excel.csv"
    path.write_bytes("sep=;\r\nid;speciale;kommentar\r\nA1;Almen medicin;Mere tid, tak\r\nA2;Psykiatri;Bedre oplæg\r\n"
                     .encode("cp1252"))
    table = read_table(path)
    assert table.columns == ("id", "speciale", "kommentar")
    assert table.delimiter == ";"
    assert [r[0] for r in table.rows] == ["A1", "A2"]
    from coder.io_stream import scan_export

    scan = scan_export(path, ReadOptions(("kommentar",), "id"))
    assert scan.columns == ("id", "speciale", "kommentar") and scan.n_rows == 2
    assert [r for b in scan.batches(10) for r in b.ids] == ["A1", "A2"]


def test_a_column_of_ids_given_as_the_open_question_is_warned_about(tmp_path: Path) -> None:
    """-t id coded 430 respondent ids as answers without a word."""
    from coder.io import ids_as_answers

    path = tmp_path / "s.csv"
    path.write_text("id;svar\n" + "".join(f"R{i:04d};Mere tid til oplæg nr {i}\n" for i in range(30)), encoding="utf-8")
    table = read_table(path)
    (said,) = ids_as_answers(table, ["id"])
    assert "'id' holds one word per row and none repeats" in said and "tjek --text-col" in said.danish
    assert ids_as_answers(table, ["svar"]) == ()  # answers of several words
    path.write_text("id;svar\n" + "".join(f"R{i};{'Nej' if i % 3 else f'Ord{i}'}\n" for i in range(30)),
                    encoding="utf-8")
    assert ids_as_answers(read_table(path), ["svar"]) == ()  # one-word answers repeat


@pytest.mark.parametrize("stream", [False, True])
def test_a_forced_delimiter_that_splits_nothing_is_refused(tmp_path: Path, stream: bool) -> None:
    """--delimiter '\\t' on a ';' file coded every whole line, ids and gold labels included, as one answer (walk15)."""
    path = _write(tmp_path, "s.csv", "id;svar\nR1;Mere data\nR2;Bedre dagsorden\n".encode("utf-8"))
    options = ReadOptions(delimiter="\t")
    with pytest.raises(InputError, match=r"--delimiter '\\t' leaves one column, and its header holds ';'; give "
                                         r"--delimiter ';'"):
        if stream:
            from coder.io_stream import scan_export

            scan_export(path, options)
        else:
            read_table(path, options)
    assert read_table(path, ReadOptions(delimiter=";")).rows == (("R1", "Mere data"), ("R2", "Bedre dagsorden"))


def test_a_one_column_file_whose_answers_hold_a_semicolon_is_read_as_asked(tmp_path: Path) -> None:
    """The refusal of a forced delimiter that splits nothing also refused a real one-column file whose header and
    some answers hold ';' (walk18): only a delimiter that splits every first line alike is taken for the file's."""
    text = "Forslag; ris og ros\nMere fagligt indhold; færre møder\nBedre struktur på dagsordenen\nGod stemning; tak\n"
    table = read_table(_write(tmp_path, "one.csv", text.encode("utf-8")), ReadOptions(delimiter=","))
    assert table.columns == ("Forslag; ris og ros",) and table.rows[0] == ("Mere fagligt indhold; færre møder",)


def test_a_utf8_file_forced_as_cp1252_is_refused_naming_the_lines(tmp_path: Path) -> None:
    """--encoding cp1252 on a UTF-8 file coded 'oplÃ¦g' without a word (walk15)."""
    path = _write(tmp_path, "s.csv", "id;svar\nR1;Flere faglige oplæg\nR2;Mere data\n".encode("utf-8"))
    with pytest.raises(InputError, match=r"--encoding cp1252 reads line 2 as UTF-8 read wrongly \(e.g. 'Ã¦' for 'æ'\); "
                                         r"leave --encoding out"):
        read_table(path, ReadOptions(encoding="cp1252"))
    assert read_table(path, ReadOptions(encoding="utf-8")).rows[0] == ("R1", "Flere faglige oplæg")
    assert read_table(_write(tmp_path, "w.csv", "id;svar\nR1;Flere faglige oplæg\n".encode("cp1252")),
                      ReadOptions(encoding="cp1252")).rows[0] == ("R1", "Flere faglige oplæg")


def test_a_json_number_too_long_for_python_is_read_as_its_digits(tmp_path: Path) -> None:
    """A number of 5,000 digits gave a traceback ('Exceeds the limit (4300 digits)'), in a JSON array and JSON Lines."""
    digits = "7" * 5000
    for name, text in (("a.json", f'[{{"id": 1, "svar": "godt", "n": {digits}}}]'),
                       ("a.jsonl", f'{{"id": 1, "svar": "godt", "n": {digits}}}\n')):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        table = read_table(path)
        assert table.rows[0][table.columns.index("n")] == digits
    path = tmp_path / "f.json"  # beyond a float's range: as written, not infinity (which reads as missing)
    path.write_text('[{"id": 1, "svar": 1.5e400}]', encoding="utf-8")
    assert read_table(path).rows[0][1] == "1.5e400"


LONE_CR = ("id;grp;kommentar\nR1;A;Mere tid til oplæg\rring til mig på 12345678, Mette Hansen\nR2;B;Bedre dagsorden\n"
           "R3;A;\"Spild\raf tid\"\r\nR4;B;Flere cases\n")


def test_a_lone_carriage_return_inside_an_answer_is_a_space_read_whole_or_scanned(tmp_path: Path) -> None:
    """A CR inside an unquoted answer ended the record: the rest became a respondent whose id was the answer's text,
    unredacted in assignments.csv, and '5 rows in = 5 out' for 4 respondents (walk31)."""
    from coder.io_stream import scan_export

    path = tmp_path / "cr.csv"
    path.write_bytes(LONE_CR.encode("utf-8"))
    whole = make_batch(read_table(path), ["kommentar"], "id")
    scanned = [b for b in scan_export(path, ReadOptions(("kommentar",), "id")).batches(2)]
    for ids, texts in ((whole.ids, [c.text for c in whole.comments]),
                       ([i for b in scanned for i in b.ids], [c.text for b in scanned for c in b.comments])):
        assert list(ids) == ["R1", "R2", "R3", "R4"]
        assert texts[0] == "Mere tid til oplæg ring til mig på 12345678, Mette Hansen"
        assert texts[2].split() == ["Spild", "af", "tid"]  # a CR inside quotes is the answer's line break


def test_carriage_returns_split_across_pieces_and_old_mac_line_ends() -> None:
    from coder.io_rows import lone_crs_resolved

    assert "".join(lone_crs_resolved(["a;b\r", "\nc\rd\r", "e\n"], ";")) == "a;b\r\nc d e\n"  # CRLF cut in two
    assert "".join(lone_crs_resolved(["x\r"], ";")) == "x\r"


@pytest.mark.parametrize("text", [
    "id;kommentar\r\nR1;Gode oplæg\rR2;Mere data\nR3;Færre møder\r\n",  # CRLF, CR and LF mixed (walk35)
    "id;kommentar\rR1;\"Gode\noplæg\"\rR2;Mere data\r",  # old Mac Excel: CR lines, LF inside a quoted cell
    "sep=;\nid;kommentar\nR1;Gode oplæg\rR2;Mere data\n",  # Excel's sep line first
])
def test_a_carriage_return_that_ends_a_whole_record_ends_its_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(text.encode("utf-8"))
    batch = make_batch(read_table(path), ["kommentar"], "id")
    assert list(batch.ids) == [f"R{i}" for i in range(1, len(batch.ids) + 1)] and len(batch.ids) >= 2
    assert all("R" not in c.text for c in batch.comments)


def test_a_file_whose_lines_end_in_carriage_returns_alone_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes("id;kommentar\rR1;Gode oplæg\rR2;Mere data\r".encode("utf-8"))
    assert list(make_batch(read_table(path), ["kommentar"], "id").ids) == ["R1", "R2"]


def test_a_column_name_that_starts_two_columns_names_both(tmp_path: Path) -> None:
    """'-t komm' with kommentar and kommentar_2 said only that 'komm' was not found (walk31)."""
    path = tmp_path / "t.csv"
    path.write_text("id;kommentar;kommentar_2\nR1;hej;nej\nR2;x;y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column 'komm' not found \(did you mean 'kommentar' or 'kommentar_2'\?\)"):
        make_batch(read_table(path), ["komm"], "id")


def test_a_large_json_file_named_csv_is_named_for_what_it_is_when_read_in_pieces(tmp_path: Path) -> None:
    """Over 2 MB, a JSON Lines file named .csv was coded as CSV, JSON fragments as answers (walk35)."""
    from coder.io_stream import scan_export

    path = tmp_path / "big.csv"
    path.write_text("".join('{"id": "R%d", "kommentar": "Bedre dagsorden"}\n' % i for i in range(50)), encoding="utf-8")
    with pytest.raises(InputError, match="it holds JSON, not CSV"):
        scan_export(path, ReadOptions(("kommentar",)))
    path.write_text("[\n" + ",\n".join('{"id": "R%d"}' % i for i in range(50)) + "\n]\n", encoding="utf-8")
    with pytest.raises(InputError, match="it holds JSON, not CSV"):
        scan_export(path, ReadOptions(("kommentar",)))


def test_a_title_line_that_reads_as_json_is_no_json_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("[1]\nid;kommentar\nR1;Gode oplæg\nR2;Mere data\n", encoding="utf-8")
    assert "kommentar" in read_table(path, ReadOptions(("kommentar",))).columns  # CSV with a title, not JSON
