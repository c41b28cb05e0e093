"""Framework-free matching engine: vocabularies, hard rules, retrieval, scoring, explanations.

Nothing in this package imports Django; Django code loads rows into plain objects and calls in.
The public names are re-exported here.
"""

from .dense import build_index, load_index, remove_ids, save_index
from .fusion import RRF_K, reciprocal_rank_fusion
from .matcher import (
    JobCorpus,
    JobFilters,
    JobRanking,
    SeekerCorpus,
    allowed_jobs,
    blocked_jobs,
    match_seekers_for_job,
    rank_jobs_for_seeker,
)
from .profiles import Encoder, JobProfile, SeekerProfile, job_text, profile_text, seeker_text
from .rules import block_reason, block_reasons, is_allowed
from .scoring import CONFIDENT, WEIGHTS, Match

__all__ = [
    "CONFIDENT",
    "RRF_K",
    "WEIGHTS",
    "Encoder",
    "JobCorpus",
    "JobFilters",
    "JobProfile",
    "JobRanking",
    "Match",
    "SeekerCorpus",
    "SeekerProfile",
    "allowed_jobs",
    "block_reason",
    "block_reasons",
    "blocked_jobs",
    "build_index",
    "is_allowed",
    "job_text",
    "load_index",
    "match_seekers_for_job",
    "profile_text",
    "rank_jobs_for_seeker",
    "reciprocal_rank_fusion",
    "remove_ids",
    "save_index",
    "seeker_text",
]
