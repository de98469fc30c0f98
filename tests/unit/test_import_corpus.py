"""Every address book in tests/fixtures/address_books (other projects' own test files, see its
MANIFEST.csv) through the preview path `fieldwork import --dry-run --json` takes: read,
mapping, clean, preview. No exception escapes; only files that hold no person may be refused,
in plain words; and each failure class of issue 17 is pinned on a real file where one shows it.
"""

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lib import cli
from lib.formats import importers

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "address_books"
FILES = sorted(
    p.name for p in CORPUS.iterdir() if p.suffix in (".vcf", ".csv") and p.name != "MANIFEST.csv"
)
# Files that hold no person Fieldwork can name: refused with a plain reason, nothing else.
NOT_PEOPLE = {
    "folker-Empty.vcf": "empty",
    "folker-Photo_Outlook_v2.vcf": "no name",
    "icaljs-vcard_grouped.vcf": "no name",
    "nodevcf-photo-base64.vcf": "no name",
    "nodevcf-quoted-list.vcf": "no name",
    "radicale-broken-vcard.vcf": "no name",
    "radicale-broken-vcards.vcf": "no name",
    "roundcube-csv2vcard-email.csv": "name",
    "roundcube-csv2vcard-outlook.csv": "name",
}
JARGON = ("codec", "decod", "Traceback", "Error:", "b'", "utf-8'", "base64'", "VObject")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", "2026-11-28")


def _preview(db, name: str, **options) -> importers.Preview:
    parsed = importers.read_source((CORPUS / name).read_bytes(), name, **options)
    return importers.preview(db, parsed, importers.mapping_for(db, parsed))


def _rows(db, name: str, **options) -> dict[str, importers.model.PreviewRow]:
    return {row.name: row for row in _preview(db, name, **options).rows}


def _plain(text: str) -> None:
    for word in JARGON:
        assert word not in text, text


def test_the_corpus_is_kept_with_its_origins():
    with open(CORPUS / "MANIFEST.csv", encoding="utf-8", newline="") as manifest:
        listed = {row["file"]: row for row in csv.DictReader(manifest)}
    assert set(listed) == set(FILES)
    assert 40 <= len(FILES) <= 120
    for name, row in listed.items():
        assert (CORPUS / name).stat().st_size <= 200 * 1024, name
        if not name.startswith("made-"):
            assert row["repository"] and row["path"] and len(row["commit"]) == 40, name
        assert row["license"], name


@pytest.mark.parametrize("name", FILES)
def test_every_file_comes_in_or_is_refused_in_plain_words(db, name):
    try:
        preview = _preview(db, name)
    except importers.ImportFileError as error:
        assert name in NOT_PEOPLE, f"{name} refused: {error}"
        assert NOT_PEOPLE[name] in str(error)
        _plain(str(error))
        return
    assert name not in NOT_PEOPLE
    assert preview.counts["new"] + preview.counts["duplicate"] >= 1
    for row in preview.rows:
        for text in (row.reason, *row.warnings):
            _plain(text)
    json.dumps(importers.preview_json(preview), ensure_ascii=False)


# 1. One undecodable value is skipped with a warning on its card; the rest comes in.


def test_a_base64_photo_cut_short_leaves_the_other_cards_of_an_android_export(db):
    preview = _preview(db, "ezvcard-John_Doe_ANDROID.vcf")
    assert preview.counts["new"] == 4
    names = [row.name for row in preview.rows if row.status == "new"]
    assert names[0] == "Ñ Ñ Ñ Ñ Ñ"  # quoted-printable UTF-8, decoded


@pytest.mark.parametrize(
    "name",
    [
        "folker-Library_v2.vcf",
        "nodevcf-photo-base64.vcf",
        "radicale-contact_photo_with_data_uri.vcf",
        "made-v21-commas-and-bad-photo.vcf",
    ],
)
def test_a_photo_that_cannot_be_read_rejects_nothing(db, name):
    try:
        _preview(db, name)
    except importers.ImportFileError as error:
        assert "no name" in str(error)  # the node-vcf file is a photo alone


def test_quoted_printable_without_a_charset_comes_in_with_a_warning(db):
    row = _rows(db, "roundcube-thebat.vcf")["Piotr Iksiñski"]
    assert row.status == "new"
    assert row.values["email"] == "piotr.iksinski@somedomain.com"
    assert any("does not say which alphabet" in w for w in row.warnings)


def test_a_note_cut_off_mid_letter_is_left_out_and_the_card_comes_in(db):
    row = _rows(db, "folker-Cropped_2_1.vcf")["Maxl"]
    assert row.status == "new"
    assert (row.values["role"], row.values["organization"]) == ("Position", "Firma")
    assert row.values["hook"] is None
    assert any("note" in w and "left out" in w for w in row.warnings)


# 2. vCard 2.1's unescaped commas cut nothing; an ORG with a comma is one organization.


def test_gmail_fn_with_a_comma_is_whole(db):
    row = _preview(db, "ezvcard-John_Doe_GMAIL.vcf").rows[0]
    assert row.name == "Mr. John Richter, James Doe Sr."
    assert row.values["hook"].startswith("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND")
    assert "LIMITED TO, THE IMPLIED" in row.values["hook"]


def test_vcard_21_commas_in_fn_title_org_and_note(db):
    row = _rows(db, "made-v21-commas-and-bad-photo.vcf")["Dr. Ngozi Okoro, PhD"]
    assert row.values["role"] == "Director, Research and Development"
    assert row.values["organization"] == "Acme, Inc."
    assert row.values["hook"] == "Met at the fair, stand 12, says hi"
    assert row.values["phone"] == "+1 555 0100 123"


def test_an_escaped_comma_in_org_is_one_organization(db):
    rows = _rows(db, "made-kind-group-and-org.vcf")
    assert rows["Jane Doe"].values["organization"] == "ABC, Inc."


# 3. An unknown CHARSET and a PROFILE:VCard line raise nothing.


@pytest.mark.parametrize(
    "name", ["folker-AnsiIssueInvalidEncoding.vcf", "folker-MultiAnsiFilterTests-Murks.vcf"]
)
def test_an_unknown_charset_is_no_traceback(db, name):
    preview = _preview(db, name)
    assert preview.counts["new"] == 1


def test_lotus_notes_profile_line(db):
    row = _preview(db, "ezvcard-John_Doe_LOTUS_NOTES.vcf").rows[0]
    assert (row.status, row.values["organization"]) == ("new", "IBM")


# 4. Encoded and escaped text is decoded.


def test_quoted_printable_note_is_decoded(db):
    row = _rows(db, "thunderbird-export.vcf")["contact number two"]
    assert row.values["hook"] == "here's some unicode text…"


def test_base64_note_is_text(db):
    row = _rows(db, "made-base64-note.vcf")["Nina Wolff"]
    assert row.values["hook"] == "Lieblingsfarbe: Violett"
    assert row.values["organization"] == "Acme, Inc."
    assert row.values["role"] == "Leiterin Einkauf, Region Süd"


def test_apple_escaped_colons_are_undone(db):
    row = _preview(db, "ezvcard-John_Doe_MAC_ADDRESS_BOOK.vcf").rows[0]
    assert '"AS IS"' in row.values["hook"] and "\\" not in row.values["hook"]


# 5. A refused preferred phone does not lose the other numbers.


def test_tel_uri_with_an_extension(db):
    row = _preview(db, "ezvcard-rfc6350-example.vcf").rows[0]
    assert row.values["phone"] == "+1-418-656-9254 x102"
    assert not row.warnings


def test_two_numbers_in_one_cell_use_the_valid_one(db):
    rows = _rows(db, "made-spreadsheet-two-phones-in-a-cell.csv")
    assert rows["Kofi Mensah"].values["phone"] == "+44 20 7946 0018"
    assert rows["Lena Vogel"].values["phone"] == "+49 30 1234567"


def test_a_refused_preferred_phone_falls_back_to_another_on_the_card(db):
    row = _preview(db, "roundcube-csv2vcard-gmail.vcf").rows[0]
    # Every number on this card is a placeholder word: one warning names them, none is kept.
    assert row.values["phone"] is None
    assert any(w.startswith("Phones 'mobile'") for w in row.warnings)


# 6. An uncertain code-page guess is said, and the person may choose.


def test_hebrew_guess_is_said_and_the_person_may_choose(db):
    guessed = _preview(db, "folker-MultiAnsiFilterTests-Hebrew.vcf")
    assert any("guessed" in w and "choose" in w for w in guessed.warnings)
    chosen = _preview(db, "folker-MultiAnsiFilterTests-Hebrew.vcf", encoding="cp1255")
    assert chosen.rows[0].name == "אפרים קישון"
    assert not chosen.warnings


def test_an_encoding_the_file_cannot_be_is_refused_plainly(db):
    with pytest.raises(importers.ImportFileError, match="Choose another encoding"):
        _preview(db, "folker-MultiAnsiFilterTests-Hebrew.vcf", encoding="utf-8")


# 7. Older LinkedIn exports.


def test_linkedin_2018_without_url_column(db):
    preview = _preview(db, "made-linkedin-2018-no-url.csv")
    assert preview.source == "linkedin"
    rows = {row.name: row for row in preview.rows}
    assert rows["Ada Quill"].values["first_known_on"] == "2018-01-08"
    assert rows["Bram Okafor"].values["organization"] == "Contoso, Ltd."
    assert not rows["Ada Quill"].warnings


def test_linkedin_day_month_two_digit_year(db):
    rows = _rows(db, "made-linkedin-2024-dd-mon-yy.csv")
    assert rows["Elif Aydın"].values["first_known_on"] == "2024-01-15"


def test_linkedin_rows_quoted_whole_are_unwrapped(db):
    preview = _preview(db, "made-linkedin-2021-quoted-rows.csv")
    assert preview.source == "linkedin"
    assert any("wrapped in quotes" in w for w in preview.warnings)
    rows = {row.name: row for row in preview.rows}
    assert rows["Gus Lindqvist"].values["organization"] == "Wide World Importers, AB"
    assert rows["Hana Sato"].values["first_known_on"] == "2021-03-01"


# 8. A line vobject cannot read is read raw or becomes a warning on its card.


def test_adr_with_an_empty_parameter_keeps_its_city(db):
    row = _preview(db, "folker-AnsiIssueNoEncoding.vcf").rows[0]
    assert row.values["location"] == "Kleindorf"


def test_an_unreadable_line_is_a_warning_on_its_card(db):
    row = _rows(db, "folker-Cropped_2_1.vcf")["Maxl"]
    assert any("could not be read" in w or "cut off" in w for w in row.warnings)


# 9. One file each.


def test_group_prefixed_begin_is_a_vcard(db):
    preview = _preview(db, "made-grouped-begin.vcf")
    assert preview.source == "vcard"
    assert preview.rows[0].values["email"] == "mara.lind@example.org"


def test_outlook_name_column(db):
    preview = _preview(db, "made-outlook-web-name-column.csv")
    assert preview.source == "outlook"
    assert [row.name for row in preview.rows] == ["Ines Moreau", "Jonas Berg"]


def test_google_system_label_is_not_a_tag(db):
    row = _preview(db, "roundcube-csv2vcard-gmail.csv").rows[0]
    assert row.values["tags"] == ["Test"]


def test_group_and_organization_cards_are_not_people(db):
    rows = _rows(db, "made-kind-group-and-org.vcf")
    for name in ("The Doe family", "ABC Marketing", "Book club"):
        assert rows[name].status == "skipped"
        assert rows[name].reason.startswith("Not a person")
    assert rows["Jane Doe"].status == "new"


def test_cli_map_answers_choose_the_column(tmp_path):
    data = tmp_path / "people.csv"
    data.write_text("Wer,Kontakt\nOla Nordmann,ola@example.org\n", encoding="utf-8")
    db_file = tmp_path / "f.db"
    runner = CliRunner()
    refused = runner.invoke(cli.main, ["import", str(data), "--dry-run", "--db", str(db_file)])
    assert refused.exit_code != 0
    mapped = runner.invoke(
        cli.main,
        [
            "import",
            str(data),
            "--dry-run",
            "--json",
            "--map",
            "Wer=name",
            "--map",
            "Kontakt=email",
            "--db",
            str(db_file),
        ],
    )
    assert mapped.exit_code == 0, mapped.output
    shown = json.loads(mapped.stdout)
    assert shown["rows"][0]["name"] == "Ola Nordmann"
    bad = runner.invoke(
        cli.main, ["import", str(data), "--dry-run", "--map", "Nope=name", "--db", str(db_file)]
    )
    assert bad.exit_code != 0 and "Nope" in bad.output


def test_cli_encoding_option(tmp_path):
    db_file = tmp_path / "f.db"
    result = CliRunner().invoke(
        cli.main,
        [
            "import",
            str(CORPUS / "folker-MultiAnsiFilterTests-Hebrew.vcf"),
            "--dry-run",
            "--json",
            "--encoding",
            "cp1255",
            "--db",
            str(db_file),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"][0]["name"] == "אפרים קישון"
