"""The input errors both readers raise (the whole file, ``coder.io``; streamed, ``coder.io_stream``), in English
and Danish: one wording per problem, however the file was read."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Sequence

from coder.errors import InputError, Notice, os_reason


def cannot_read(path: Path, err: OSError) -> InputError:
    return InputError(f"{path}: cannot read the file ({os_reason(err)}); check the path and that you may read it",
                      danish=f"{path}: filen kan ikke læses ({os_reason(err, True)}); tjek stien, og at du har "
                             "adgang til at læse den")


def not_a_file(path: Path) -> InputError:
    """The path names no file: nothing there, a folder, or something else (a device, a pipe)."""
    if not path.exists():
        return InputError(f"{path}: file not found; check the path", danish=f"{path}: filen findes ikke; tjek stien")
    if path.is_dir():
        return InputError(f"{path}: is a directory; give the survey export file",
                          danish=f"{path}: er en mappe; angiv filen med eksporten af undersøgelsen")
    return InputError(f"{path}: not a regular file; give the survey export file",
                      danish=f"{path}: ikke en almindelig fil; angiv filen med eksporten af undersøgelsen")


def old_excel(path: Path) -> InputError:
    return InputError(f"{path}: an old Excel .xls workbook is not supported; save it from Excel as .xlsx or as CSV "
                      "UTF-8",
                      danish=f"{path}: gamle Excel-filer (.xls) understøttes ikke; gem den fra Excel som .xlsx eller "
                             "som CSV UTF-8")


def encrypted_or_old_excel(path: Path) -> InputError:
    """A file named .xlsx that is an OLE2 container: a password-protected workbook, or an .xls renamed."""
    return InputError(f"{path}: a password-protected workbook or an old Excel .xls file; remove the password or "
                      "save it from Excel as .xlsx (or CSV UTF-8)",
                      danish=f"{path}: en adgangskodebeskyttet projektmappe eller en gammel Excel-fil (.xls); "
                             "fjern adgangskoden, eller gem den fra Excel som .xlsx (eller CSV UTF-8)")


def text_named_xlsx(path: Path) -> InputError:
    return InputError(f"{path}: this is a text file (CSV?), not an Excel workbook; rename it to .csv",
                      danish=f"{path}: dette er en tekstfil (CSV?), ikke en Excel-projektmappe; omdøb den til .csv")


def opendocument(path: Path) -> InputError:
    return InputError(f"{path}: an OpenDocument spreadsheet (.ods) is not supported; save it from LibreOffice or "
                      "Excel as .xlsx or as CSV UTF-8",
                      danish=f"{path}: OpenDocument-regneark (.ods) understøttes ikke; gem det fra LibreOffice eller "
                             "Excel som .xlsx eller som CSV UTF-8")


def unreadable_xlsx(path: Path, err: Exception) -> InputError:
    return InputError(f"{path}: not a readable XLSX file ({err.__class__.__name__}); save it again from Excel as .xlsx",
                      danish=f"{path}: ikke en læsbar XLSX-fil ({err.__class__.__name__}); gem den igen fra Excel "
                             "som .xlsx")


def zip_not_text(path: Path, suffix: str) -> InputError:
    return InputError(f"{path}: this is an Excel workbook (or another zip file), not {suffix or 'text'}; rename it "
                      "to .xlsx, or save it from Excel as CSV UTF-8",
                      danish=f"{path}: dette er en Excel-fil (eller en anden zip-fil), ikke {suffix or 'tekst'}; "
                             "omdøb den til .xlsx, eller gem den fra Excel som CSV UTF-8")


def not_csv(path: Path, kind: str) -> InputError:
    """A file named like text that is something else (walk31: each got a message about encodings or columns)."""
    english, danish = {
        "gzip": ("it is compressed with gzip; unpack it first (gunzip, or 7-Zip on Windows) and give the file inside",
                 "den er pakket med gzip; pak den ud først (gunzip, eller 7-Zip på Windows), og angiv filen indeni"),
        "html": ("it is a web page (HTML), not a CSV export; export the survey as CSV or XLSX from the survey system",
                 "den er en webside (HTML), ikke en CSV-eksport; eksportér undersøgelsen som CSV eller XLSX fra "
                 "spørgeskemasystemet"),
        "json": ("it holds JSON, not CSV; rename it to .json (an array of objects) or .jsonl (one object per line)",
                 "den indeholder JSON, ikke CSV; omdøb den til .json (en liste af objekter) eller .jsonl (et objekt "
                 "pr. linje)"),
    }[kind]
    return InputError(f"{path}: {english}", danish=f"{path}: {danish}")


def empty_file(path: Path) -> InputError:
    return InputError(f"{path}: the file is empty; export the survey again with a header row and answers",
                      danish=f"{path}: filen er tom; eksportér undersøgelsen igen med en overskriftsrække og "
                             "besvarelserne")


def only_delimiters(path: Path) -> InputError:
    return InputError(f"{path}: the file holds no values, only delimiters; export the survey again",
                      danish=f"{path}: filen indeholder ingen værdier, kun skilletegn; eksportér undersøgelsen igen")


def check_forced_delimiter(path: Path, forced: str | None, header: list[str], head: str) -> None:
    """A forced --delimiter that left one column, where another delimiter splits the file's first lines (``head``)
    into the same number of columns, split nothing: every line, ids and all, would be one answer. A one-column
    file whose header or answers merely hold a ';' is read as asked."""
    if forced is None or len(header) != 1:
        return

    def splits(d: str) -> bool:
        first = itertools.islice(csv.reader(io.StringIO(head, newline=""), delimiter=d), 20)
        widths = {len(r) for r in first if any(r)}
        return len(widths) == 1 and min(widths) > 1

    found = next((d for d in (";", ",", "\t", "|") if d != forced and d in header[0] and splits(d)), None)
    if found is not None:
        shown = "\\t" if found == "\t" else found
        raise InputError(f"{path}: --delimiter {forced!r} leaves one column, and its header holds '{shown}'; give "
                         f"--delimiter '{shown}', or leave --delimiter out to have it found",
                         danish=f"{path}: --delimiter {forced!r} giver én kolonne, og dens overskrift indeholder "
                                f"'{shown}'; angiv --delimiter '{shown}', eller udelad --delimiter, så det findes")


def nul_character(path: Path, line: int) -> InputError:
    return InputError(f"{path}: line {line} holds a NUL character (binary data); remove it or save the file again "
                      "as CSV UTF-8",
                      danish=f"{path}: linje {line} indeholder et NUL-tegn (binære data); fjern det, eller gem filen "
                             "igen som CSV UTF-8")


def no_data_rows(path: Path) -> InputError:
    return InputError(f"{path}: no data rows below the header; export the survey with its answers",
                      danish=f"{path}: ingen datarækker under overskriftsrækken; eksportér undersøgelsen med "
                             "besvarelserne")


def duplicate_columns(path: Path, names: Sequence[str]) -> InputError:
    return InputError(f"{path}: duplicate column name(s): {', '.join(names)}; rename them in the header",
                      danish=f"{path}: kolonnenavne der går igen: {', '.join(names)}; giv dem hver sit navn i "
                             "overskriftsrækken")


def no_sheets(path: Path, sheet: str) -> InputError:
    """--sheet given for a file that has no sheets (it was ignored in silence)."""
    return InputError(f"--sheet {sheet}: {path} is not an Excel workbook, so it has no sheets; leave --sheet out",
                      danish=f"--sheet {sheet}: {path} er ikke en Excel-fil og har derfor ingen ark; udelad --sheet")


def near_names(name: str, columns: Sequence[str]) -> list[str]:
    """The column a mistyped name most likely meant: the same up to case and spaces, else the one column it begins
    ("Forbedring" for "forbedringer"), else one spelled nearly alike."""
    import difflib

    def plain(text: str) -> str:
        return " ".join(text.split()).casefold()

    same = [c for c in columns if plain(c) == plain(name)]
    if same or not plain(name):
        return same
    begun = [c for c in columns if len(plain(name)) >= 3 and plain(c).startswith(plain(name))]
    if len(begun) == 1:
        return begun
    alike = difflib.get_close_matches(plain(name), [plain(c) for c in columns], n=1, cutoff=0.8)
    return [c for c in columns if alike and plain(c) == alike[0]][:1]


def missing_column(name: str, columns: Sequence[str], top_rows: Sequence[Sequence[str]], option: str,
                   sheet: Notice | None = None) -> InputError:
    """A column named by ``option`` is not in the header; a near miss, or the name in a row below, is pointed out,
    and ``sheet`` (which sheet of several was read) is said after it."""
    if not name.strip():
        return InputError(f"{option} is empty; give a column name (available: {', '.join(columns)})",
                          danish=f"{option} er tom; angiv et kolonnenavn (filens kolonner er: {', '.join(columns)})")
    starting = [c for c in columns if c.casefold().startswith(name.strip().casefold())]
    close = starting if len(starting) > 1 else near_names(name, columns)  # '-t komm': kommentar or kommentar_2?
    names = " or ".join(f"'{c}'" for c in close[:4]) if len(starting) > 1 else f"'{close[0]}'" if close else ""
    hint = f" (did you mean {names}?)" if close else ""
    hint_da = f" (mente du {names.replace(' or ', ' eller ')}?)" if close else ""
    below = any(name.strip() == cell.strip() for row in top_rows for cell in row)
    if not close and below:  # a title or merged cells above the real header row
        hint = " (it is in a row below the first: delete the rows above the header, so the header is the first row)"
        hint_da = (" (den står i en række under den første: slet rækkerne over overskriftsrækken, så den bliver "
                   "første række)")
    more, more_da = (f" – {sheet}", f" – {sheet.danish}") if sheet is not None else ("", "")
    return InputError(f"column '{name}' not found{hint}; available: {', '.join(columns)} (set it with {option}){more}",
                      danish=f"kolonnen '{name}' findes ikke{hint_da}; filens kolonner er: {', '.join(columns)} "
                             f"(angiv den med {option}){more_da}")


def id_is_text(column: str) -> InputError:
    return InputError(f"column '{column}' is both --id-col and --text-col; choose one",
                      danish=f"kolonnen '{column}' er både --id-col og --text-col; vælg én af dem")


def blank_id(source: object, column: str, row: int) -> InputError:
    return InputError(f"{source}: id column '{column}' is empty in data row {row}; fill in every id or leave out "
                      "--id-col to use row numbers",
                      danish=f"{source}: id-kolonnen '{column}' er tom i datarække {row}; udfyld alle id'er, eller "
                             "udelad --id-col for at bruge rækkenumre")


def duplicate_ids(source: object, column: str, shown: str) -> InputError:
    return InputError(f"{source}: duplicate ids in column '{column}': {shown}; ids must be unique (or leave out "
                      "--id-col to use row numbers)",
                      danish=f"{source}: id'er der går igen i kolonnen '{column}': {shown}; id'erne skal være "
                             "entydige (eller udelad --id-col for at bruge rækkenumre)")
