"""Pages and text files without a declared charset come out in the right letters, via the CLI.

Western European text is windows-1252 even where charset-normalizer scores windows-1250 just as
well ("célèbre" must not become "célčbre"); Central European text stays windows-1250.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

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
