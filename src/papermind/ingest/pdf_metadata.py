"""Title, authors, year and venue of a paper from its PDF alone (for papers not in papers.toml).

Read from the title page as a reader sees it, not from the first line of text:
- cover pages are skipped (USENIX "This paper is included in the Proceedings of the ...", a
  publisher's copyright-only page) but read for the venue and year they name;
- the title is the block of the largest type above the abstract (arXiv side stamps and other
  rotated text left out), its lines joined; a title set in capitals or small capitals gets the
  casing the paper itself uses for those words ("PUNICA: MULTI-TENANT LORA SERVING" ->
  "Punica: Multi-Tenant LoRA Serving"), or the PDF's own /Title when that is the same title;
- the authors are the name-like pieces of the lines under the title set in the first name's type
  size (footnote marks, affiliations and e-mail addresses left out), or the PDF's /Author field
  when it holds names;
- year and venue are this PDF's: from the venue line printed on it ("SOSP '23, October 23-26,
  2023", "Proceedings of the 41st International Conference on Machine Learning ... 2024", a USENIX
  cover), else a copyright line, the arXiv stamp (venue "arXiv preprint"), a date under the title,
  the file's creation date; the /Subject field only for a build without an arXiv stamp.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from papermind.ingest.layout import PageLayout, TextRun

__all__ = ["PdfFacts", "read_pdf_facts"]


@dataclass
class PdfFacts:
    title: str | None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None


@dataclass
class _Line:
    runs: list[TextRun]

    @property
    def text(self) -> str:
        return " ".join("".join(r.text for r in self.runs).split())

    @property
    def size(self) -> float:
        return max((r.size for r in self.runs if re.search(r"\w", r.text)), default=0.0)

    @property
    def rotated(self) -> bool:
        return all(r.rotated for r in self.runs)


_COVER_RE = re.compile(
    r"This paper is included in the Proceedings of|Open access to the Proceedings of"
    r"|This paper is included in the proceedings",
    re.IGNORECASE,
)
_STAMP_RE = re.compile(
    r"arXiv\s*:\s*\d{4}\.\d{4,5}(v\d+)?\s*\[[^\]]*\]\s*(\d{1,2}\s*[A-Z][a-z]{2}\s*(\d{4}))?"
)
_ABSTRACT_RE = re.compile(r"^(A\s?BSTRACT|Abstract)\b|^(\d\.?\s*)?(I\s?NTRODUCTION|Introduction)$")
_FURNITURE_RE = re.compile(
    r"^(Proceedings of|In Proceedings|Published (as|in)|Preprint|Under review|Accepted|Appears in|To appear"
    r"|Technical Report|Draft|Workshop)",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?<![\d.])(19[89]\d|20[0-4]\d)(?![\d.])")
_SHORT_YEAR_RE = re.compile(r"['’‘](\d{2})\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_VENUE_LINE_RE = re.compile(
    r"Proceedings of the|Conference on|Symposium on|Published as a conference paper|Conference,"
    r"|[A-Z][A-Za-z]+ ['’]\d{2}\s*,|\(([A-Z][A-Za-z]+) (19|20)\d{2}\)"
)
# Venue names and acronyms; earlier entries win ("NIPS 2017" before "Neural Information ...").
# Case matters only for acronyms that are also words ("ACL", "SC").
_VENUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, 0 if exact else re.IGNORECASE), name)
    for p, name, exact in [
        (r"\bNIPS\b", "NIPS", False),
        (r"\bNeurIPS\b|Neural Information Processing Systems", "NeurIPS", False),
        (r"\bMLSys\b|Conference on Machine Learning and Systems|\bSysML\b", "MLSys", False),
        (r"\bICML\b|International Conference on Machine Learning", "ICML", False),
        (r"\bICLR\b|International Conference on Learning Representations", "ICLR", False),
        (r"\bOSDI\b|Operating Systems Design and Implementation", "OSDI", False),
        (r"\bSOSP\b|Symposium on Operating Systems Principles", "SOSP", False),
        (r"\bNSDI\b|Networked Systems Design and Implementation", "NSDI", False),
        (r"USENIX ATC|USENIX Annual Technical Conference", "USENIX ATC", False),
        (r"\bSIGCOMM\b", "SIGCOMM", False),
        (r"\bEuroSys\b", "EuroSys", False),
        (r"\bASPLOS\b|Architectural Support for Programming Languages", "ASPLOS", False),
        (r"\bISCA\b|International Symposium on Computer Architecture", "ISCA", False),
        (r"\bHPCA\b|High[- ]Performance Computer Architecture", "HPCA", False),
        (r"\bSC\s*['’]\d{2}|High Performance Computing, Networking, Storage", "SC", True),
        (r"\bNAACL\b|North American Chapter of the Association for Computational", "NAACL", False),
        (r"\bEMNLP\b|Empirical Methods in Natural Language Processing", "EMNLP", False),
        (r"\bACL\b|Annual Meeting of the Association for Computational Linguistics", "ACL", True),
        (r"\bVLDB\b|Very Large Data Bases", "VLDB", False),
        (r"\bSIGMOD\b", "SIGMOD", False),
    ]
]

# Words that make a piece of the author block an affiliation, a note or an address, not a name.
_NOT_NAME_WORDS = frozenset(
    """university universität université universidad institute institut laboratory laboratories lab
    labs research researcher group cloud inc inc. corp corp. corporation company department dept
    dept. school college academy center centre brain ai language google microsoft meta nvidia
    alibaba huawei amazon facebook intel ibm apple baidu tencent bytedance samsung graphcore
    deepmind openai anthropic stanford berkeley mit cmu tsinghua peking jiao jiaotong foundation
    technologies technology systems science sciences engineering computer computing national
    independent hospital uc usa china contribution contributions equal correspondence work done
    abstract email e-mail and""".split()
)
_ORG_SUFFIXES = frozenset(
    "university institute research lab labs group cloud inc inc. corporation college".split()
)
_PARTICLES = frozenset("de del della der di da van von la le du dos st. st bin al el".split())
_MARKS_RE = re.compile(r"[\d∗*†‡§¶♯♭♮#⋆★✉]+")
_NAME_WORD_RE = re.compile(r"^([A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.\-]*|[A-Z]\.(-?[A-Z]\.)*)$")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over the to via vs with".split()
)


def read_pdf_facts(layouts: list[PageLayout], pages: list[str], info: dict[str, str]) -> PdfFacts:
    """Facts from the first pages' layout (``layouts``), their text (``pages``, raw) and the PDF
    info dictionary (``info``: Title, Author, Subject, CreationDate ...)."""
    covers = {i for i, text in enumerate(pages[: len(layouts)]) if _COVER_RE.search(text)}
    content = next((i for i in range(len(layouts)) if i not in covers and _header(layouts[i])), None)
    front = range(content if content is not None else 0)  # cover and copyright pages before it
    if content is not None:
        header = _header(layouts[content])
    else:  # no abstract heading on the first pages: the top of the first page that is no cover
        first = next((i for i in range(len(layouts)) if i not in covers), None)
        header = _top(layouts[first]) if first is not None else []
    title_lines, rest = _title_block(header)
    title = _join_title(title_lines)
    info_title = _clean(info.get("Title", ""))
    if len(title_lines) > 1 and not rest:  # one type size throughout: no title stands out
        title = info_title if _usable_title(info_title) else _join_title(title_lines[:1])
    elif title and info_title and _norm(info_title) == _norm(title):
        title = info_title  # the author's own casing of the same words
    elif title and _is_caps(title):
        title = _recase(title, "\n".join(pages[:6]))
    elif not title and _usable_title(info_title):
        title = info_title
    authors = _info_authors(info.get("Author", "")) or _layout_authors(rest)
    cover_text = "\n".join(pages[i] for i in front)
    content_text = pages[content] if content is not None else (pages[0] if pages else "")
    venue, year = _venue_and_year(cover_text, content_text, info, pages)
    return PdfFacts(title=title or None, authors=authors, year=year, venue=venue)


# -- the title page ------------------------------------------------------------------------


def _lines(layout: PageLayout) -> list[_Line]:
    """Runs grouped into lines in reading (stream) order: a run starts a new line when its
    baseline is more than about half a line away from the current line's."""
    lines: list[_Line] = []
    for run in layout.runs:
        if lines:
            cur = lines[-1]
            base = cur.runs[0]
            if run.rotated == base.rotated and abs(run.y - base.y) < 0.6 * max(run.size, base.size, 1.0):
                cur.runs.append(run)
                continue
        lines.append(_Line([run]))
    return lines


def _header(layout: PageLayout) -> list[_Line]:
    """The lines above the abstract (or the introduction), without rotated text, the arXiv
    stamp and venue/preprint notes; [] when the page has no such heading."""
    lines = _lines(layout)
    end = next((i for i, ln in enumerate(lines) if _ABSTRACT_RE.match(ln.text)), None)
    if end is None:
        return []
    return [
        ln
        for ln in lines[:end]
        if not ln.rotated and not _STAMP_RE.search(ln.text) and not _FURNITURE_RE.match(ln.text)
    ]


def _top(layout: PageLayout) -> list[_Line]:
    """The lines in the top third of a page (rotated text and arXiv stamps left out), from the
    first set larger than the page's body text on; [] when nothing is."""
    sizes: Counter[float] = Counter()
    for run in layout.runs:
        sizes[run.size] += len(run.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    limit = layout.height * 2 / 3
    lines = [
        ln
        for ln in _lines(layout)
        if not ln.rotated and ln.runs[0].y >= limit and not _STAMP_RE.search(ln.text)
    ]
    start = next((i for i, ln in enumerate(lines) if ln.size > body + 0.5), len(lines))
    return lines[start:]


def _title_block(header: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """The title's lines (the first run of lines in the largest type) and the lines after it."""
    sized = [ln for ln in header if re.search(r"[A-Za-z]{2}", ln.text)]
    if not sized:
        return [], []
    top = max(ln.size for ln in sized)
    start = next(
        i for i, ln in enumerate(header) if ln.size >= top - 0.5 and re.search(r"[A-Za-z]{2}", ln.text)
    )
    end = start
    while end < len(header) and header[end].size >= top - 0.5:
        end += 1
    return header[start:end], header[end:]


def _join_title(lines: list[_Line]) -> str:
    text = ""
    for ln in lines:
        part = ln.text
        text = text + part if not text or text.endswith("-") else f"{text} {part}"
    text = re.sub(r"\s*[∗*†‡§¶]+$", "", text.strip())
    return _clean(text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(text.split()).strip(" .,;")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKC", text).lower())


def _usable_title(title: str) -> bool:
    low = title.lower()
    return (
        len(title) >= 8
        and not low.startswith(("microsoft word", "untitled"))
        and not low.endswith((".dvi", ".pdf", ".docx", ".tex"))
    )


def _is_caps(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _recase(title: str, body: str) -> str:
    """Sentence-sensible casing for a title set in capitals: each word as the paper writes it
    elsewhere ("LoRA", "GPU", "Punica"), else capitalised, short function words in lower case."""
    forms: dict[str, Counter[str]] = {}
    for word in re.findall(r"[A-Za-z][A-Za-z0-9]*", body):
        forms.setdefault(word.lower(), Counter())[word] += 1

    def one(word: str, first: bool) -> str:
        seen = forms.get(word.lower(), Counter())
        mixed = [
            (n, w) for w, n in seen.items() if not w.isupper() and not w.islower() and w != w.capitalize()
        ]
        if mixed:
            return max(mixed)[1]  # "LoRA", "MLPerf"
        upper = seen.get(word.upper(), 0)
        other = sum(n for w, n in seen.items() if w != word.upper())
        if len(word) == 1 or (upper >= 2 and upper > other):
            return word.upper()  # "GPU", "LLM", the "S" of "S-LoRA"
        if not first and word.lower() in _SMALL_WORDS:
            return word.lower()
        return word.capitalize()

    out: list[str] = []
    first = True
    for token in re.split(r"(\s+|[-:/])", title):
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", token):
            out.append(one(token, first))
            first = False
        else:
            out.append(token)
            if token == ":":
                first = True
    return "".join(out)


# -- authors -------------------------------------------------------------------------------


def _name(piece: str) -> str | None:
    """A person's name from one piece of the author block, or None."""
    piece = _MARKS_RE.sub(" ", piece)
    piece = re.sub(r"^\s*(and|&)\s+", "", piece.strip())
    words = piece.split()
    if not 2 <= len(words) <= 5 or "@" in piece or any(c in piece for c in "()[]{}<>:/"):
        return None
    if any(w.lower().strip(".,") in _NOT_NAME_WORDS for w in words):
        return None
    for w in words:
        if w.lower() in _PARTICLES:
            continue
        if not _NAME_WORD_RE.match(w) or (len(w) > 2 and w.isupper() and "." not in w):
            return None
    return " ".join(words)


def _split_names(text: str) -> list[str]:
    pieces = re.split(r"\s*(?:,|;|\band\b|&|\|)\s*", text)
    names: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        name = _name(piece)
        if name:
            names.append(name)
            continue
        words = _MARKS_RE.sub(" ", piece).split()
        # names set apart by spacing only ("Jacob Devlin Ming-Wei Chang Kenton Lee"): pairs
        if len(words) >= 4 and len(words) % 2 == 0:
            pairs = [_name(" ".join(words[i : i + 2])) for i in range(0, len(words), 2)]
            if all(pairs):
                names.extend(p for p in pairs if p)
    return names


def _layout_authors(lines: list[_Line]) -> list[str]:
    """Names from the lines under the title: runs in the type size of the first name; smaller
    runs (footnote marks, superscripts) and line ends separate names."""
    size: float | None = None
    names: list[str] = []
    for ln in lines:
        if size is None:
            found = next((r for r in ln.runs if _split_names(r.text)), None)
            if found is None:
                continue
            size = found.size
        pieces: list[str] = []
        buf = ""
        for run in ln.runs:
            if abs(run.size - size) <= 0.3:
                buf += run.text
            else:
                pieces.append(buf)
                buf = ""
        pieces.append(buf)
        for piece in pieces:
            names.extend(n for n in _split_names(" ".join(piece.split())) if n not in names)
    return names


def _info_authors(raw: str) -> list[str]:
    """The /Author field's names ("A; B; C Alibaba Cloud" -> A, B, C); [] unless every piece
    reads as a name (a user name such as "admin" means the field is not the authors)."""
    raw = _clean(raw)
    if not raw:
        return []
    names: list[str] = []
    for piece in re.split(r"\s*(?:,|;|\band\b|&)\s*", raw):
        words = piece.split()
        cut = next((i for i, w in enumerate(words) if w.lower() in _NOT_NAME_WORDS), len(words))
        after = words[cut + 1].lower() if cut + 1 < len(words) else ""
        if 3 <= cut < len(words) and words[cut].lower() in _ORG_SUFFIXES and after != "of":
            cut -= 1  # "... Dijkstra Acme Research": the organisation's name starts one word earlier
        name = _name(" ".join(words[:cut])) if words else None
        if piece and not name:
            return []
        if name:
            names.append(name)
    return names


# -- year and venue ------------------------------------------------------------------------


def _year_in(text: str) -> int | None:
    m = _YEAR_RE.search(text)
    if m:
        return int(m.group(1))
    m = _SHORT_YEAR_RE.search(text)
    return 2000 + int(m.group(1)) if m and int(m.group(1)) < 50 else None


def _venue_in(text: str) -> str | None:
    return next((name for pattern, name in _VENUES if pattern.search(text)), None)


def _venue_lines(text: str) -> list[str]:
    """Lines naming where the paper appeared, each with the next line (venue lines wrap)."""
    lines = [ln.strip() for ln in text.splitlines()]
    return [
        f"{ln} {lines[i + 1] if i + 1 < len(lines) else ''}"
        for i, ln in enumerate(lines)
        if _VENUE_LINE_RE.search(ln)
    ]


def _venue_and_year(
    cover: str, content: str, info: dict[str, str], pages: list[str]
) -> tuple[str | None, int | None]:
    cover = " ".join(cover.split())
    stamp = next((m for p in pages[:2] if (m := _STAMP_RE.search(p))), None)
    sources = [cover, *_venue_lines(content)]
    if stamp is None:
        # ML style files put the venue in /Subject ("mlsys 2024") for submissions and preprints
        # too, so it names the venue only of a build that is not an arXiv preprint
        sources.append(" ".join(info.get("Subject", "").split()))
    found = next(((name, text) for text in sources if (name := _venue_in(text))), None)
    venue = found[0] if found else None
    copyright_ = re.search(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d{2})", content)
    dated = re.search(rf"\b(?:{_MONTHS})\s+\d{{1,2}},\s+((?:19|20)\d{{2}})", content)
    created = re.match(r"D:((?:19[89]|20[0-4])\d)", info.get("CreationDate", ""))
    candidates = [
        _year_in(found[1]) if found else None,  # the venue line's own year
        _year_in(cover) if cover else None,
        int(copyright_.group(1)) if copyright_ else None,
        int(stamp.group(3)) if stamp and stamp.group(3) else None,
        int(dated.group(1)) if dated else None,
        int(created.group(1)) if created else None,
    ]
    year = next((y for y in candidates if y is not None), None)
    if venue is None:
        return ("arXiv preprint" if stamp else None), year
    return (f"{venue} {year}" if year else venue), year
