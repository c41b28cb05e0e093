"""The JSON form of a declaration: every invalid input names its field."""

import copy
from datetime import date
from decimal import Decimal

import pytest

from employment.identity import make_disability_cert, make_resident_id
from employment.quota import quota_compute
from employment.quota.io import InputError, parse_declaration
from employment.quota.params import load_default_params

PARAMS = load_default_params()
CERT = make_disability_cert(make_resident_id(birth=date(1988, 3, 4), seq=12), 4, 2)
VALID = {
    "year": 2024,
    "employer_type": "enterprise",
    "monthly_headcount": [100] * 12,
    "wage_bill": "8000000",
    "roster": [
        {"cert_type": "disability", "cert_no": CERT, "months": list(range(1, 13)), "monthly_wage": 3000},
        {"cert_type": "veteran", "cert_no": "军残字第001号", "grade": 5, "months": [10, 11, 12],
         "monthly_wage": {"10": 3000, "11": 3000, "12": 3000}, "contract_months": 24},
    ],
}


def parse(data):
    return parse_declaration(data, PARAMS.get)


def test_valid_declaration_parses_and_computes():
    declaration, params = parse(VALID)
    assert params.year == 2024
    assert declaration.roster[0].grade == 2  # from the certificate number
    result = quota_compute(declaration, params).to_dict()
    # 2 (severe, full year) + 3/12 = 2.25 counted; required 1.5 → met, surplus 0.75 → no reward.
    assert result["counted"] == "2.25"
    assert result["tier"] == "met"
    assert result["reward"] == "0.00"


def test_overrides_replace_year_parameters():
    data = {**VALID, "min_wage": "3500"}
    _, params = parse(data)
    assert params.min_wage == Decimal("3500")


def _broken(path, value):
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_broken(["monthly_headcount"], [100] * 11), "monthly_headcount"),
        (_broken(["monthly_headcount", 3], -1), "monthly_headcount[3]"),
        (_broken(["year"], 1999), "year"),
        (_broken(["year"], 2031), "year"),
        (_broken(["employer_type"], "company"), "employer_type"),
        (_broken(["wage_bill"], "-5"), "wage_bill"),
        (_broken(["wage_bill"], "abc"), "wage_bill"),
        (_broken(["roster", 0, "cert_no"], CERT[:17] + ("1" if CERT[17] != "1" else "2") + CERT[18:]), "roster[0].cert_no"),
        (_broken(["roster", 0, "months"], [1, 13]), "roster[0].months[1]"),
        (_broken(["roster", 0, "monthly_wage"], -3000), "roster[0].monthly_wage"),
        (_broken(["roster", 1, "grade"], KeyError), "roster[1].grade"),
        (_broken(["roster", 1, "monthly_wage"], {"10": 3000}), "roster[1].monthly_wage"),
        (_broken(["roster", 1, "cert_type"], "other"), "roster[1].cert_type"),
        (_broken(["roster", 0, "months"], KeyError), "roster[0].months"),
        ({**VALID, "roster": [VALID["roster"][0], VALID["roster"][0]]}, "roster[1].cert_no"),
    ],
)
def test_invalid_input_names_the_field(data, field):
    with pytest.raises(InputError) as excinfo:
        parse(data)
    assert excinfo.value.field == field
    assert excinfo.value.message
