from discipline.models.clue_records import ClueOutcome, ClueStep, MeetingOpinion
from discipline.models.clues import CLUE_OPEN_FILTERS, Clue, format_clue_number
from discipline.models.numbering import YearCounter
from discipline.models.recommendations import (
    Recommendation,
    RecommendationReplyFile,
    format_recommendation_number,
)

__all__ = [
    "CLUE_OPEN_FILTERS",
    "Clue",
    "ClueOutcome",
    "ClueStep",
    "MeetingOpinion",
    "Recommendation",
    "RecommendationReplyFile",
    "YearCounter",
    "format_clue_number",
    "format_recommendation_number",
]
