"""Malformed uploads, posted as a signed-in person to the measure data page and the staff
import page: never a server error, always a message saying what is wrong with the file."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from tests.factories import PASSWORD, MeasureFactory


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()


def real_workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["date", "value"])
    book.active.append(["2025-01-06", 4])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xml_attack(payload: bytes) -> bytes:
    """A real workbook whose sheet XML starts with ``payload`` (a document type)."""
    source = zipfile.ZipFile(io.BytesIO(real_workbook()))
    parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    body = parts[sheet]
    if body.startswith(b"<?xml"):
        body = body.split(b"?>", 1)[1]
    parts[sheet] = payload + body
    return zipped(parts)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
        for i in range(1, 10)
    )
    + b"]>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def cases() -> list[tuple[str, bytes]]:
    rng = random.Random(10)
    good = real_workbook()
    found = [
        ("empty.csv", b""),
        ("empty.xlsx", b""),
        ("header.csv", b"date,value\n"),
        ("header-semicolon.csv", b"date;value\r\n"),
        ("utf16.csv", "date,value\n2025-01-06,4\n".encode("utf-16")),
        ("latin1.csv", "date,value,annotation\n2025-01-06,4,caf\xe9 \xa3\n".encode("latin-1")),
        ("binary.csv", bytes(range(256)) * 4),
        ("nul.csv", b"date,value\n2025\x00-01-06,4\n"),
        ("renamed.xlsx", b"date,value\n2025-01-06,4\n"),
        ("truncated.xlsx", good[: len(good) // 2]),
        ("headless.xlsx", good[:30]),
        ("no-types.xlsx", zipped({"xl/workbook.xml": b"<workbook/>"})),
        ("bomb.xlsx", zipped({"[Content_Types].xml": b"<Types/>", "xl/a.xml": b"0" * 80_000_000})),
        ("many-parts.xlsx", zipped({f"p{i}.bin": b"" for i in range(1_500)})),
        ("laughs.xlsx", xml_attack(LAUGHS)),
        ("xxe.xlsx", xml_attack(XXE)),
        ("old.xlsx", b"\xd0\xcf\x11\xe0" + bytes(500)),
        ("wide.csv", ",".join(f"c{i}" for i in range(10_000)).encode() + b"\n"),
        ("wide-dup.csv", b",".join([b"date"] * 150 + [b"value"]) + b"\n2025-01-06,4\n"),
        ("ragged.csv", b"date,value\n2025-01-06,4,5,6,7\n"),
        ("quote.csv", b'date,value\n"2025-01-06,4\n'),
        ("mixed-dates.csv", b"date,value\n2025-01-06,4\n13/01/2025,5\n"),
        ("us-date.csv", b"date,value\n01/02/2025,4\n02/13/2025,5\n"),
        ("two-ways.csv", b'date,value\n2025-01-06,"1,5"\n'),
        ("percent-some.csv", b"date,value\n2025-01-06,72%\n2025-01-13,3\n"),
        ("extension.txt.exe", b"date,value\n"),
        ("no-extension", b"date,value\n"),
        ("zip.xlsx", zipped({"[Content_Types].xml": b"<Types/>"})),
        ("garbage-xml.xlsx", zipped({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<"})),
        ("lines.csv", b"date,value\n" + b"\n" * 200_000),
    ]
    for i in range(10):
        found.append((f"random{i}.csv", rng.randbytes(rng.randint(1, 5_000))))
    for i in range(5):
        broken = bytearray(good)
        for _ in range(20):
            broken[rng.randrange(len(broken))] = rng.randrange(256)
        found.append((f"flipped{i}.xlsx", bytes(broken)))
    return found


CASES = cases()


def post(client, path: str, name: str, content: bytes):
    data = {"file": io.BytesIO(content)}
    data["file"].name = name
    return client.post(path, data)


# Encodings the reader takes (UTF-16 with its mark, Excel's Windows CSV): read, not refused.
READABLE = {"utf16.csv", "latin1.csv"}


def shows_a_problem(body: str) -> bool:
    return "nhsuk-error-summary" in body or "nhsuk-error-message" in body


@pytest.mark.slow
def test_malformed_uploads_never_break_the_measure_upload_page(client, project_a, nurse_a):
    measure = MeasureFactory(project=project_a, name="Falls")
    client.login(username=nurse_a.email, password=PASSWORD)
    for name, content in CASES:
        response = post(client, f"/measures/{measure.pk}/upload/", name, content)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert ("Preview: 1 row," in body) if name in READABLE else shows_a_problem(body), name


@pytest.mark.slow
def test_malformed_uploads_never_break_the_staff_import_page(client, qi_lead_a):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    for name, content in CASES:
        response = post(client, "/capability/staff/import/", name, content)
        assert response.status_code == 200, name
        assert shows_a_problem(response.content.decode()), name


def test_a_file_over_the_size_limit_is_a_form_error(client, project_a, nurse_a, monkeypatch):
    monkeypatch.setattr("qijourney.domain.upload_checks.MAX_UPLOAD_BYTES", 1_000)
    measure = MeasureFactory(project=project_a, name="Falls")
    client.login(username=nurse_a.email, password=PASSWORD)
    response = post(client, f"/measures/{measure.pk}/upload/", "f.csv", b"date,value\n" * 200)
    body = response.content.decode()
    assert response.status_code == 200 and "send at most" in body
