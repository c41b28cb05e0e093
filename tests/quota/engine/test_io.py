"""The JSON form of a declaration: every invalid input names its field."""

import copy
from datetime import date
from decimal import Decimal

import pytest

from domain.identity import make_disability_cert, make_resident_id
from quota.engine import quota_compute
from quota.engine.io import InputError, parse_declaration
from quota.engine.params import load_default_params

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


def test_root_must_be_an_object():
    with pytest.raises(InputError) as excinfo:
        parse([VALID])
    assert excinfo.value.field == "(root)"


def test_message_names_the_field_in_chinese():
    bad = _broken(["roster", 0, "cert_no"], CERT[:17] + ("1" if CERT[17] != "1" else "2") + CERT[18:])
    with pytest.raises(InputError) as excinfo:
        parse(bad)
    assert str(excinfo.value).startswith("roster[0].cert_no: ")
    assert "校验位错误" in str(excinfo.value)


def test_lenient_forms_accepted():
    # Lowercase/full-width certificate, numbers as strings with thousands separators, a veteran's
    # grade as a string, insured_months defaulting to months, dispatched worker counted elsewhere.
    data = copy.deepcopy(VALID)
    data["wage_bill"] = "8,000,000"
    data["monthly_headcount"] = ["100"] * 12
    data["roster"][0]["cert_no"] = " " + CERT.lower().replace("3", "３") + " "
    data["roster"][1]["grade"] = "5"
    data["roster"][1]["dispatched_counted_here"] = False
    declaration, _ = parse(data)
    assert declaration.wage_bill == Decimal("8000000")
    assert declaration.roster[0].cert_no == CERT
    assert declaration.roster[0].insured_months == frozenset(range(1, 13))
    assert declaration.roster[1].grade == 5
    assert declaration.roster[1].counted_here is False
    # Only the severe person counts now: 2 of 100 staff.
    assert quota_compute(declaration, PARAMS[2024]).counted == 2


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
        # further cases, one per check in io.py
        (_broken(["year"], KeyError), "year"),
        (_broken(["year"], "二〇二四"), "year"),
        (_broken(["year"], 2024.5), "year"),
        (_broken(["employer_type"], KeyError), "employer_type"),
        (_broken(["monthly_headcount"], "100"), "monthly_headcount"),
        (_broken(["monthly_headcount"], [100] * 13), "monthly_headcount"),
        (_broken(["monthly_headcount", 11], "x"), "monthly_headcount[11]"),
        (_broken(["monthly_headcount", 0], True), "monthly_headcount[0]"),
        (_broken(["wage_bill"], KeyError), "wage_bill"),
        (_broken(["wage_bill"], None), "wage_bill"),
        (_broken(["wage_bill"], "NaN"), "wage_bill"),
        ({**VALID, "min_wage": "-1"}, "min_wage"),
        ({**VALID, "local_avg_wage": "很多"}, "local_avg_wage"),
        (_broken(["roster"], {"a": 1}), "roster"),
        (_broken(["roster", 0], "not an object"), "roster[0]"),
        (_broken(["roster", 0, "cert_no"], CERT[:18] + "82"), "roster[0].cert_no"),  # category 8
        (_broken(["roster", 0, "cert_no"], CERT[:18] + "45"), "roster[0].cert_no"),  # grade 5
        (_broken(["roster", 0, "cert_no"], CERT[:6] + "19990230" + CERT[14:]), "roster[0].cert_no"),  # 30 Feb
        (_broken(["roster", 0, "cert_no"], KeyError), "roster[0].cert_no"),
        (_broken(["roster", 0, "grade"], 3), "roster[0].grade"),  # the certificate says grade 2
        (_broken(["roster", 1, "cert_no"], ""), "roster[1].cert_no"),
        (_broken(["roster", 1, "grade"], 11), "roster[1].grade"),
        (_broken(["roster", 1, "grade"], 0), "roster[1].grade"),
        (_broken(["roster", 0, "months"], "1-12"), "roster[0].months"),
        (_broken(["roster", 0, "months"], [0, 1]), "roster[0].months[0]"),
        (_broken(["roster", 0, "insured_months"], [1, 13]), "roster[0].insured_months[1]"),
        (_broken(["roster", 0, "monthly_wage"], KeyError), "roster[0].monthly_wage"),
        (_broken(["roster", 0, "monthly_wage"], "三千"), "roster[0].monthly_wage"),
        (_broken(["roster", 1, "monthly_wage"], {"10": 3000, "11": 3000, "13": 3000}), "roster[1].monthly_wage.13"),
        (_broken(["roster", 1, "monthly_wage"], {"10": 3000, "11": -1, "12": 3000}), "roster[1].monthly_wage.11"),
        (_broken(["roster", 1, "contract_months"], -1), "roster[1].contract_months"),
        (_broken(["roster", 1, "contract_months"], "一年"), "roster[1].contract_months"),
        (_broken(["roster", 0, "on_establishment"], "yes"), "roster[0].on_establishment"),
        (_broken(["roster", 0, "dispatched_counted_here"], 1), "roster[0].dispatched_counted_here"),
        (_broken(["roster", 0, "counted_here"], "no"), "roster[0].counted_here"),
    ],
)
def test_invalid_input_names_the_field(data, field):
    with pytest.raises(InputError) as excinfo:
        parse(data)
    assert excinfo.value.field == field
    assert excinfo.value.message
