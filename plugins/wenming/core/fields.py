"""Field types shared by the record schemas, each with a plain-words error when the value is wrong.

Values are checked before pydantic's own coercion so that, for instance, ``date: 20260925`` is not
quietly read as a Unix timestamp and ``category: 好人`` lists the categories that are allowed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?:\s*[-–]\s*([01]\d|2[0-3]):([0-5]\d))?$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）")


def _year_month(value: Any) -> Any:
    match = _YEAR_MONTH.match(str(value).strip()) if isinstance(value, str) else None
    if match and 1 <= int(match.group(2)) <= 12:
        return value.strip()
    raise PydanticCustomError("year_month", "不是有效的年月（应为 YYYY-MM，例如 1958-03）")


def _time_of_day(value: Any) -> Any:
    if isinstance(value, str) and _TIME.match(value.strip()):
        return value.strip().replace("–", "-").replace(" ", "")
    raise PydanticCustomError("time_of_day", "不是有效时间（应为 HH:MM 或 HH:MM-HH:MM，例如 09:00-11:30）")


def choice(values: Sequence[str]) -> BeforeValidator:
    """Accept only one of ``values``; the message lists them all."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and value.strip() in values:
            return value.strip()
        raise PydanticCustomError("choice", "不是允许的值（可选：{allowed}）", {"allowed": "、".join(values)})

    return BeforeValidator(check)


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Field(json_schema_extra={"format": "date"})]
YearMonth = Annotated[str, BeforeValidator(_year_month), Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
TimeOfDay = Annotated[str, BeforeValidator(_time_of_day)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
