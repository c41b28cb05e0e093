"""factory_boy factories for the domain models. Identity numbers are generated valid (checksums)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from domain import identity
from employment import services
from employment.models import Employer, EmployerKind, JobPost, JobStatus, Role, Town, TrainingProvider

_seq = itertools.count(1)


def next_credit_code() -> str:
    n = next(_seq)
    return identity.make_credit_code(f"91330203MA2{n:06d}")


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"3302039{n:02d}")
    name = factory.Sequence(lambda n: f"测试街道{n}")
    kind = "街道"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"测试用人单位{n}有限公司")
    credit_code = factory.LazyFunction(next_credit_code)
    kind = EmployerKind.ENTERPRISE
    town = factory.SubFactory(TownFactory)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProvider

    name = factory.Sequence(lambda n: f"测试培训学校{n}")
    credit_code = factory.LazyFunction(next_credit_code)
    town = factory.SubFactory(TownFactory)


class JobPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPost

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"电商客服{n}")
    description = "在网店后台用文字回复顾客咨询，处理订单和售后。"
    town = factory.SelfAttribute("employer.town")
    hours_per_day = Decimal("6")
    remote = True
    accessibility = factory.LazyFunction(lambda: ["screen_reader", "flexible_hours"])
    demands = factory.LazyFunction(lambda: ["fine_motor"])
    salary_min = Decimal("3000")
    salary_max = Decimal("4500")
    status = JobStatus.PUBLISHED


def make_seeker(*, town: Town, name: str = "测试甲", category: int = 4, grade: int = 3, user=None, **kwargs):
    """A registered seeker with valid, unique resident ID and certificate numbers."""
    n = next(_seq)
    rid = identity.make_resident_id(region="330203", birth=date(1990, 1, 1 + n % 28), seq=n % 1000)
    cert = identity.make_disability_cert(rid, category, grade)
    return services.seeker_register(name=name, resident_id=rid, cert_no=cert, town=town, user=user, **kwargs)


def make_user(role: str, *, username: str | None = None, **binding):
    username = username or f"{role}-{next(_seq)}"
    display_name = binding.pop("display_name", username)
    return services.user_create_with_role(
        username=username, password="Test-password-123", role=role, display_name=display_name, **binding
    )


User = get_user_model()
__all__ = ["EmployerFactory", "JobPostFactory", "ProviderFactory", "Role", "TownFactory", "make_seeker", "make_user"]
