"""What the meetings' pages read, each in a fixed number of queries and scoped to the user: a
municipal user sees their own municipality's checklist and their own ideas, KOMBIT every
municipality's ticks, who received the summary, and the ideas inbox."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from kombitportal.core.models import Municipality, Person, Solution
from kombitportal.core.scoping import scope_of, scope_to_user
from kombitportal.notifications.models import Mail
from meetings import services
from meetings.models import (
    Advisory,
    AgendaItem,
    ChecklistTick,
    Idea,
    Meeting,
    OnboardingLink,
    OnboardingSection,
    SatisfactionAnswer,
)

PAGE_SIZE = 25


def meeting_list(*, q: str = "", page: int | str = 1) -> Page:
    """Meetings, newest first, with how many agenda items and tasks each has. Two queries."""
    meetings = Meeting.objects.annotate(
        item_count=Count("items"), task_count=Count("items", filter=~Q(items__task=""))
    ).order_by("-starts_at", "-pk")
    if q:
        meetings = meetings.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return Paginator(meetings, PAGE_SIZE).get_page(page)


@dataclass(frozen=True)
class Presenter:
    name: str
    title: str
    email: str


@dataclass
class ItemRow:
    item: AgendaItem
    presenters: list[Presenter]
    own_tick: ChecklistTick | None = None  # the user's municipality's
    done: list[str] = field(default_factory=list)  # KOMBIT: the municipalities that have done it


@dataclass(frozen=True)
class Recipient:
    name: str
    municipality: str
    state: str
    state_label: str
    sent_at: object


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[ItemRow]
    municipality: Municipality | None
    municipality_count: int = 0
    recipients: list[Recipient] = field(default_factory=list)
    own_ideas: list[Idea] = field(default_factory=list)

    @property
    def tasks(self) -> list[ItemRow]:
        return [row for row in self.items if row.item.task]

    @property
    def sent_count(self) -> int:
        return sum(1 for r in self.recipients if r.state == Mail.State.SENT)


def meeting_page(*, user, meeting: Meeting) -> MeetingPage:
    """The meeting with its agenda and presenters; for a municipal user their municipality's
    ticks and the ideas they sent, for KOMBIT every municipality's ticks and who received the
    summary. Five queries for a municipal user, five for KOMBIT, whatever the numbers."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("presenters", queryset=Person.objects.order_by("name"), to_attr="people")
        )
        .order_by("position")
    )
    rows = {
        item.pk: ItemRow(item, [Presenter(p.name, p.title, p.email) for p in item.people])
        for item in items
    }
    scope = scope_of(user)
    page = MeetingPage(meeting=meeting, items=list(rows.values()), municipality=None)
    ticks = ChecklistTick.objects.filter(item__meeting=meeting)
    if scope.everything:
        for item_id, name in (
            ticks.filter(done=True)
            .order_by("municipality__name")
            .values_list("item_id", "municipality__name")
        ):
            rows[item_id].done.append(name)
        page.municipality_count = Municipality.objects.count()
        page.recipients = [
            Recipient(
                mail.person.name,
                mail.municipality.name if mail.municipality else "",
                mail.state,
                str(Mail.State(mail.state).label),
                mail.sent_at,
            )
            for mail in Mail.objects.filter(
                kind=services.SUMMARY, subject_key=services.summary_key(meeting)
            )
            .select_related("person", "municipality")
            .order_by("municipality__name", "person__name")
        ]
    else:
        page.municipality = user.municipality
        for tick in scope_to_user(ticks, user):
            rows[tick.item_id].own_tick = tick
        page.own_ideas = list(
            Idea.objects.filter(meeting=meeting, sender=user).order_by("-sent_at")
        )
    return page


def inbox(*, q: str = "", page: int | str = 1) -> Page:
    """KOMBIT: the ideas and questions sent for the next meetings, newest first. Two queries."""
    ideas = Idea.objects.select_related("meeting", "municipality").order_by("-sent_at", "-pk")
    if q:
        ideas = ideas.filter(Q(text__icontains=q) | Q(sender_name__icontains=q))
    return Paginator(ideas, PAGE_SIZE).get_page(page)


def onboarding_sections() -> list[OnboardingSection]:
    """ "Lær KOMBIT at kende": the sections with their links, in order. Two queries."""
    return list(
        OnboardingSection.objects.prefetch_related(
            Prefetch(
                "links",
                queryset=OnboardingLink.objects.order_by("position", "pk"),
                to_attr="link_list",
            )
        ).order_by("position", "title")
    )


def solutions_used(municipality: Municipality) -> QuerySet[Solution]:
    """The KOMBIT solutions a municipality uses, as the portal knows it: it has signed an agreement
    of the solution, or somebody holds one of the solution's system-specific roles there."""
    return Solution.objects.filter(
        Q(agreements__signatures__municipality=municipality)
        | Q(roles__assignments__municipality=municipality)
    ).distinct()


@dataclass
class AdvisoryList:
    advisories: list[Advisory]
    solutions: list[Solution]  # the municipality's, or [] for KOMBIT (who sees all)


def advisories(*, user, municipality: Municipality | None) -> AdvisoryList:
    """KommuneCERT's advisories: for a municipality those tagged with a solution it uses (or with
    none: for everyone), for KOMBIT all. Three queries."""
    found = Advisory.objects.prefetch_related(
        Prefetch("solutions", queryset=Solution.objects.order_by("name"), to_attr="solution_list")
    ).order_by("-published_on", "-pk")
    if municipality is None:
        return AdvisoryList(list(found), [])
    used = list(solutions_used(municipality).order_by("name"))
    found = found.filter(Q(solutions__in=used) | Q(solutions__isnull=True)).distinct()
    return AdvisoryList(list(found), used)


@dataclass(frozen=True)
class QuarterFigure:
    quarter: str
    count: int
    mean: float | None


@dataclass
class SatisfactionResults:
    count: int
    mean: float | None
    dismissed: int
    quarters: list[QuarterFigure]
    comments: list[SatisfactionAnswer]


def satisfaction_results() -> SatisfactionResults:
    """KOMBIT: the answers' count and mean, by quarter, and the comments. Three queries."""
    scored = SatisfactionAnswer.objects.filter(score__isnull=False)
    totals = scored.aggregate(count=Count("pk"), mean=Avg("score"))
    quarters = [
        QuarterFigure(row["quarter"], row["count"], row["mean"])
        for row in scored.values("quarter")
        .annotate(count=Count("pk"), mean=Avg("score"))
        .order_by("quarter")
    ]
    return SatisfactionResults(
        count=totals["count"],
        mean=totals["mean"],
        dismissed=SatisfactionAnswer.objects.filter(score__isnull=True).count(),
        quarters=quarters,
        comments=list(scored.exclude(comment="").order_by("-answered_at")[:200]),
    )


def satisfaction_asked(*, user, today: date) -> bool:
    """Whether the portal's question is offered to the user now: not yet answered nor dismissed
    this quarter. One query."""
    return not SatisfactionAnswer.objects.filter(
        user=user, quarter=services.quarter_of(today)
    ).exists()
