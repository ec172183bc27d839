"""Pages and text files without a declared charset come out in the right letters, via the CLI.

Western European text is windows-1252 even where charset-normalizer scores windows-1250 just as
well ("célèbre" must not become "célčbre"); Central European text stays windows-1250.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, run_cleaner

REAL_PAGE = FIXTURES / "charset" / "soundofscience-undeclared-cp1252.html.gz"
"""A trafilatura-eval page (Apache-2.0) stripped of its charset and re-encoded (see its README)."""
FRENCH = (
    "Le chef a présenté lundi sa crème brûlée, célèbre dans tout le quartier depuis des années. "
    "Selon lui, la recette vient de son père, qui la préparait chaque été pour la fête du village."
)
ENGLISH = "It’s the city’s “best” dessert — a crème brûlée that made the chef célèbre, he said."
CZECH = (
    "Vláda v pondělí schválila návrh zákona, který má zjednodušit stavební řízení. Podle "
    "ministra se tím zkrátí čekání na povolení až o polovinu, opozice však žádá další debatu."
)
HUNGARIAN = (
    "A kormány hétfőn elfogadta azt a törvényjavaslatot, amely egyszerűsíti az építési "
    "engedélyezést, és a miniszter szerint akár felére csökkenti a várakozási időt."
)


def clean_file(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(path), "--no-validate"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def page(*paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Dessert</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("paragraphs", "codec"),
    [((FRENCH, ENGLISH), "cp1252"), ((CZECH,), "cp1250"), ((HUNGARIAN,), "cp1250")],
)
def test_an_undeclared_page_is_decoded_in_its_code_page(
    tmp_path: Path, paragraphs: tuple[str, ...], codec: str
) -> None:
    html = tmp_path / "page.html"
    html.write_bytes(page(*paragraphs).encode(codec))
    body = clean_file(html)
    for paragraph in paragraphs:
        assert paragraph in body


@pytest.mark.parametrize(("text", "codec"), [(FRENCH, "cp1252"), (CZECH, "cp1250")])
def test_an_undeclared_text_file_is_decoded_in_its_code_page(
    tmp_path: Path, text: str, codec: str
) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(f"Dessert\n\n{text}\n".encode(codec))
    assert text in clean_file(dump)


def test_a_real_french_page_without_a_declared_charset(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(gzip.decompress(REAL_PAGE.read_bytes()))
    body = clean_file(page)
    for snippet in ("En réaction à la candidature", "Une cible,", "Sans recherche autonome,"):
        assert snippet in body
    assert "è" in body and "č" not in body


def damaged_utf8(text: str) -> bytes:
    """``text`` as UTF-8 with two damaged bytes: the second byte of its first 'é' is cut, and
    a stray 0xff stands before its last sentence."""
    data = text.encode("utf-8")
    cut = data.index("é".encode()) + 1
    last = data.rindex(b". ") + 2
    return data[:cut] + data[cut + 1 : last] + b"\xff" + data[last:]


WARNING = "cleaner: warning: not valid UTF-8: 2 invalid byte(s) replaced by U+FFFD"


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_utf8_with_a_few_bad_bytes_stays_utf8_and_says_so(tmp_path: Path, suffix: str) -> None:
    text = f"{FRENCH} {FRENCH}"
    body = damaged_utf8(text)
    path = tmp_path / f"page{suffix}"
    path.write_bytes(
        page(body.decode("latin-1")).encode("latin-1")
        if suffix == ".html"
        else b"Dessert\n\n" + body
    )
    result = run_cleaner("clean", str(path), "--no-validate", text=True)
    assert result.returncode == 0, result.stderr
    assert "Le chef a pr\ufffdsenté lundi sa crème brûlée" in result.stdout
    assert "\ufffdSelon lui, la recette vient de son père" in result.stdout
    assert "ﾃ" not in result.stdout and "Ã" not in result.stdout
    assert result.stderr.startswith(WARNING), result.stderr
    batch = run_cleaner("clean", str(path), "-o", "-", "--quiet", "--no-validate", text=True)
    (record,) = [json.loads(line) for line in batch.stdout.splitlines()]
    assert any(w.startswith(WARNING.removeprefix("cleaner: warning: ")) for w in record["warnings"])
