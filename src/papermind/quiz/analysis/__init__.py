"""Item analysis over recorded attempts (difficulty, discrimination, distractors)."""
