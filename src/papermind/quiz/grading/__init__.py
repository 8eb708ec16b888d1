"""Answer grading: rules per question type (``rules``), typed numbers (``numbers``), the semantic
short-answer grader (``semantic``, which puts together ``features``, ``value``, ``comparisons`` and
``verdict``; the readers ``tokenscore``, ``negation``, ``antonyms`` and ``clauses`` below them)
and the text helpers they share (``text``)."""
