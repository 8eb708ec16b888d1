"""Interchange with other quiz tools: GIFT (import and export), QTI 1.2 and Anki exports."""
