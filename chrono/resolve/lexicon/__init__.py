"""Word lists of the resolver, kept as data (ar.json, en.json) beside the rules that use them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load(lang: str) -> dict:
    """The raw word lists of `lang` ("ar" or "en")."""
    with open(_HERE / f"{lang}.json", encoding="utf-8") as f:
        return json.load(f)


def ar_vocabulary() -> set[str]:
    """Every Arabic lexicon word (folded) plus the prepositions the rules read, for clitic splitting."""
    from chrono.resolve.normalize import fold_ar

    data = load("ar")
    words: set[str] = set()
    for key, val in data.items():
        if key.startswith("_") or not isinstance(val, (dict, list)) or key in (
                "not_future_s_words", "reporting_names", "counted_nouns", "state_words", "future_words", "future_phrases",
                "name_words_before_date"):
            continue
        items = val.keys() if isinstance(val, dict) else val
        for item in items:
            words.update(fold_ar(item).split())
    words.update(fold_ar(w) for w in (
        "في", "منذ", "بعد", "قبل", "حتى", "خلال", "بين", "من", "إلى", "عند", "تمام", "يوم", "شهر", "عام", "سنة",
        "أسبوع", "الساعة", "ساعة", "مدة", "طيلة", "طوال", "ذلك", "نحو", "حوالي", "كل", "تاريخ", "موسم", "هذا", "هذه",
        "نفس", "أواخر", "عيد", "مطلع", "منتصف", "نهاية", "بداية", "غاية", "مدى", "مدار"))
    words.discard("")
    return words
