"""Pydantic models: the API's edge (requests, responses, the error shape). Records stay dataclasses inside."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field, model_validator

T = TypeVar("T")

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str
    details: Any = None


class ErrorOut(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": desc}
    for code, desc in ((400, "bad request"), (404, "not found"), (413, "request too large"),
                       (422, "invalid input"))
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS, 401: {"model": ErrorOut, "description": "token missing"},
    403: {"model": ErrorOut, "description": "wrong token"},
}


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    author: str | None
    snippet: str | None = Field(None, description="for full-text queries: the matching passage, matches in [brackets]")


class MentionOut(BaseModel):
    text: str
    start: int
    end: int
    label: str
    as_actor: bool


class EntityInArticle(BaseModel):
    name: str
    type: str
    aliases: list[str]
    mentions: list[MentionOut]


class QuoteOut(BaseModel):
    id: str | None = None
    article_id: str
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    text: str
    kind: str
    speaker: str | None
    speaker_type: str | None
    cue: str | None
    polarity: str | None
    anonymous: bool
    status: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


class DateOut(BaseModel):
    text: str
    start: int
    end: int
    value: str | None
    kind: str


class ClaimOut(BaseModel):
    text: str
    start: int
    end: int
    status: str
    kind: str
    date: str | None
    cues: list[str]


class StanceOut(BaseModel):
    actor: str
    issue: str
    stance: str
    article_id: str
    start: int
    end: int
    evidence: str
    confidence: float
    date: str | None
    cues: list[str]


class SignalOut(BaseModel):
    article_id: str
    name: str
    value: float
    explanation: str
    evidence: list[list[int]]


class DisputeEndOut(BaseModel):
    article_id: str
    actor: str
    text: str
    start: int
    end: int
    date: str | None
    stance: str | None


class DisputeOut(BaseModel):
    id: str
    kind: str
    issue: str | None
    a: DisputeEndOut
    b: DisputeEndOut
    score: float
    explanation: str


class ArticleDetail(ArticleSummary):
    body: str
    published_source: str | None
    credited_source: str | None
    entities: list[EntityInArticle]
    quotes: list[QuoteOut]
    dates: list[DateOut]
    claims: list[ClaimOut]
    stances: list[StanceOut]
    signals: list[SignalOut]


class EntitySummary(BaseModel):
    name: str
    type: str
    articles: int
    mentions: int
    quotes: int
    aliases: list[str]


class EntityMention(BaseModel):
    article_id: str
    text: str
    start: int
    end: int


class EntityDetail(EntitySummary):
    mentions_in: list[EntityMention] = Field(description="mentions (first 200), with their article")
    quotes_by: list[QuoteOut] = Field(description="quotes spoken by this entity (first 200)")
    stances: list[StanceOut]


class IssueOut(BaseModel):
    id: str
    label: str
    stances: int
    actors: int
    disputes: int


class IssueDetail(IssueOut):
    stance_list: list[StanceOut]
    dispute_list: list[DisputeOut]


class ClusterMember(BaseModel):
    article_id: str
    score: float


class ClusterOut(BaseModel):
    kind: str
    cluster_id: str
    members: list[ClusterMember]


class ArticleIn(BaseModel):
    """One article to analyse: ``text`` or ``html`` is required."""

    id: str | None = Field(None, max_length=255, pattern=r"^[^\x00-\x1f/\\]+$")
    title: str | None = Field(None, max_length=2000)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, pattern=ISO_DATE, description="YYYY-MM-DD")

    model_config = {"extra": "forbid"}

    @model_validator(mode="after")
    def _has_content(self) -> ArticleIn:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("give a non-empty 'text' or 'html'")
        return self


class AnalyseOut(BaseModel):
    ids: list[str]
    analysed: int
    skipped: int
    rejected: dict[str, int]
