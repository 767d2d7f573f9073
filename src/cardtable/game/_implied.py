"""Market-implied execution probability: the announcement channel inverted on the market's reaction.

The engine prices an announced sale executed with probability ``p`` as an announcement premium
``p * x`` on every market variable, where ``x`` is the move the *executed* sale would cause
(docs/market.md: ``P = p * E[dy at the end of the threatened schedule]``, decaying with the
announcement half-life). Observing the market's abnormal move ``o`` around the announcement
therefore identifies ``p``. With ``K`` observed variables (2y and 10y yields in bp, USD/JPY in
percent), window moves whose no-news covariance is :math:`\\Sigma` (the noise), and one
executed-sale move ``x_d`` per model draw ``d``, the generalised-least-squares estimate and its
standard error are

.. math::

    \\hat p_d = \\frac{x_d^\\top \\Sigma^{-1} o}{x_d^\\top \\Sigma^{-1} x_d}, \\qquad
    s_d = \\big(x_d^\\top \\Sigma^{-1} x_d\\big)^{-1/2},

which for one variable is ``p = o / x`` with band ``sigma / x``. The abnormal move is the
observed move net of a stated benchmark (the constant-mean model of event studies, MacKinlay
1997, "Event studies in economics and finance", JEL 35(1): the mean daily move over an
estimation window before the event times the window length; :mod:`._evidence` computes it from
the daily series). :math:`\\Sigma` is the covariance of daily moves over the same estimation
window times the window length (random-walk scaling).

**Posterior.** ``p`` is a probability: with a flat prior on [0, 1] and normal noise, the
posterior of each draw is the normal :math:`N(\\hat p_d, s_d^2)` truncated to [0, 1]. The
reported band pools the draws (the mixture of the per-draw posteriors): it carries both the
market noise and the model's uncertainty about ``x``. A reaction indistinguishable from noise
(:math:`\\hat p \\approx 0`) gives a posterior piled up near 0 whose upper bound (p95) is about
:math:`1.96\\,s` (half-normal): the probability is "near zero, at most ...".

Everything is vectorised over draws; the truncated-normal CDF uses a relative-accuracy
approximation of ``erfc`` (Numerical Recipes ``erfcc``, fractional error < 1.2e-7) in log
space, so draws whose estimate lies far outside [0, 1] stay exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from cardtable._quantiles import quantiles
from cardtable._typing import FloatArray
from cardtable.errors import InputError

__all__ = [
    "ImpliedProbability",
    "implied_probability",
    "truncated_normal_cdf",
    "truncated_normal_mean",
]

_SQRT2 = float(np.sqrt(2.0))
_LOG_SQRT_2PI = float(0.5 * np.log(2.0 * np.pi))
_ROOT_TOL = 1e-13  # the quantile search stops once a step (or the bracket) is this small
_ROOT_STEPS = 64  # at most: every step at least halves the bracket [0, 1] unless Newton's is taken


def _log_erfc_pos(z: FloatArray) -> FloatArray:
    """``log(erfc(z))`` for ``z >= 0`` (Numerical Recipes ``erfcc``, fractional error < 1.2e-7)."""
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t
                * (
                    -0.18628806
                    + t
                    * (
                        0.27886807
                        + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))
                    )
                )
            )
        )
    )
    out: FloatArray = np.log(t) - z * z + poly
    return out


def _log_upper_tail(x: FloatArray) -> FloatArray:
    """``log Q(x) = log P(Z > x)`` for a standard normal ``Z``, accurate in both tails."""
    z = x / _SQRT2
    pos = _log_erfc_pos(np.abs(z)) + np.log(0.5)
    # for x < 0: Q(x) = 1 - Q(-x)
    neg = np.log1p(-np.exp(np.minimum(pos, -1e-300)))
    out: FloatArray = np.where(x >= 0.0, pos, neg)
    return out


def _trunc_mean_low(mu: FloatArray, sd: FloatArray) -> FloatArray:
    """Mean of ``N(mu, sd^2)`` truncated to [0, 1], stable for ``mu <= 0.5``."""
    a = -mu / sd
    b = (1.0 - mu) / sd
    la = _log_upper_tail(a)
    lb = _log_upper_tail(b)
    log_z = la + np.log(-np.expm1(lb - la))  # log(Q(a) - Q(b))
    log_pdf_a = -0.5 * a * a - 0.5 * np.log(2.0 * np.pi)
    log_pdf_b = -0.5 * b * b - 0.5 * np.log(2.0 * np.pi)
    out: FloatArray = mu + sd * (np.exp(log_pdf_a - log_z) - np.exp(log_pdf_b - log_z))
    return np.clip(out, 0.0, 1.0)


def truncated_normal_mean(mu: FloatArray, sd: FloatArray) -> FloatArray:
    """Mean of the normal ``N(mu, sd^2)`` truncated to [0, 1] (arrays broadcast)."""
    mu_, sd_ = np.broadcast_arrays(
        np.asarray(mu, dtype=np.float64), np.asarray(sd, dtype=np.float64)
    )
    if np.any(sd_ <= 0.0):
        raise InputError("sd", "<= 0", "a positive standard deviation")
    low = mu_ <= 0.5
    direct = _trunc_mean_low(np.where(low, mu_, 0.0), sd_)
    mirrored = 1.0 - _trunc_mean_low(np.where(low, 0.0, 1.0 - mu_), sd_)
    out: FloatArray = np.where(low, direct, mirrored)
    return out


class _Truncated:
    """``N(mu, sd^2)`` truncated to [0, 1] per draw, with the terms that do not depend on ``p``
    computed once (the CDF is then one tail evaluation per call)."""

    def __init__(self, mu: FloatArray, sd: FloatArray) -> None:
        mu_, sd_ = np.broadcast_arrays(
            np.asarray(mu, dtype=np.float64), np.asarray(sd, dtype=np.float64)
        )
        if np.any(sd_ <= 0.0):
            raise InputError("sd", "<= 0", "a positive standard deviation")
        self.low = mu_ <= 0.5
        self.m = np.where(self.low, mu_, 1.0 - mu_)  # mirrored to the stable side
        self.sd = sd_
        self.la = _log_upper_tail(-self.m / sd_)
        lb = _log_upper_tail((1.0 - self.m) / sd_)
        self.den = -np.expm1(lb - self.la)

    def take(self, idx: np.ndarray) -> _Truncated:
        """The draws ``idx`` only (no recomputation)."""
        sub = object.__new__(_Truncated)
        for name in ("low", "m", "sd", "la", "den"):
            setattr(sub, name, getattr(self, name)[idx])
        return sub

    def cdf(self, p: FloatArray) -> FloatArray:
        """CDF at ``p`` (broadcast against the draws)."""
        return self.cdf_pdf(p)[0]

    def cdf_pdf(self, p: FloatArray, *, density: bool = False) -> tuple[FloatArray, FloatArray]:
        """CDF at ``p`` and, with ``density``, the density of the truncated normal there
        (:math:`\\varphi(z) / (s\\,(Q(a) - Q(b)))`; else the second array is empty)."""
        pp = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
        q = np.where(self.low, pp, 1.0 - pp)
        z = (q - self.m) / self.sd
        lp = _log_upper_tail(z)
        f = np.clip(-np.expm1(lp - self.la) / self.den, 0.0, 1.0)
        out: FloatArray = np.where(self.low, f, 1.0 - f)
        if not density:
            return out, np.empty(0)
        pdf: FloatArray = np.exp(-0.5 * z * z - _LOG_SQRT_2PI - self.la) / (self.sd * self.den)
        return out, pdf


def truncated_normal_cdf(p: FloatArray, mu: FloatArray, sd: FloatArray) -> FloatArray:
    """CDF at ``p`` of the normal ``N(mu, sd^2)`` truncated to [0, 1] (arrays broadcast).

    Exact to ~1e-7 relative even when ``mu`` lies many ``sd`` outside the interval (the
    distribution then piles up at the nearer end).
    """
    p_, mu_, sd_ = np.broadcast_arrays(
        np.asarray(p, dtype=np.float64),
        np.asarray(mu, dtype=np.float64),
        np.asarray(sd, dtype=np.float64),
    )
    return _Truncated(mu_, sd_).cdf(p_)


def _quantile(
    cdf_pdf: Callable[[FloatArray, np.ndarray], tuple[FloatArray, FloatArray]],
    target: FloatArray,
    start: FloatArray,
) -> FloatArray:
    """Smallest ``p`` in [0, 1] with ``F(p) >= target``, per element (vectorised).

    ``cdf_pdf(p, idx)`` returns ``F`` and its density at ``p`` for the elements ``idx``. A
    safeguarded Newton iteration (Numerical Recipes ``rtsafe``): each evaluation narrows the
    bracket ``[lo, hi]`` around the crossing; a Newton step that leaves the bracket (or has no
    slope) is replaced by bisection. An element stops once its step or its bracket is at most
    :data:`_ROOT_TOL`; it is then within about that of the crossing (a bisection of [0, 1]
    to the same width takes ~43 evaluations, this ~5). Only unfinished elements are
    evaluated.
    """
    x = np.clip(np.asarray(start, dtype=np.float64), 0.0, 1.0).copy()
    lo = np.zeros_like(x)
    hi = np.ones_like(x)
    act = np.arange(x.size)
    for _ in range(_ROOT_STEPS):
        xa, la, ha = x[act], lo[act], hi[act]
        f, slope = cdf_pdf(xa, act)
        g = f - target[act]
        below = g < 0.0
        la = np.where(below, xa, la)
        ha = np.where(below, ha, xa)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            newton = xa - g / slope
        inside = (newton > la) & (newton < ha)  # False for NaN
        new = np.where(inside, newton, 0.5 * (la + ha))
        new = np.where(g == 0.0, xa, new)
        done = (np.abs(new - xa) <= _ROOT_TOL) | (ha - la <= _ROOT_TOL)
        x[act], lo[act], hi[act] = new, la, ha
        act = act[~done]
        if act.size == 0:
            break
    return x


@dataclass(frozen=True)
class ImpliedProbability:
    """The market-implied execution probability of an announced threat.

    Attributes
    ----------
    variables
        Names of the observed variables ``(K,)`` (``ust_2y_bp``, ``ust_10y_bp``, ``usdjpy_pct``).
    abnormal_move
        ``(K,)`` observed window move net of the benchmark.
    noise_sd
        ``(K,)`` standard deviation of the window move without news.
    estimate
        ``(D,)`` unconstrained GLS estimate :math:`\\hat p_d` (may be negative or above 1).
    standard_error
        ``(D,)`` its standard error from the noise, :math:`s_d`.
    posterior_median, posterior_mean
        ``(D,)`` median and mean of each draw's posterior (truncated to [0, 1]); the mean is
        the probability a risk-neutral belief uses (item 2, :mod:`._belief`).
    band
        p5 / p50 / p95 of the pooled posterior over draws (noise and model uncertainty).
    distinguishable_share
        Share of draws where the reaction is distinguishable from noise (one-sided 5%:
        :math:`\\hat p_d / s_d > 1.645`).
    """

    variables: tuple[str, ...]
    abnormal_move: FloatArray
    noise_sd: FloatArray
    estimate: FloatArray
    standard_error: FloatArray
    posterior_median: FloatArray
    posterior_mean: FloatArray
    band: dict[str, float]
    distinguishable_share: float

    @property
    def draws(self) -> int:
        """Number of model draws."""
        return int(self.estimate.shape[0])

    def pooled_cdf(self, p: float | FloatArray) -> FloatArray:
        """CDF of the pooled posterior at ``p`` (mean of the per-draw truncated normals)."""
        pp = np.asarray(p, dtype=np.float64)
        vals = truncated_normal_cdf(
            pp[..., None], self.estimate.clip(-1e6, 1e6), self.standard_error
        )
        out: FloatArray = vals.mean(axis=-1)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the moves, the band and the per-draw estimate's quantiles."""
        return {
            "variables": list(self.variables),
            "abnormal_move": [round(float(v), 4) for v in self.abnormal_move],
            "noise_sd": [round(float(v), 4) for v in self.noise_sd],
            "probability": dict(self.band),
            "posterior_mean": quantiles(self.posterior_mean),
            "estimate_unconstrained": quantiles(self.estimate),
            "standard_error": quantiles(self.standard_error),
            "distinguishable_from_noise_share": round(self.distinguishable_share, 4),
        }

    def summary(self) -> str:
        """One line: p50 [p5, p95] and whether the reaction stands out from the noise."""
        b = self.band
        noise = (
            "indistinguishable from noise"
            if self.distinguishable_share < 0.5
            else "distinguishable from noise"
        )
        return (
            f"market-implied execution probability p50 {b['p50']:.3f} "
            f"[p5 {b['p5']:.3f}, p95 {b['p95']:.3f}]; reaction {noise} in "
            f"{100 * (1 - self.distinguishable_share):.0f}% of draws"
        )


def _noise_cov(noise: FloatArray, k: int) -> FloatArray:
    a = np.asarray(noise, dtype=np.float64)
    if a.shape == (k,):
        if np.any(a <= 0.0) or not np.all(np.isfinite(a)):
            raise InputError("noise_sd", a.tolist(), "positive standard deviations")
        return np.diag(a**2)
    if a.shape != (k, k) or not np.allclose(a, a.T):
        raise InputError("noise", a.shape, f"standard deviations ({k},) or a covariance ({k}, {k})")
    if np.any(np.linalg.eigvalsh(a) <= 0.0):
        raise InputError("noise", "not positive definite", "a positive-definite covariance")
    return a


def implied_probability(
    abnormal_move: FloatArray | list[float],
    noise: FloatArray | list[float],
    executed_move: FloatArray,
    *,
    variables: tuple[str, ...] | None = None,
) -> ImpliedProbability:
    """Invert the announcement channel: the probability the market priced, with its band.

    Parameters
    ----------
    abnormal_move
        ``(K,)`` observed move over the event window net of the benchmark (bp for yields,
        percent for exchange rates).
    noise
        ``(K,)`` standard deviations or ``(K, K)`` covariance of the window move without news.
    executed_move
        ``(D, K)`` (or ``(K,)``) the move the executed sale would cause in the same window and
        units, one row per model draw (engine output).
    variables
        Names of the ``K`` variables.

    Returns
    -------
    ImpliedProbability
    """
    o = np.asarray(abnormal_move, dtype=np.float64)
    if o.ndim != 1 or o.size < 1 or not np.all(np.isfinite(o)):
        raise InputError("abnormal_move", o.tolist(), "a finite vector (K,)")
    k = o.size
    x = np.asarray(executed_move, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] != k or not np.all(np.isfinite(x)):
        raise InputError("executed_move", x.shape, f"finite (D, {k}) moves, one row per draw")
    cov = _noise_cov(np.asarray(noise, dtype=np.float64), k)
    names = variables if variables is not None else tuple(f"v{i}" for i in range(k))
    if len(names) != k:
        raise InputError("variables", names, f"{k} names")
    prec = np.linalg.inv(cov)
    info = np.einsum("dk,kl,dl->d", x, prec, x)
    if np.any(info <= 0.0):
        raise InputError("executed_move", "zero in some draw", "a non-zero executed-sale move")
    est = (x @ (prec @ o)) / info
    se = 1.0 / np.sqrt(info)
    d = est.shape[0]
    post = _Truncated(est, se)

    def per_draw(p: FloatArray, idx: np.ndarray) -> tuple[FloatArray, FloatArray]:
        return post.take(idx).cdf_pdf(p, density=True)

    med = _quantile(per_draw, np.full(d, 0.5), est)

    def pooled(p: FloatArray, idx: np.ndarray) -> tuple[FloatArray, FloatArray]:
        f, pdf = post.cdf_pdf(p[:, None], density=True)
        return f.mean(axis=1), pdf.mean(axis=1)

    levels = np.array([0.05, 0.5, 0.95])
    qs = _quantile(pooled, levels, np.quantile(med, levels))
    band = {k_: round(float(v), 4) for k_, v in zip(("p5", "p50", "p95"), qs, strict=True)}
    return ImpliedProbability(
        variables=tuple(names),
        abnormal_move=o,
        noise_sd=np.sqrt(np.diag(cov)),
        estimate=est,
        standard_error=se,
        posterior_median=med,
        posterior_mean=truncated_normal_mean(est, se),
        band=band,
        distinguishable_share=float(np.mean(est / se > 1.645)),
    )
