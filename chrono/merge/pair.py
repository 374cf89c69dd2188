"""The decision for one pair of reports: `same_event(a, b) -> Decision(same, score, reasons)`.

Two gates first (dates that cannot be the same happening's, places in different governorates or
countries), then a logistic score over a few features of the two texts, dates and places, compared
with a threshold. Weights and threshold are fitted on the tuning part of the labelled pairs by
`bench/merge_eval.py --tune` and stored in `model.json` beside this module (see docs/merge.md).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

from chrono.merge import dates, differences, regions
from chrono.merge.regions import without_place_names
from chrono.merge.text import TextFeatures, concept_kinds, features, figures_compatible

MODEL = Path(__file__).resolve().parent / "model.json"

FEATURES = (
    "bias",             # 1
    "date",             # dates.compare score
    "date_exact",       # the same day (or the same range), the publication day included
    "date_touch",       # consecutive days, or published a day or two after the given date
    "place",            # regions.compare score
    "cross",            # 1 when the two reports are in different languages
    "stems",            # Jaccard of content-word stems (same language only)
    "trigrams",         # Jaccard of character trigrams (same language only)
    "stems_idf",        # Jaccard of stems, each weighted by its rarity (same language only)
    "stems_agree",      # stems_idf when the figures do not disagree: a copy, not a template refilled
    "acts",             # Jaccard of the concepts of kind act: what happened (any languages)
    "acts_conflict",    # both name what happened, nothing in common
    "actors",           # Jaccard of the concepts of kind actor: who
    "things",           # Jaccard of the concepts of kind thing: what or whom it concerned
    "concepts_shared",  # shared concepts of any kind, up to 6, over 6
    "concepts_idf",     # Jaccard of all concepts, each weighted by its rarity (idf in model.json)
    "concepts_best",    # concepts_idf, or higher between one sentence of a lead (title, paragraphs) and the other
    "concepts_overlap", # weighted share of the smaller concept set found in the other (long vs short texts)
    "stems_overlap",    # weighted share of the smaller stem set found in the other (same language only)
    "names",            # shared name skeletons, up to 3, over 3 (different languages only)
    "numbers_shared",   # both give a figure and share one
    "numbers_conflict", # both give figures, none in common
    # what tells them apart (chrono.merge.differences)
    "persons_shared",   # both name a person, and one of them is the same
    "persons_conflict", # both name people, none in common
    "subplaces_conflict",  # both name a neighbourhood, village or camp sector, none in common
    "aggregate_mismatch",  # one gives a tally over a period, the other a single incident
    "objects_conflict", # both name a commodity (or a facility, or a specific means), none in common
    "conflicts",        # how many of the four above, over 2 (capped at 1)
    "objects_shared",   # commodities, facilities, specific means named by both, up to 2, over 2
    "subplaces_shared", # a neighbourhood, village or camp sector named by both
    "means_conflict",   # both name how harm was done (air strike, drone, shelling, blast, gunfire), none in common
    "acts_overlap",     # share of the smaller set of acts found in the other
    "place_extra",      # one names a town or village the other does not (both name places)
    "sequel_mismatch",  # one tells of what follows a happening (a funeral, a release), the other does not
)
CONFLICTS = ("persons_conflict", "subplaces_conflict", "aggregate_mismatch", "objects_conflict", "conflicts")
# +1: may only raise the score, -1: may only lower it, 0: free (see tuning.fit_signed)
SIGNS = {"bias": 0, "cross": 0, "date_touch": 0, "acts_conflict": -1, "numbers_conflict": -1,
         "means_conflict": -1, "place_extra": -1, "sequel_mismatch": -1, **{f: -1 for f in CONFLICTS}}
# acts that say how harm was done: two reports of one attack name the same means
MEANS = frozenset({"air", "drone", "shelling", "blast", "gunfire"})
# acts that follow another happening and are told in its words (the funeral of those killed, the release
# of those arrested or kidnapped): named by one report only, they most often mean the sequel
SEQUELS = frozenset({"funeral", "release"})


@dataclass(frozen=True)
class EventDoc:
    """One report of a happening, as the merge sees it."""

    text: str
    lang: str | None
    when: dates.When
    places: tuple[str, ...] = ()
    source: str | None = None
    key: object = None  # caller's id (event id); not used in the decision
    feats: TextFeatures = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.feats is None:
            object.__setattr__(self, "feats", features(without_place_names(self.text, self.places), self.lang))

    @property
    def signature(self) -> tuple:
        """What the decision depends on: two reports with the same signature are judged alike."""
        return (self.text, self.lang, self.when, self.places)

    @classmethod
    def from_json(cls, d: dict, key=None) -> "EventDoc":
        when = dates.When.of(d["date_from"], d.get("date_to") or d["date_from"], d.get("grain") or "day",
                             d.get("flags") or (), d.get("edtf"))
        return cls(d["text"], d.get("lang"), when, tuple(d.get("places") or ()), d.get("source"), key)


@dataclass(frozen=True, slots=True)
class Decision:
    same: bool
    score: float
    reasons: tuple[str, ...]

    def to_json(self) -> dict:
        return {"same": self.same, "score": round(self.score, 4), "reasons": list(self.reasons)}


# Vetoes: features that, when on, make the pair "different" without a score (which ones: model.json,
# chosen on the tuning pairs, see docs/merge.md).
VETO_REASONS = {"numbers_conflict": "figures disagree", "acts_conflict": "different kinds of happening",
                "persons_conflict": "different people named", "subplaces_conflict": "different neighbourhoods or villages",
                "aggregate_mismatch": "a tally over a period against a single report",
                "objects_conflict": "different commodities, facilities or means"}
BASE_VETOES = ("numbers_conflict", "acts_conflict")


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    threshold: float
    about: dict = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)  # concept -> log(N / reports naming it)
    stem_idf: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> stem -> idf (df >= 2)
    vetoes: tuple[str, ...] = BASE_VETOES

    @cached_property
    def used(self) -> frozenset[str]:
        """The features the model weighs or vetoes on."""
        return frozenset(self.weights) | frozenset(self.vetoes)

    def score(self, x: dict[str, float]) -> float:
        return _sigmoid(sum(w * x.get(k, 0.0) for k, w in self.weights.items()))


CONCEPT_FEATURES = frozenset({"acts", "actors", "things", "concepts_shared", "concepts_idf", "concepts_best",
                              "concepts_overlap", "acts_overlap"})
RANGES = {"place": (-1.0, 1.0)}  # every other feature lies in [0, 1]


def needs_shared_concepts(model: "Model") -> bool:
    """Whether the model can only say "same" for reports that share a concept: its best score with every
    concept feature at 0 stays under the threshold. Candidates without one are then skipped unscored."""
    z = model.weights.get("bias", 0.0)
    for f, w in model.weights.items():
        if f == "bias" or f in CONCEPT_FEATURES:
            continue
        z += _most(f, w)
    return _sigmoid(z) < model.threshold


def _most(feature: str, weight: float) -> float:
    """The most a feature can add to the score's sum, over the range of its values."""
    lo, hi = RANGES.get(feature, (0.0, 1.0))
    return max(weight * lo, weight * hi)


@cache
def default_model() -> Model:
    raw = json.loads(MODEL.read_text(encoding="utf-8"))
    return Model(raw["weights"], raw["threshold"], raw.get("about", {}), raw.get("concept_idf", {}),
                 raw.get("stem_idf", {}), tuple(raw.get("vetoes", BASE_VETOES)))


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True, slots=True)
class Comparison:
    gate: str | None            # why the pair cannot be one happening, or None
    x: dict[str, float]         # feature values
    reasons: tuple[str, ...]


_RAREST: dict[int, float] = {}


def _rarest(key: int, idf: dict[str, float]) -> float:
    if key not in _RAREST:
        _RAREST[key] = max(idf.values(), default=1.0)
    return _RAREST[key]


def _weight(items: frozenset, idf: dict[str, float], default: float) -> float:
    return sum(idf.get(c, default) for c in items)


def _weighted_overlap(a: frozenset, b: frozenset, idf: dict[str, float], wa: float | None = None,
                      wb: float | None = None) -> float:
    """Weight of the shared items over the weight of the lighter set (`wa`, `wb`: the sets' weights)."""
    default = _rarest(id(idf), idf)
    wa = _weight(a, idf, default) if wa is None else wa
    wb = _weight(b, idf, default) if wb is None else wb
    smaller = min(wa, wb)
    return _weight(a & b, idf, default) / smaller if smaller else 0.0


def _weighted_jaccard(a: frozenset, b: frozenset, idf: dict[str, float], wa: float | None = None,
                      wb: float | None = None) -> float:
    """Jaccard with weights; an item missing from `idf` weighs as the rarest known one."""
    default = _rarest(id(idf), idf)
    if wa is None or wb is None:
        union = _weight(a | b, idf, default)
        shared = _weight(a & b, idf, default)
    else:
        shared = _weight(a & b, idf, default)
        union = wa + wb - shared
    return shared / union if union > 1e-12 else 0.0


_TEXT_FEATURES = frozenset({"stems", "trigrams", "stems_idf", "stems_overlap", "stems_agree", "names"})
_NAME_ONLY = frozenset({"names"})


def _conflict_features(apart) -> dict[str, float]:
    """The model's features for what two reports say apart (differences.conflicts)."""
    return {
        "persons_conflict": float(apart.persons),
        "subplaces_conflict": float(apart.subplaces),
        "aggregate_mismatch": float(apart.aggregate),
        "objects_conflict": float(bool(apart.objects)),
        "conflicts": min(1.0, (apart.persons + apart.subplaces + apart.aggregate + bool(apart.objects)) / 2),
    }


def compare(a: EventDoc, b: EventDoc, model: Model | None = None, full: bool = True) -> Comparison:
    """Gates, feature values and reasons for one pair; `model` (its idf tables) defaults to the stored one.
    Unless `full`, the word-level similarities (stems, trigrams, names) are left at 0 when the model does
    not use them: they cost the most and only the fitting compares them."""
    model = model or default_model()
    names_too = full or "names" in model.used
    full = full or bool(model.used & (_TEXT_FEATURES - _NAME_ONLY))
    idf = model.idf
    dm = dates.compare(a.when, b.when)
    pm = regions.compare(a.places, b.places)
    reasons = [f"date: {dm.relation}", f"place: {pm.relation}" + (f" ({pm.shared})" if pm.shared else "")]
    x = dict.fromkeys(FEATURES, 0.0)
    x["bias"] = 1.0
    if not dm.compatible:
        return Comparison(f"date: {dm.relation}", x, tuple(reasons))
    if not pm.compatible:
        return Comparison(f"place: {pm.relation}", x, tuple(reasons))
    fa, fb = a.feats, b.feats
    x["date"] = dm.score
    x["date_exact"] = 1.0 if dm.exact else 0.0
    x["date_touch"] = 1.0 if dm.touch else 0.0
    x["place"] = pm.score
    if fa.lang != fb.lang:
        x["cross"] = 1.0
    if fa.lang == fb.lang and full:
        x["stems"] = _jaccard(fa.stems, fb.stems)
        x["trigrams"] = _jaccard(fa.trigrams, fb.trigrams)
        x["stems_idf"] = _weighted_jaccard(fa.stems, fb.stems, model.stem_idf.get(fa.lang, {}))
        x["stems_overlap"] = _weighted_overlap(fa.stems, fb.stems, model.stem_idf.get(fa.lang, {}))
        reasons.append(f"text: stems {x['stems']:.2f} (weighted {x['stems_idf']:.2f}), trigrams {x['trigrams']:.2f}")
    elif fa.lang != fb.lang and names_too:
        common_names = fa.names & fb.names
        x["names"] = min(len(common_names), 3) / 3
        if common_names:
            reasons.append(f"names: {', '.join(sorted(common_names))}")
    kinds = concept_kinds()
    for kind, name in (("act", "acts"), ("actor", "actors"), ("thing", "things")):
        ca = frozenset(c for c in fa.concepts if kinds[c] == kind)
        cb = frozenset(c for c in fb.concepts if kinds[c] == kind)
        x[name] = _jaccard(ca, cb)
        if kind == "act" and ca and cb and not ca & cb:
            x["acts_conflict"] = 1.0
    shared = fa.concepts & fb.concepts
    x["concepts_shared"] = min(len(shared), 6) / 6
    x["concepts_idf"] = _weighted_jaccard(fa.concepts, fb.concepts, idf)
    x["concepts_overlap"] = _weighted_overlap(fa.concepts, fb.concepts, idf)
    x["concepts_best"] = _best_sentence(fa, fb, idf, x["concepts_idf"])
    reasons.append(f"concepts: {', '.join(sorted(shared)) or 'none shared'}")
    if fa.numbers and fb.numbers:
        close = _close_figures(fa.numbers, fb.numbers)
        x["numbers_shared"] = 1.0 if close else 0.0
        bounded = not close and figures_compatible(fa, fb)
        x["numbers_conflict"] = 0.0 if close or bounded else 1.0
        reasons.append("figures: " + ("agree (" + ", ".join(f"{a}~{b}" for a, b in close) + ")" if close else
                                      "a bound of one holds the other's" if bounded else "disagree"))
    x["stems_agree"] = x["stems_idf"] * (1.0 - x["numbers_conflict"])
    x["means_conflict"] = _means_conflict(fa, fb)
    x["place_extra"] = place_extra(a.places, b.places)
    x["sequel_mismatch"] = _sequel_mismatch(fa, fb)
    x["acts_overlap"] = _acts_overlap(fa, fb)
    if x["means_conflict"]:
        reasons.append("different means of attack")
    if x["place_extra"]:
        reasons.append("one names a town or village the other does not")
    if x["sequel_mismatch"]:
        reasons.append("one tells of a sequel (a funeral, a release)")
    da, db = fa.diff, fb.diff
    if any(p & q for p in da.persons for q in db.persons):
        x["persons_shared"] = 1.0
        reasons.append("a person named in both")
    shared_objects = da.objects & db.objects
    x["objects_shared"] = min(len(shared_objects), 2) / 2
    if any(p & q for p in da.subplaces for q in db.subplaces):
        x["subplaces_shared"] = 1.0
        reasons.append("a neighbourhood or village named in both")
    if shared_objects:
        reasons.append(f"both name: {', '.join(sorted(o.split(':', 1)[1].replace('_', ' ') for o in shared_objects))}")
    apart = differences.conflicts(da, db)
    x.update(_conflict_features(apart))
    reasons.extend(apart.reasons())
    return Comparison(None, x, tuple(reasons))


def _best_sentence(fa, fb, idf: dict[str, float], whole: float) -> float:
    """The weighted concept Jaccard of the closest parts: each text whole, and each sentence of a text of
    several (a lead: its title and opening paragraphs tell more than one happening's worth, and the one
    the other report tells may be a sentence of it)."""
    if not fa.parts and not fb.parts:
        return whole
    best = whole
    for pa in fa.parts or (fa.concepts,):
        for pb in fb.parts or (fb.concepts,):
            if not pa.isdisjoint(pb):
                best = max(best, _weighted_jaccard(pa, pb, idf))
    return best


def _acts_overlap(fa, fb) -> float:
    return len(fa.acts & fb.acts) / min(len(fa.acts), len(fb.acts)) if fa.acts and fb.acts else 0.0


def _sequel_mismatch(fa, fb) -> float:
    return 1.0 if fa.acts.isdisjoint(SEQUELS) != fb.acts.isdisjoint(SEQUELS) else 0.0


def _means_conflict(fa, fb) -> float:
    ma, mb = fa.acts & MEANS, fb.acts & MEANS
    return 1.0 if ma and mb and ma.isdisjoint(mb) else 0.0


@lru_cache(maxsize=65536)
def place_extra(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """1 when both name places and one of them names a town or village (gazetteer level "place") that is
    neither among the other's places nor holds one of them: "the village of X near the town of Y" against
    "the town of Y". Both must name a town or village: one inside a wider region is not "another place"."""
    level = regions.LEVEL_DEPTH["place"]
    if not any(regions.depth(p) == level for p in a) or not any(regions.depth(p) == level for p in b):
        return 0.0
    for mine, other in ((a, b), (b, a)):
        other_closure = {p for x in other for p in regions.chain(x)}
        if any(regions.depth(p) == level and p not in other_closure for p in mine):
            return 1.0
    return 0.0


def _close_figures(a: frozenset[int], b: frozenset[int]) -> list[tuple[int, int]]:
    """Figures the two reports share. Equal only: refilled templates (5 killed / 3 killed) give different
    figures; a toll that rose or a floor ("at least") is not a shared figure but no conflict either
    (`text.figures_compatible`)."""
    return sorted((x, x) for x in a & b)


_CHEAP = frozenset({"bias", "date", "date_exact", "date_touch", "place", "cross", "concepts_shared", "concepts_idf",
                    "concepts_best",
                    "concepts_overlap", "numbers_shared", "numbers_conflict", "acts_conflict", "objects_shared",
                    "subplaces_shared", "persons_shared", "persons_conflict", "subplaces_conflict",
                    "aggregate_mismatch", "objects_conflict", "conflicts", "means_conflict", "acts_overlap",
                    "place_extra", "sequel_mismatch", "names"})


def judge(a: EventDoc, b: EventDoc, model: Model | None = None, dm: dates.DateMatch | None = None) -> tuple[bool, float]:
    """`same_event(a, b).same` without the reasons, computing only what the model uses and stopping as
    soon as the answer is known: what clustering calls for every candidate (the reasons are written for
    the chosen match only). A pair judged the same gets `same_event`'s score; one judged different may be
    left unscored (0.0: clustering only ranks matches). Agrees with `same_event` (tested on the labelled
    pairs). `dm`: `dates.compare(a.when, b.when)` when the caller has it."""
    model = model or default_model()
    used = model.used
    if not used <= _CHEAP:
        d = same_event(a, b, model)
        return d.same, d.score
    dm = dm or dates.compare(a.when, b.when)
    if not dm.compatible:
        return False, 0.0
    pm = regions.compare(a.places, b.places)
    if not pm.compatible:
        return False, 0.0
    fa, fb = a.feats, b.feats
    plan = _plan(model)
    for read in plan.early_vetoes:  # figures that disagree, kinds of happening that do
        if read(a, b, fa, fb, dm, pm, model, None):
            return False, 0.0
    # the cheap features first; the rest (what tells the reports apart, shared names) only for a pair whose
    # score could still reach the threshold with them at their most favourable
    cw = _concept_weights(fa, fb, model) if plan.concepts else None
    x: dict[str, float] = {}
    z = 0.0
    for f, w, read in plan.cheap:
        v = x[f] = read(a, b, fa, fb, dm, pm, model, cw)
        z += w * v
    if _sigmoid(z + plan.late_bound) < model.threshold:
        return False, 0.0
    if plan.late_veto:
        x.update(_conflict_features(differences.conflicts(fa.diff, fb.diff)))
        if any(x.get(f) for f in model.vetoes):
            return False, 0.0
    if plan.names:
        x["names"] = min(len(fa.names & fb.names), 3) / 3 if fa.lang != fb.lang else 0.0
    s = model.score(x)
    return s >= model.threshold, s


_LATE_VETO = frozenset({"persons_conflict", "subplaces_conflict", "aggregate_mismatch", "objects_conflict", "conflicts"})
_LATE = _LATE_VETO | {"names"}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@dataclass(frozen=True, slots=True)
class _Plan:
    """How `judge` scores for one model: the vetoes read first, the cheap features with their weights and
    readers, what the others can add at most, and whether the differences and names are needed."""
    early_vetoes: tuple
    cheap: tuple
    late_bound: float
    late_veto: bool
    names: bool
    concepts: bool


_PLANS: dict[int, tuple[Model, _Plan]] = {}


def _plan(model: Model) -> _Plan:
    hit = _PLANS.get(id(model))
    if hit is None or hit[0] is not model:
        early = tuple(_READERS[f] for f in model.vetoes if f not in _LATE_VETO)
        cheap = tuple((f, w, _READERS[f]) for f, w in model.weights.items() if f not in _LATE)
        bound = sum(_most(f, w) for f, w in model.weights.items() if f in _LATE)
        plan = _Plan(early, cheap, bound, bool(model.used & _LATE_VETO), "names" in model.weights,
                     any(f in _CONCEPT_WEIGHED for f in model.weights))
        hit = _PLANS[id(model)] = (model, plan)
    return hit[1]


_CONCEPT_WEIGHED = frozenset({"concepts_idf", "concepts_best", "concepts_overlap"})


def _concepts_best(a, b, fa, fb, dm, pm, model, cw) -> float:
    return _best_sentence(fa, fb, model.idf, _weighted_jaccard(fa.concepts, fb.concepts, model.idf, *cw))


# feature -> its value for a pair: (a, b, a.feats, b.feats, DateMatch, PlaceMatch, model, concept weights)
_READERS = {
    "bias": lambda a, b, fa, fb, dm, pm, model, cw: 1.0,
    "date": lambda a, b, fa, fb, dm, pm, model, cw: dm.score,
    "date_exact": lambda a, b, fa, fb, dm, pm, model, cw: 1.0 if dm.exact else 0.0,
    "date_touch": lambda a, b, fa, fb, dm, pm, model, cw: 1.0 if dm.touch else 0.0,
    "place": lambda a, b, fa, fb, dm, pm, model, cw: pm.score,
    "cross": lambda a, b, fa, fb, dm, pm, model, cw: 1.0 if fa.lang != fb.lang else 0.0,
    "concepts_shared": lambda a, b, fa, fb, dm, pm, model, cw: min(len(fa.concepts & fb.concepts), 6) / 6,
    "concepts_idf": lambda a, b, fa, fb, dm, pm, model, cw: _weighted_jaccard(fa.concepts, fb.concepts, model.idf, *cw),
    "concepts_best": _concepts_best,
    "concepts_overlap": lambda a, b, fa, fb, dm, pm, model, cw: _weighted_overlap(fa.concepts, fb.concepts, model.idf, *cw),
    "objects_shared": lambda a, b, fa, fb, dm, pm, model, cw: min(len(fa.diff.objects & fb.diff.objects), 2) / 2,
    "subplaces_shared": lambda a, b, fa, fb, dm, pm, model, cw:
        1.0 if any(p & q for p in fa.diff.subplaces for q in fb.diff.subplaces) else 0.0,
    "persons_shared": lambda a, b, fa, fb, dm, pm, model, cw:
        1.0 if any(p & q for p in fa.diff.persons for q in fb.diff.persons) else 0.0,
    "numbers_shared": lambda a, b, fa, fb, dm, pm, model, cw: 1.0 if fa.numbers & fb.numbers else 0.0,
    "numbers_conflict": lambda a, b, fa, fb, dm, pm, model, cw:
        1.0 if fa.numbers and fb.numbers and not fa.numbers & fb.numbers and not figures_compatible(fa, fb) else 0.0,
    "acts_conflict": lambda a, b, fa, fb, dm, pm, model, cw:
        1.0 if fa.acts and fb.acts and fa.acts.isdisjoint(fb.acts) else 0.0,
    "means_conflict": lambda a, b, fa, fb, dm, pm, model, cw: _means_conflict(fa, fb),
    "acts_overlap": lambda a, b, fa, fb, dm, pm, model, cw: _acts_overlap(fa, fb),
    "place_extra": lambda a, b, fa, fb, dm, pm, model, cw: place_extra(a.places, b.places),
    "sequel_mismatch": lambda a, b, fa, fb, dm, pm, model, cw: _sequel_mismatch(fa, fb),
}


def _concept_weights(fa, fb, model: Model) -> tuple[float, float]:
    """The idf weight of each text's concepts, kept with the text per model."""
    key = ("concept_weight", id(model.idf))
    out = []
    for f in (fa, fb):
        w = f.memo(key)
        if w is None:
            w = f.memo(key, _weight(f.concepts, model.idf, _rarest(id(model.idf), model.idf)))
        out.append(w)
    return out[0], out[1]


def same_event(a: EventDoc, b: EventDoc, model: Model | None = None) -> Decision:
    """Whether reports `a` and `b` tell the same happening, with the score and the reasons."""
    model = model or default_model()
    c = compare(a, b, model, full=False)
    veto = next((VETO_REASONS[f] for f in model.vetoes if c.x.get(f)), None)
    if veto and not c.gate:
        return Decision(False, 0.0, (veto,) + c.reasons)
    if c.gate:
        return Decision(False, 0.0, (c.gate,) + tuple(r for r in c.reasons if not c.gate.startswith(r.split(":")[0])))
    s = model.score(c.x)
    return Decision(s >= model.threshold, s, c.reasons + (f"score {s:.2f} against threshold {model.threshold:.2f}",))
