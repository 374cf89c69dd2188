"""Fitting the pair model on labelled pairs: an L2-regularised logistic regression (Newton's method,
deterministic) and the threshold with the best recall at a required precision."""

from __future__ import annotations

import math
from dataclasses import dataclass


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a·x = b by Gauss-Jordan elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        m[col] = [v / p for v in m[col]]
        for r in range(n):
            if r != col and m[r][col]:
                f = m[r][col]
                m[r] = [v - f * w for v, w in zip(m[r], m[col])]
    return [m[i][n] for i in range(n)]


def fit_logistic(rows: list[list[float]], labels: list[int], l2: float = 1.0, iterations: int = 50) -> list[float]:
    """Weights w minimising log-loss + l2/2·|w|² (column 0, the bias, is not penalised)."""
    k = len(rows[0])
    w = [0.0] * k
    for _ in range(iterations):
        grad = [l2 * w[j] if j else 0.0 for j in range(k)]
        hess = [[(l2 if i == j and i else 0.0) for j in range(k)] for i in range(k)]
        for x, y in zip(rows, labels):
            z = sum(wj * xj for wj, xj in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
            g = p - y
            h = p * (1 - p)
            for i in range(k):
                grad[i] += g * x[i]
                if h:
                    hi = h * x[i]
                    row = hess[i]
                    for j in range(k):
                        row[j] += hi * x[j]
        for i in range(k):
            hess[i][i] += 1e-9
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def fit_signed(rows: list[list[float]], labels: list[int], signs: list[int], l2: float = 1.0) -> list[float]:
    """`fit_logistic` with sign constraints: a feature with sign +1 (or -1) may only raise (or lower) the
    score; 0 leaves it free. A feature whose unconstrained weight has the wrong sign is dropped (weight 0)
    and the rest refitted, until all signs hold: more similar text never argues against a match."""
    active = list(range(len(signs)))
    while True:
        w_active = fit_logistic([[x[j] for j in active] for x in rows], labels, l2=l2) if active else []
        wrong = [j for j, wj in zip(active, w_active) if signs[j] and wj * signs[j] < 0]
        if not wrong:
            w = [0.0] * len(signs)
            for j, wj in zip(active, w_active):
                w[j] = wj
            return w
        worst = min(wrong, key=lambda j: w_active[active.index(j)] * signs[j])
        active.remove(worst)


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_json(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4)}


def count(predicted: list[bool], labels: list[int]) -> Counts:
    tp = sum(1 for p, y in zip(predicted, labels) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels) if not p and y)
    return Counts(tp, fp, fn, len(labels) - tp - fp - fn)


def choose_threshold(scores: list[float], labels: list[int], min_precision: float) -> float:
    """The threshold with the highest recall whose precision is at least `min_precision`; among equal
    recalls the one with the widest margin, placed halfway between neighbouring scores."""
    cuts = sorted(set(scores))
    best: tuple[float, float] | None = None  # (recall, margin)
    chosen = None
    for i, low in enumerate(cuts):
        high = cuts[i + 1] if i + 1 < len(cuts) else 1.0
        threshold = (low + high) / 2
        c = count([s >= threshold for s in scores], labels)
        if c.precision < min_precision or c.tp == 0:
            continue
        key = (round(c.recall, 9), high - low)
        if best is None or key > best:
            best, chosen = key, threshold
    if chosen is None:
        raise ValueError(f"no threshold reaches precision {min_precision} on these pairs")
    return chosen
