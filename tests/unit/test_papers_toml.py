"""papers.toml: the shipped reading list, and the loader's validation (errors name file:line)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from papermind.corpus import PaperMeta, find_by_sha256, load_papers
from papermind.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
PAPERS_TOML = REPO / "corpus" / "papers.toml"
SHARED = REPO.parent / "shared" / "papers"

EXPECTED = {
    "attention": "1706.03762",
    "bert": "1810.04805",
    "memory-gap": "2503.08311",
    "zero-infinity": "2104.07857",
    "pagedattention": "2309.06180",
    "cachegen": "2310.07240",
    "mlperf-training": "1910.01500",
    "mlperf-inference": "1911.02549",
    "flashattention": "2205.14135",
    "moe-qos": "2505.06481",
    "synergy": "2110.06073",
    "alisa": "2403.17312",
}

GOOD = """\
[[paper]]
key = "a"
title = "A Paper"
authors = ["Ann Author"]
year = 2020
venue = "X 2020"
arxiv = "2001.00001"
sha256 = "{sha}"
pdf = "a.pdf"

[[paper]]
key = "b"
title = "B: Another"
authors = ["Bo B", "Cy C"]
year = 2021
venue = "Y 2021"
arxiv = "2101.00002"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "papers.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_list_has_the_twelve_papers_with_their_arxiv_ids():
    papers = load_papers(PAPERS_TOML)
    assert {k: p.arxiv_id for k, p in papers.items()} == EXPECTED
    assert papers["alisa"].title == (
        "ALISA: Accelerating Large Language Model Inference via Sparsity-Aware KV Caching"
    )
    assert papers["zero-infinity"].venue == "SC 2021"
    assert all(isinstance(p.authors, tuple) and p.authors for p in papers.values())


def test_shipped_pdfs_are_exactly_the_seven_with_sha256():
    papers = load_papers(PAPERS_TOML)
    with_pdf = {k for k, p in papers.items() if p.pdf}
    assert with_pdf == {
        "attention",
        "bert",
        "zero-infinity",
        "pagedattention",
        "flashattention",
        "mlperf-training",
        "alisa",
    }
    assert all(papers[k].sha256 for k in with_pdf)


@pytest.mark.integration
def test_recorded_sha256_matches_the_shared_pdfs():
    if not SHARED.is_dir():
        pytest.skip("../shared/papers is absent")
    papers = load_papers(PAPERS_TOML)
    for p in papers.values():
        if p.pdf and (SHARED / p.pdf).exists():
            digest = hashlib.sha256((SHARED / p.pdf).read_bytes()).hexdigest()
            assert digest == p.sha256, p.key
            assert find_by_sha256(papers, digest) == p


def test_good_file_loads_in_order(tmp_path):
    papers = load_papers(write(tmp_path, GOOD.format(sha="ab" * 32)))
    assert list(papers) == ["a", "b"]
    assert papers["a"] == PaperMeta(
        "a", "A Paper", ("Ann Author",), 2020, "X 2020", "2001.00001", "ab" * 32, "a.pdf"
    )
    assert papers["b"].sha256 is None and papers["b"].pdf is None
    assert papers["b"].short_title == "B"


def test_find_by_sha256(tmp_path):
    papers = load_papers(write(tmp_path, GOOD.format(sha="ab" * 32)))
    assert find_by_sha256(papers, ("AB" * 32)).key == "a"
    assert find_by_sha256(papers, "cd" * 32) is None


def _error(tmp_path, text) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_papers(path)
    return info.value.message, str(path)


def test_unknown_field_names_file_and_line(tmp_path):
    text = GOOD.format(sha="ab" * 32).replace('venue = "Y 2021"', 'venue = "Y 2021"\ndoi = "x"')
    msg, path = _error(tmp_path, text)
    assert msg.startswith(f"{path}:17:") and "unknown field 'doi'" in msg


def test_duplicate_key_names_the_second_key_line(tmp_path):
    text = GOOD.format(sha="ab" * 32).replace('key = "b"', 'key = "a"')
    msg, path = _error(tmp_path, text)
    assert msg.startswith(f"{path}:12:") and "duplicate paper key 'a'" in msg


def test_missing_title_names_the_table_line(tmp_path):
    text = GOOD.format(sha="ab" * 32).replace('title = "B: Another"\n', "")
    msg, path = _error(tmp_path, text)
    assert msg.startswith(f"{path}:11:") and "'title'" in msg


@pytest.mark.parametrize("bad", ["1706.03762v5", "arXiv:1706.03762", "17060.3762", ""])
def test_bad_arxiv_id_names_its_line(tmp_path, bad):
    text = GOOD.format(sha="ab" * 32).replace('arxiv = "2001.00001"', f'arxiv = "{bad}"')
    msg, path = _error(tmp_path, text)
    assert msg.startswith(f"{path}:7:")
    assert "arxiv" in msg.lower()


def test_bad_sha256_names_its_line(tmp_path):
    msg, path = _error(tmp_path, GOOD.format(sha="xyz"))
    assert msg.startswith(f"{path}:8:") and "sha256" in msg


def test_toml_syntax_error_names_file_and_line(tmp_path):
    msg, path = _error(tmp_path, GOOD.format(sha="ab" * 32).replace("year = 2021", "year = = 2021"))
    assert msg.startswith(f"{path}:15:") and "invalid TOML" in msg


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_papers(tmp_path / "nope.toml")
