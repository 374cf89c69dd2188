"""One region per match: cue words first, then context, then prominence; else left open.

A match's candidate regions fall into clusters of nested regions (Homs governorate, district,
sub-district and city are one cluster). The cue word picks the member of each cluster (محافظة → the
governorate, قرية → the place, ريف X → X's district or governorate). Between clusters in different
places the context decides: a region named in the same sentence that contains a candidate, other
places of the sentence, of the whole text and of `context`, the source's home region. When the
context gives no answer, a town known without a cue wins over villages that need one; otherwise
the match is left unassigned (pcode None) with its candidates, or, when all candidates lie in one
governorate, assigned to their smallest common region.
"""

from __future__ import annotations

from chrono.places.gazetteer import Gazetteer, gazetteer
from chrono.places.matcher import Hit, PlaceMention, _skip_letters, scan, span_of
from chrono.places.words import lexicon, strip_clitic

_RANK = {"country": 0, "macro": 1, "governorate": 2, "district": 3, "subdistrict": 4, "place": 5}


def _countryside(g: Gazetteer, pcode: str, names_governorate: bool) -> str:
    """ريف X: X's governorate when X names one, else X's district."""
    reg = g[pcode]
    if reg.level in ("country", "macro", "governorate"):
        return pcode
    if names_governorate and len(reg.path) > 1:
        return reg.path[1]
    return reg.path[2] if len(reg.path) > 2 else pcode


def _clusters(g: Gazetteer, pcodes: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for p in sorted(set(pcodes), key=lambda p: (_RANK[g[p].level], p)):
        for cl in out:
            if any(g.contains(q, p) or g.contains(p, q) for q in cl):
                cl.append(p)
                break
        else:
            out.append([p])
    return out


def _pick(g: Gazetteer, cluster: list[str], cue: str | None, primary: set[str]) -> str:
    regs = [g[p] for p in cluster]
    by_level = {r.level: r.pcode for r in sorted(regs, key=lambda r: r.pcode)}
    if cue == "country" and "country" in by_level:
        return by_level["country"]
    if cue == "governorate" and "governorate" in by_level:
        return by_level["governorate"]
    if cue == "district":
        for lv in ("district", "subdistrict"):
            if lv in by_level:
                return by_level[lv]
    if cue == "subdistrict":
        for lv in ("subdistrict", "district"):
            if lv in by_level:
                return by_level[lv]
    if cue in ("place", "facility") and "place" in by_level:
        return by_level["place"]
    if cue == "countryside":
        return min(regs, key=lambda r: _RANK[r.level]).pcode
    # A town named like its district is what a bare name means (القامشلي, Homs).
    towns = [r for r in regs if r.level == "place" and r.notable]
    if towns:
        return max(towns, key=lambda r: (r.pcode in primary, r.population or 0)).pcode
    named = [r for r in regs if r.pcode in primary] or regs
    return min(named, key=lambda r: _RANK[r.level]).pcode


def _options(g: Gazetteer, h: Hit) -> list[str]:
    """One representative region per cluster of nested candidates."""
    primary = {e.pcode for e in h.pattern.entries if e.primary}
    pcodes = list(h.pcodes)
    if h.cue == "countryside":
        # ريف X names the countryside of a known town or unit, not of a same-named hamlet.
        known = [p for p in pcodes if g[p].level != "place" or g[p].notable]
        pcodes = known or pcodes
        gov = any(g[p].level == "governorate" for p in pcodes)
        pcodes = [_countryside(g, p, gov) for p in pcodes]
        primary = set(pcodes)
    reps = [_pick(g, cl, h.cue, primary) for cl in _clusters(g, pcodes)]
    # A cue that names a level rules out the candidates of another level (مدينة عمان is the city,
    # سلطنة عمان the country).
    wanted = {"country": ("country",), "governorate": ("governorate",), "district": ("district", "subdistrict"),
              "subdistrict": ("subdistrict", "district"), "place": ("place",), "facility": ("place",)}.get(h.cue or "")
    if wanted and len(reps) > 1:
        fitting = [p for p in reps if g[p].level in wanted]
        reps = fitting or reps
    return reps


def _lca(g: Gazetteer, pcodes: list[str]) -> str | None:
    paths = [g[p].path for p in pcodes]
    common = None
    for level in zip(*paths):
        if all(x == level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def _same_admin1(g: Gazetteer, a: str, b: str) -> bool:
    ra, rb = g[a], g[b]
    return ra.admin1_pcode is not None and ra.admin1_pcode == rb.admin1_pcode


def _score(g: Gazetteer, cand: str, h: Hit, settled: list[tuple[Hit, str]], outside: list[str],
           home: str | None) -> int:
    score = 0
    for other, region in settled:
        if other is h:
            continue
        reg = g[region]
        if reg.level == "country":
            continue
        if other.sentence == h.sentence:
            if g.contains(region, cand) and region != cand:
                score += 4 if reg.level in ("governorate", "district", "subdistrict") else 2
            elif _same_admin1(g, region, cand):
                score += 2
                if len(reg.path) > 2 and reg.path[2] in g[cand].path:
                    score += 1
        elif _same_admin1(g, region, cand) or (reg.level == "macro" and g.contains(region, cand)):
            score += 1
    for region in outside:
        if _same_admin1(g, region, cand) or (g[region].level == "macro" and g.contains(region, cand)):
            score += 1
            break
    if home and (g.contains(home, cand) or _same_admin1(g, home, cand)):
        score += 1
    return score


def _prominent(g: Gazetteer, options: list[str]) -> str | None:
    known = [p for p in options if g[p].level != "place" or g[p].notable]
    return known[0] if len(known) == 1 and len(options) > 1 else None


def resolve(text: str, *, context: str | None = None, home_region: str | None = None) -> list[PlaceMention]:
    g = gazetteer()
    hits = scan(text)
    options = {id(h): _options(g, h) for h in hits}
    settled: list[tuple[Hit, str]] = [(h, options[id(h)][0]) for h in hits if len(options[id(h)]) == 1]
    outside: list[str] = []
    if context:
        for h in scan(context):
            opts = _options(g, h)
            if len(opts) == 1 and g[opts[0]].level != "country":
                outside.append(opts[0])
    home = home_region if home_region in g.regions else None

    decided: dict[int, tuple[str | None, str]] = {}
    for h in hits:
        if len(options[id(h)]) == 1:
            rule = "repeat" if h.repeat else "cue" if h.cue not in (None, "direction") else "name"
            decided[id(h)] = (options[id(h)][0], rule)
    for _ in range(2):  # a name settled in the first pass may help another in the second
        for h in hits:
            opts = options[id(h)]
            if id(h) in decided and decided[id(h)][0] is not None and len(opts) == 1:
                continue
            scored = sorted(((_score(g, p, h, settled, outside, home), p) for p in opts), reverse=True)
            best = scored[0][0]
            top = [p for s, p in scored if s == best]
            common = _lca(g, top)
            if len(top) == 1:
                decided[id(h)] = (top[0], "context")
            elif (p := _prominent(g, top)) is not None:
                decided[id(h)] = (p, "prominence" if best == 0 else "context+prominence")
            elif common and g[common].level != "country":
                decided[id(h)] = (common, "common-ancestor" if best == 0 else "context+common-ancestor")
            else:
                decided[id(h)] = (None, "ambiguous")
        settled = [(h, decided[id(h)][0]) for h in hits if decided.get(id(h), (None,))[0] is not None]

    out = []
    for h in hits:
        pcode, rule = decided[id(h)]
        start, end = span_of(h, text)
        if h.cue == "countryside" and h.first > 0:
            ws = h.words  # type: ignore[attr-defined]
            cue_word = ws[h.first - 1]
            if cue_word.text == h.cue_word and cue_word.arabic:
                stripped = strip_clitic(cue_word.key, lexicon().cues.keys()) or cue_word.key
                start = min(start, _skip_letters(text, cue_word.start, len(cue_word.key) - len(stripped)))
            elif cue_word.text == h.cue_word and cue_word.key == "rural":
                start = min(start, cue_word.start)
        m = PlaceMention(start=start, end=end, text=text[start:end], pcode=pcode, level=None, name_en=None,
                         name_ar=None, admin1_pcode=None, candidates=tuple(options[id(h)]), rule=rule,
                         cue=h.cue_word, qualifier=h.qualifier)
        if pcode:
            reg = g[pcode]
            m.level, m.name_en, m.name_ar, m.admin1_pcode = reg.level, reg.name_en, reg.name_ar, reg.admin1_pcode
            m.chain = [(r.pcode, r.level, r.name_en, r.name_ar) for r in g.chain(pcode)]
        out.append(m)
    return out
