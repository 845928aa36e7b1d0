#!/usr/bin/env python3
"""Writes tests/fixtures/holidays-reference.json: the public holidays of every country
frontdesk ships, 2024-2032, from the independent `holidays` package on PyPI
(https://pypi.org/project/holidays/). `domain::holidays`'s test `matches_the_reference`
compares our rules to it year by year.

    python3 -m venv /tmp/hvenv && /tmp/hvenv/bin/pip install holidays==0.109
    /tmp/hvenv/bin/python scripts/holidays-reference.py > tests/fixtures/holidays-reference.json

Each country is taken in the scope our rule file covers (see responses/holidays/*.toml):
nationwide holidays only, England and Wales for GB, federal holidays for the US. Ukraine
appears twice: as the law has it under martial law (no days off), and as `UA+traditional`,
the holidays the law suspends (the package's `workday` category), which a page may opt in to.
"""

import json
import sys

import holidays

YEARS = range(2024, 2033)

# Our name -> (the package's country code, subdivision or None, categories).
SCOPES = {
    "AT": ("AT", None, ("public",)),
    "CZ": ("CZ", None, ("public",)),
    "DE": ("DE", None, ("public",)),
    "ES": ("ES", None, ("public",)),
    "FR": ("FR", None, ("public",)),
    "GB": ("GB", "ENG", ("public",)),
    "IT": ("IT", None, ("public",)),
    "NL": ("NL", None, ("public",)),
    "PL": ("PL", None, ("public",)),
    "SK": ("SK", None, ("public",)),
    "UA": ("UA", None, ("public",)),
    "UA+traditional": ("UA", None, ("public", "workday")),
    "US": ("US", None, ("public",)),
}


def main() -> None:
    countries = {}
    for code, (theirs, subdiv, categories) in SCOPES.items():
        calendar = holidays.country_holidays(
            theirs, subdiv=subdiv, years=YEARS, language="en_US", categories=categories
        )
        countries[code] = {
            str(year): [
                {"date": day.isoformat(), "name": calendar[day]}
                for day in sorted(d for d in calendar if d.year == year)
            ]
            for year in YEARS
        }
    reference = {
        "source": f"holidays {holidays.__version__} (PyPI)",
        "scopes": {
            code: f"{theirs} {subdiv or 'national'} {'+'.join(categories)}"
            for code, (theirs, subdiv, categories) in SCOPES.items()
        },
        "countries": countries,
    }
    json.dump(reference, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
