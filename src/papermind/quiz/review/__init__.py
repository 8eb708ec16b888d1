"""Review scheduling: attempts and FSRS cards per (user, question)."""
