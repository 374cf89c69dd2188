"""The interface's words in English and Arabic (data kept apart from the templates)."""

from __future__ import annotations

UI = {
    "site": ("chrono", "كرونو"),
    "tagline": ("What happened, where, when, and who says so", "ماذا جرى وأين ومتى، ومن يقول ذلك"),
    "skip": ("Skip to content", "انتقل إلى المحتوى"),
    "language": ("Language", "اللغة"),
    "other_lang": ("العربية", "English"),
    "regions": ("Regions", "المناطق"),
    "governorates": ("Governorates", "المحافظات"),
    "macro_regions": ("Wider regions", "مناطق أوسع"),
    "events": ("events", "حدثاً"),
    "event_count": ("Events", "الأحداث"),
    "latest": ("Latest event", "آخر حدث"),
    "newest": ("Newest events", "أحدث الأحداث"),
    "search": ("Search", "بحث"),
    "search_label": ("Search events (Arabic or English)", "ابحث في الأحداث (بالعربية أو الإنجليزية)"),
    "region_label": ("Region", "المنطقة"),
    "filters": ("Filter this timeline", "تصفية الخط الزمني"),
    "from": ("From", "من"),
    "to": ("To", "إلى"),
    "text": ("Text", "النص"),
    "place": ("Place (inside this region)", "مكان (داخل هذه المنطقة)"),
    "min_sources": ("At least this many sources", "عدد المصادر الأدنى"),
    "precision": ("Precision", "الدقة"),
    "precision_any": ("any", "أي دقة"),
    "precision_at_least": ("at least to the", "على الأقل بدقة"),
    "order": ("Order", "الترتيب"),
    "asc": ("oldest first", "الأقدم أولاً"),
    "desc": ("newest first", "الأحدث أولاً"),
    "apply": ("Apply", "تطبيق"),
    "reset": ("Clear filters", "إزالة التصفية"),
    "no_events": ("No events match.", "لا أحداث مطابقة."),
    "more": ("Next page", "الصفحة التالية"),
    "first_page": ("First page", "الصفحة الأولى"),
    "export": ("Download this timeline", "تنزيل هذا الخط الزمني"),
    "json": ("JSON", "JSON"),
    "sources": ("sources", "مصادر"),
    "independent": ("independent", "مستقلة"),
    "dates_differ": ("Sources give different dates", "تختلف المصادر في التاريخ"),
    "source_one": ("source", "مصدر"),
    "reports": ("Reports", "التقارير"),
    "places": ("Places", "الأماكن"),
    "how_derived": ("How this date was derived", "كيف استُخرج هذا التاريخ"),
    "expression": ("Expression", "العبارة"),
    "anchor": ("Anchor (publication time)", "المرجع (وقت النشر)"),
    "rule": ("Rule", "القاعدة"),
    "explanation": ("Explanation", "الشرح"),
    "flags": ("Flags", "تنبيهات"),
    "no_anchor": ("unknown", "غير معروف"),
    "related": ("Related events", "أحداث مرتبطة"),
    "quoted": ("Quoted sentence", "الجملة المقتبسة"),
    "open_source": ("Original article", "المقال الأصلي"),
    "event": ("Event", "حدث"),
    "precision_of": ("Precision", "الدقة"),
    "range": ("range", "مدى"),
    "days": ("days", "أيام"),
    "days_label": ("Days", "الأيام"),
    "inside": ("inside", "ضمن"),
    "children": ("Inside this region", "داخل هذه المنطقة"),
    "members": ("Made up of", "تتألف من"),
    "whole_period": ("Over a longer period", "على مدى فترة أطول"),
    "error": ("Something is wrong with this request", "في هذا الطلب خطأ"),
    "did_you_mean": ("Did you mean", "هل تقصد"),
    "home": ("Home", "الرئيسية"),
    "api": ("API", "واجهة البرمجة"),
    "all_events": ("All events", "كل الأحداث"),
    "showing": ("Showing", "المعروض"),
    "flag_conflict": ("conflict: the text's date words disagree; see the explanation",
                      "تعارض: كلمات التاريخ في النص متعارضة؛ انظر الشرح"),
    "flag_ambiguous": ("ambiguous: another reading is possible", "ملتبس: قراءة أخرى ممكنة"),
    "flag_open": ("open-ended: runs up to the publication day", "مفتوح: يمتد حتى يوم النشر"),
    "flag_publication_date": ("dated by the publication day (no date words in the sentence)",
                              "مؤرَّخ بيوم النشر (لا عبارة تاريخ في الجملة)"),
    "flag_place_from_article": ("place taken from the rest of the article", "المكان مأخوذ من بقية المقال"),
    "recorded": ("Recorded by chrono", "سجّله كرونو"),
    "per_month": ("Events per month", "الأحداث في كل شهر"),
}

GRAIN_NAMES = {
    "time": ("minute", "الدقيقة"), "part_of_day": ("part of day", "جزء اليوم"), "day": ("day", "اليوم"),
    "week": ("week", "الأسبوع"), "month": ("month", "الشهر"), "quarter": ("quarter", "ربع السنة"),
    "year": ("year", "السنة"), "decade": ("decade", "العقد"), "century": ("century", "القرن"),
}

LEVEL_NAMES = {
    "country": ("country", "بلد"), "macro": ("region", "منطقة"), "governorate": ("governorate", "محافظة"),
    "district": ("district", "منطقة إدارية"), "subdistrict": ("sub-district", "ناحية"), "place": ("place", "بلدة"),
}

EN_MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
AR_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


def text(key: str, lang: str) -> str:
    en, ar = UI[key]
    return ar if lang == "ar" else en


def pick(table: dict, key: str, lang: str) -> str:
    en, ar = table.get(key, (key, key))
    return ar if lang == "ar" else en
