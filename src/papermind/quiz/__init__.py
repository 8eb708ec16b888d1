"""Quizzes: question banks, grading, review scheduling, item statistics, interchange formats and
generated practice. The shells call ``service.QuizService``; ``runner`` is the terminal quiz run."""
