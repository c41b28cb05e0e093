"""A resubmitted declaration compared with its previous submission (与上次提交比较): headcounts (average
staff, disabled persons counted), the monthly headcounts, the wage bill, and the roster rows added,
removed and changed.

Both sides come from the Wagtail revisions the submissions were filed as
(``review.selectors.submitted_revisions``): ``review_submit`` saves a revision of the declaration with
its roster (a ParentalKey child) just before the review starts on it, so nothing else is stored. Rows
are matched by person through the certificate number's keyed hash (``cert_hash``); only names and
masked numbers are shown, the encrypted numbers are never read.

Pure data assembly: plain dicts of the revisions' content in, plain dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from employment.table_import import format_months
from review.selectors import submitted_revisions

from .models import CertKind, DispatchRole, EmploymentForm, FemalePost, RosterEntry

# What the employer files on a roster row, in the order shown (the reviewer's months_override and the
# row's source are not the employer's figures).
ROW_FIELDS = (
    "name", "cert_kind", "category", "grade", "employment_form", "contract_start", "contract_end", "monthly_wage",
    "months_employed", "months_insured", "dispatch_role", "dispatch_party", "female_post", "counted_here",
)
CHOICES = {"cert_kind": CertKind, "employment_form": EmploymentForm, "dispatch_role": DispatchRole,
           "female_post": FemalePost}
MONTH_FIELDS = ("months_employed", "months_insured")


@dataclass(frozen=True)
class FigureChange:
    label: str
    before: str
    after: str
    delta: str  # "+1.5", "-2", "0"; "" when not a number

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class RowChange:
    name: str
    cert_masked: str
    changes: tuple[tuple[str, str, str], ...] = ()  # (label, before, after)


@dataclass
class DeclarationComparison:
    previous_at: object  # when the previous submission was filed
    current_at: object
    figures: list[FigureChange] = field(default_factory=list)
    months: list[tuple[int, str, str]] = field(default_factory=list)  # (month, before, after) that changed
    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def roster_unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text


def _figure(label: str, before, after, *, places: int | None = None) -> FigureChange:
    old, new = _number(before), _number(after)
    if places is not None:
        quantum = Decimal(1).scaleb(-places)
        old = old.quantize(quantum) if old is not None else None
        new = new.quantize(quantum) if new is not None else None
    delta = ""
    if old is not None and new is not None:
        difference = new - old
        delta = ("+" if difference > 0 else "") + _plain(difference)
    return FigureChange(label, _plain(old), _plain(new), delta)


def _label(name: str) -> str:
    return str(RosterEntry._meta.get_field(name).verbose_name)


def _shown(name: str, value) -> str:
    if name in MONTH_FIELDS:
        return format_months(value or []) or "无"
    if name in CHOICES:
        try:
            return str(CHOICES[name](value or "").label)
        except ValueError:
            return str(value)
    if name == "counted_here":
        return "是" if value in (True, "True", "true") else "否"
    if name == "monthly_wage":
        return _plain(_number(value))
    return "—" if value in (None, "") else str(value)


def _comparable(name: str, value):
    if name in MONTH_FIELDS:
        return sorted(int(m) for m in (value or []))
    if name == "monthly_wage":
        return _number(value)
    return "" if value is None else value


def compare_contents(before: dict, after: dict) -> dict:
    """The figures, months and roster differences between two revisions' content (plain dicts)."""
    figures = [
        _figure("年平均在职职工人数", before.get("staff_avg"), after.get("staff_avg"), places=2),
        _figure("安排残疾人就业人数（计入人数）", before.get("counted"), after.get("counted"), places=2),
        _figure("在职职工工资总额（元）", before.get("wage_bill"), after.get("wage_bill"), places=2),
        _figure("名册人数", len(before.get("roster") or []), len(after.get("roster") or [])),
    ]
    old_months, new_months = list(before.get("monthly_headcounts") or []), list(after.get("monthly_headcounts") or [])
    months = []
    for index in range(max(len(old_months), len(new_months))):
        old = str(old_months[index]) if index < len(old_months) else "—"
        new = str(new_months[index]) if index < len(new_months) else "—"
        if old != new:
            months.append((index + 1, old, new))
    old_rows = {row.get("cert_hash"): row for row in before.get("roster") or []}
    new_rows = {row.get("cert_hash"): row for row in after.get("roster") or []}
    added = [RowChange(row.get("name", ""), row.get("cert_masked", "")) for key, row in new_rows.items()
             if key not in old_rows]
    removed = [RowChange(row.get("name", ""), row.get("cert_masked", "")) for key, row in old_rows.items()
               if key not in new_rows]
    changed = []
    for key, new in new_rows.items():
        old = old_rows.get(key)
        if old is None:
            continue
        diffs = tuple((_label(name), _shown(name, old.get(name)), _shown(name, new.get(name)))
                      for name in ROW_FIELDS if _comparable(name, old.get(name)) != _comparable(name, new.get(name)))
        if diffs:
            changed.append(RowChange(new.get("name", ""), new.get("cert_masked", ""), diffs))
    return {"figures": figures, "months": months, "added": added, "removed": removed, "changed": changed}


def declaration_comparison(declaration) -> DeclarationComparison | None:
    """The latest submission of ``declaration`` against the one before it, or None if it was submitted
    only once (the caller has fetched it through ``employment.access``)."""
    revisions = submitted_revisions(declaration)
    if len(revisions) < 2:
        return None
    previous, current = revisions[-2], revisions[-1]
    return DeclarationComparison(previous_at=previous.created_at, current_at=current.created_at,
                                 **compare_contents(previous.content, current.content))
