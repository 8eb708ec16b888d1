"""Answer grading: rules per question type (``rules``), the semantic short-answer grader
(``semantic``, ``tokenscore``) and the text helpers they share (``text``)."""
