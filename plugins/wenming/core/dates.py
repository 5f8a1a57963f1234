"""Dates written the Chinese way: 2026年9月25日 星期五."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def chinese_date(day: dt.date, weekday: bool = False) -> str:
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text} {WEEKDAYS[day.weekday()]}" if weekday else text
