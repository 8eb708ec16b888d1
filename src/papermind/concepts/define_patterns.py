"""The sentence shapes by which papers say what a term is (used by ``define``).

Each pattern is (strength, what the text before the term must end with, what the text after it
must start with); ``None`` matches anything. Strength 3 = the paper coins or names the term,
2 = a copula or relative clause says what it is, 1 = weaker shapes (an apposition, the term as
a subject saying what it does, run-in headings, ...). ``weak_context`` rejects, for strengths
below 3, sentences that state a result, a consequence or a condition rather than what a term is.
"""

from __future__ import annotations

import re

_PAREN = r"(?:\s*(?:\([^)]{1,40}\)|\[[\d,\s–\-]{1,20}\]))?"  # "(AIT)" / a citation "[11]"
# "Self-attention, sometimes called intra-attention, is ...": another name between term and verb
_ASIDE = (
    r"(?:\s*,\s*(?:also|sometimes|often|commonly|usually|or)\s+(?:(?:called|known\s+as|referred\s+to\s+as|"
    r"termed|named|abbreviated(?:\s+as)?)\s+)?[^,]{1,40}?,?)?"
)
_ART = r"(?:a|an|the|one)\b"
# "X is the main bottleneck": an evaluation, not what X is
_RANKING = (
    r"(?!\s+(?:primary|main|major|key|dominant|biggest|largest|smallest|most|least|first|last|only|best|"
    r"worst|same|bottleneck|reason|case|default|state[\s\-]of[\s\-]the[\s\-]art)\b)"
)
_DET = r"(?:(?i:the|an?|our|its|their|each|in)\s+)?"  # case-blind inside a case-sensitive pattern
_DET_NOUN = (
    r"(?:(?i:the|an?|our|its|their|each)\s+)?"  # without "in": "In vLLM, a request ..." is no apposition
)
# an opening that makes the sentence a consequence, a condition or a comparison
_CONSEQUENCE = (
    r"(?:Therefore|Thus|Hence|So|As\b(?!\s+(?:discussed|described|mentioned|noted)\b)|"
    r"Consequently|Due\s+to|Because|Since|If|When|While|Although|Though|Unless|Unlike|Compared|"
    r"Similar(?:ly)?|Note\s+that|Overall|In\s+(?:summary|contrast|practice))\b"
)
# ... nor is the subject after a lead-in clause starting so, or with "We ...", "This ...", "However, "
_NOT_LEAD = rf"(?:{_CONSEQUENCE}|(?:We|Our|This|These|It|Then|Instead|However|But|Finally)\b)"
_LEAD = rf"(?:(?!{_NOT_LEAD})[A-Z][\w\-]*(?:\s+[\w\-]+){{0,8}},\s+)?"  # "Specifically, " / "In our design, "
_SUBJECT = rf"^{_LEAD}{_DET}(?:[a-z][\w\-]+\s+)?$"  # "The dominant X ...": one modifier allowed
# what a subject does (singular or plural: "the block table maps", "physical blocks store")
_VERBS = (
    r"(?:\w+ly\s+)?(?:consists?\s+of\b|(?:mean|work|divide|partition|split|store|map|keep|hold|allow|enable|compute|use|"
    r"exploit|leverage|reduce|avoid|select|combine|measure|contain|represent|require|perform|assign|replace|"
    r"take|refer|describe|specif(?:y|ie)|determine|capture|provide|predict|learn|produce|generate|"
    r"identif(?:y|ie)|appl(?:y|ie)|manage|maintain|track|record|translate|convert|encode|schedule|allocate|"
    r"cache)s?\b(?!\s+of\b))"  # not the noun: "attention maps of ..."
)
_KIND = r"(?:mechanism|technique|scheme|algorithm|method|approach|strategy|policy|system|framework)"
_BULLET = r"(?:^|[•▪◦]\s*|^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s*)"  # "• X: ..." / "(2) X: ..." list items


def _p(rx: str | None, flags: int = re.I) -> re.Pattern[str] | None:
    return re.compile(rx, flags) if rx is not None else None


Pattern = tuple[int, re.Pattern[str] | None, re.Pattern[str] | None]

PATTERNS: list[Pattern] = [
    (
        3,
        _p(
            r"\bwe\s+(?:call|term|name|dub|refer\s+to)\s+(?:it|them|(?:this|these|such)(?:\s+[\w\-]+){0,2}|"
            r"the\s+\w+(?:\s+\w+)?)?\s*(?:as\s+)?(?:an?\s+|the\s+)?[\"“]?$"
        ),
        None,
    ),
    (
        3,
        None,
        _p(
            rf"[\"”]?{_PAREN}{_ASIDE}\s+(?:refers\s+to|is\s+defined\s+(?:as|to\s+be)|denotes|is\s+called|"
            r"can\s+be\s+(?:described|viewed|seen|thought\s+of|defined|understood|formulated)\s+as|"
            r"stands\s+for|is\s+short\s+for)\b"
        ),
    ),
    (3, _p(r"\bby\s+[\"“]?$"), _p(r"[\"”]?\s*,?\s*we\s+mean\b")),  # "by X we mean ..."
    (
        2,
        None,
        _p(rf"{_PAREN}\s*,?\s+(?:\w+ly\s+)?referring\s+to\b"),
    ),  # "ii) Residual states primarily referring to"
    # "During pre-training, the model is trained on ...": what happens in a phase
    (1, _p(r"^During\s+(?:the\s+)?$", 0), _p(r"\s*,\s+(?!we\b|our\b|it\b|this\b)")),
    (
        3,
        _p(
            r"\bwe\s+(?:propose|introduce|present|develop|design|build)\s+(?:(?:a|an)\s+(?:new\s+)?"
            r"[\w\-]+(?:\s+[\w\-]+){0,4}\s*,\s*|a\s+new\s+[\w\-]+\s+)?(?:the\s+)?$"
        ),
        _p(rf"{_PAREN}\s*(?:,|:|\s+(?:which|that|to|for)\b)"),
    ),
    (3, _p(r"\b(?:called|termed|named|known\s+as|dubbed)\s+[\"“]?$"), None),
    (
        2,
        _p(r"(?:^|[,;:]\s*|,\s*and\s+|\b(?:the|an?|in)\s+)$"),
        _p(rf"{_PAREN}{_ASIDE}\s+(?:is|are)\s+(?:{_ART}{_RANKING}|used\s+to|responsible|designed)"),
    ),
    # "X, which is a ..." / "X, which maps ..." of a subject; of an object only "X mechanism, which
    # applies ..." or "X, which stands for ..." ("the challenge of maximizing X, which is an NP-hard
    # problem" is about the challenge)
    (
        2,
        _p(_SUBJECT, 0),
        _p(
            rf"{_PAREN}(?:\s+{_KIND})?\s*,\s*which\s+"
            rf"(?:(?:is|are)\s+{_ART}|(?!has\b|was\b|is\b|does\b)[a-z]{{3,}}s)\b"
        ),
    ),
    (
        2,
        None,
        _p(
            rf"{_PAREN}(?:\s+{_KIND}\s*,\s*which\s+(?!has\b|was\b|is\b|does\b)[a-z]{{3,}}s|"
            rf"\s*,\s*which\s+(?:stands\s+for|refers\s+to|denotes|consists\s+of))\b"
        ),
    ),
    (2, _p(r"[\"“]$"), _p(r"[\"”]")),  # a term the paper puts in quotes when introducing it
    (1, _p(rf"^{_LEAD}{_DET_NOUN}$", 0), _p(rf"{_PAREN}\s*,\s*(?:a|an)\s+\w+")),  # "X, a ..." as the subject
    # the term as the sentence's subject, saying what it is or does
    (1, _p(_SUBJECT, 0), _p(rf"{_PAREN}\s*,?\s+{_VERBS}")),
    (1, _p(_SUBJECT, 0), _p(rf"{_PAREN}\s+(?:is|are)\s+(?:proposed|used|introduced|designed)\s+to\b")),
    # "X, i.e. ..." / "X—that is, ..."
    # (after a comma or in brackets a noun phrase: not "X, i.e., using four GPUs", "X (i.e., P = 1)")
    (
        1,
        None,
        _p(
            rf"{_PAREN}\s*(?:(?:,\s*\(?|\(\s*)(?:i\.e\.|that\s+is|namely),?\s+(?![a-z]+ing\b)(?![^,;)]{{0,30}}=)|"
            r"—\s*(?:i\.e\.|that\s+is|namely))"
        ),
    ),
    # "the GPU working memory, describing the minimum amount of memory that ..."
    (1, None, _p(rf"{_PAREN}\s*,\s*(?:denoting|describing|representing|meaning)\s+(?:the|a|an|how|what)\b")),
    # "The General Language Understanding Evaluation (GLUE) benchmark is a collection ..."
    (
        2,
        _p(r"\(\s*$"),
        _p(rf"(?:\s+v?[\d.]+)?\s*\)\s*(?:[\w\-]+\s+){{0,4}}(?:\([^)]{{1,40}}\)\s*)?(?:is|are)\s+{_ART}"),
    ),
    # "The feature-based approach, such as ELMo, uses ...": a kind and its examples
    (1, _p(_SUBJECT, 0), _p(rf"{_PAREN}\s*,\s*such\s+as\b")),
    (1, None, _p(r"(?:\s+\w+)?\s*,\s*such\s+as\s+[^,]{3,60},\s+(?:that|which)\s")),
    # "its input representation is constructed by summing ..."
    (
        1,
        _p(_SUBJECT, 0),
        _p(
            rf"{_PAREN}\s+(?:is|are)\s+(?:constructed|computed|built|composed|formed|obtained|"
            r"defined|implemented|organi[sz]ed|represented|stored|calculated|derived|generated|produced|based)\s+"
            r"(?:by|as|from|in|of|on)\b"
        ),
    ),
    (
        1,
        _p(rf"{_BULLET}$"),
        _p(rf"{_PAREN}\s*:\s+(?:[a-z]|[Tt]he\b|[Aa]n?\b)", 0),
    ),  # "X: the ..." / "• X: ..."
    (1, None, _p(rf"{_PAREN}\s*(?:—|–)\s*(?:(?:a|an|the)\s+\w+|[a-z]+ing\b)")),  # "X—accounting for ..."
]

# "we call this X" / "this is known as X": the sentence before says what "this" is
ANAPHORIC = re.compile(
    r"\b(?i:we)\s+(?:call|term|name|dub|refer\s+to)\s+(?:this|it|these|them|such)\b|"
    r"^(?:This|It|These|Such)(?:\s+[\w\-]+){0,3}\s+(?:is|are)\s+(?:\w+ly\s+|also\s+|often\s+)?"
    r"(?:called|known\s+as|termed|referred\s+to\s+as|named|dubbed)\b"
)
# "... partitions the KV cache into KV blocks. Each block contains the keys and values of B tokens."
ENDS_SENTENCE = re.compile(rf"{_PAREN}\s*\.?\s*$")
FOLLOW_ON = re.compile(
    r"^(?:The\s+first|One)\s+(?:of\s+them\s+)?is\s+(?:a|an|the)\b|"  # "... has two sub-layers. The first is a ..."
    r"^(?:Each|Every|The|These|This|Such|A|An)\s+(?:[\w\-]+\s+){0,2}?(?P<head>[\w\-]+)\s+(?:\w+ly\s+)?"
    r"(?:is|are|contains?|consists?|stores?|holds?|keeps?|records?|represents?|maps?|corresponds?)\b"
)
# "Fine-tuning is straightforward since ...": an evaluation
_EVALUATION = re.compile(
    r"^(?:\S+\s+){1,4}(?:is|are)\s+(?:\w+ly\s+)?(?:straightforward|simple|easy|difficult|hard|challenging|"
    r"important|crucial|critical|expensive|costly|cheap|trivial|non-trivial|necessary|essential|slow|fast|"
    r"efficient|inefficient|effective|common|popular|limited|possible|impossible|feasible|infeasible)\b"
)
NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.\d*)\s+")  # "3.2.2 " before a heading
# "The subsequent question is how to ...", "One of our goals is ...": a question or aim posed
_AIM = re.compile(
    r"^(?:\S+\s+){0,5}(?:question|questions|goal|goals|aim|challenge|problem)\s+(?:is|are|was)\b", re.I
)
_RESULT = re.compile(r"\d\s*(?:%|×)|(?<![\d.v])\d+\.\d+(?![\d.])|\bO\(|\b\d+(?:\.\d+)?x\b")
_WEAK_START = re.compile(
    rf"^\s*(?:{_CONSEQUENCE}|(?:\w+\s+){{0,3}}(?i:we)\s+(?:see|observe|find|show|note)\b)"
)


def weak_context(sent: str, opening: bool = True) -> bool:
    """A sentence stating a figure (a percentage, a speed-up, a decimal score, a big-O cost) or
    opening as a consequence, condition or comparison ("Therefore, ...", "Due to ...", "Compared
    to ...", "X is straightforward ...") or posing a question or aim ("The question is how ...")
    says something about a term other than what it is. ``opening=False`` checks only
    for figures (after a run-in heading "Copy-on-write. When two sequences share ..." is fine)."""
    sent = NUMBERING.sub("", sent, count=1)  # "4.1 GLUE The ..." opens with a section number
    return bool(
        _RESULT.search(sent)
        or _AIM.match(sent)
        or (opening and (_WEAK_START.match(sent) or _EVALUATION.match(sent)))
    )
