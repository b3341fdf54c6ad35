"""Writes the drift fixtures and the values SciPy/NumPy give for them (expected.json).
Run with the benchmark venv: ~/.cache/assay-bench/venv/bin/python make_fixtures.py
Each expected value says how it was computed."""
import json
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261125)

def frame(n, shift, new_category):
    x = rng.normal(10 + shift, 2, n)
    y = 0.6 * x + rng.normal(0, 1, n)
    z = rng.exponential(3 + shift, n)
    cats = ["a", "b", "c", "d", "e"] + (["f"] if new_category else [])
    probs = [0.4, 0.3, 0.15, 0.1, 0.05] if not new_category else [0.35, 0.3, 0.15, 0.1, 0.0, 0.1]
    cat = rng.choice(cats, n, p=probs)
    return pd.DataFrame({"x": np.round(x, 6), "y": np.round(y, 6), "z": np.round(z, 6), "cat": cat})

base = frame(2000, 0.0, False)
cur = frame(1500, 0.5, True)
base.to_csv("baseline.csv", index=False)
cur.to_csv("current.csv", index=False)
base = pd.read_csv("baseline.csv")
cur = pd.read_csv("current.csv")

out = {}
for c in ["x", "z"]:
    ks = stats.ks_2samp(cur[c], base[c], method="asymp")
    out[f"ks_{c}"] = {"statistic": ks.statistic, "pvalue": ks.pvalue, "how": f"scipy.stats.ks_2samp(cur.{c}, base.{c}, method='asymp')"}
    w = stats.wasserstein_distance(cur[c], base[c]) / base[c].std(ddof=1)
    out[f"wasserstein_{c}"] = {"value": w, "how": f"scipy.stats.wasserstein_distance(cur.{c}, base.{c}) / base.{c}.std(ddof=1)"}
    # PSI on baseline deciles (numpy quantiles, linear), epsilon 1e-4, tails in the end bins' neighbours.
    edges = np.quantile(base[c], np.linspace(0, 1, 11))
    b = np.histogram(base[c], edges)[0] / len(base)
    k = np.histogram(cur[c], edges)[0]
    below = (cur[c] < edges[0]).sum(); above = (cur[c] > edges[-1]).sum()
    cshare = np.concatenate([[below], k, [above]]) / len(cur)
    bshare = np.concatenate([[0], b, [0]])
    e = 1e-4
    mask = (cshare > 0) | (bshare > 0)
    cs, bs = np.maximum(cshare[mask], e), np.maximum(bshare[mask], e)
    out[f"psi_{c}"] = {"value": float(np.sum((cs - bs) * np.log(cs / bs))), "how": "PSI over baseline deciles plus tails, eps 1e-4"}
    out[f"js_{c}"] = {"value": float(jensenshannon(cshare, bshare, base=2)), "how": "scipy.spatial.distance.jensenshannon(cur shares, base shares, base=2) on the same bins"}

cats = ["a", "b", "c", "d", "e"]
bc = np.array([(base.cat == v).sum() for v in cats] + [0])
cc = np.array([(cur.cat == v).sum() for v in cats] + [(~cur.cat.isin(cats)).sum()])
table = np.array([bc, cc])
keep = table.sum(axis=0) > 0
chi2, p, dof, _ = stats.chi2_contingency(table[:, keep], correction=False)
out["chisquare_cat"] = {"statistic": chi2, "pvalue": p, "dof": int(dof), "how": "scipy.stats.chi2_contingency([[base counts a..e, 0], [cur counts a..e, other]], correction=False)"}
out["js_cat"] = {"value": float(jensenshannon(cc / cc.sum(), bc / bc.sum(), base=2)), "how": "jensenshannon(cur shares, base shares, base=2) over a..e + other"}
out["linf_cat"] = {"value": float(np.max(np.abs(cc / cc.sum() - bc / bc.sum()))), "how": "max |cur share - base share|"}
out["new_fraction_cat"] = {"value": float((~cur.cat.isin(cats)).mean()), "how": "share of current rows outside the baseline's categories"}

cols = ["x", "y", "z"]
B, C = base[cols].to_numpy(), cur[cols].to_numpy()
n1, n2, p_ = len(B), len(C), len(cols)
S1, S2 = np.cov(B, rowvar=False), np.cov(C, rowvar=False)
Sp = ((n1 - 1) * S1 + (n2 - 1) * S2) / (n1 + n2 - 2)
d = C.mean(0) - B.mean(0)
D2 = d @ np.linalg.solve(Sp, d)
T2 = n1 * n2 / (n1 + n2) * D2
F = (n1 + n2 - p_ - 1) / (p_ * (n1 + n2 - 2)) * T2
out["hotelling"] = {"mahalanobis": float(np.sqrt(D2)), "t2": float(T2), "pvalue": float(stats.f.sf(F, p_, n1 + n2 - p_ - 1)),
                    "how": "numpy: pooled covariance, T2 = n1 n2/(n1+n2) d' Sp^-1 d, F = (n1+n2-p-1)/(p(n1+n2-2)) T2, scipy.stats.f.sf"}
M = (n1 + n2 - 2) * np.linalg.slogdet(Sp)[1] - (n1 - 1) * np.linalg.slogdet(S1)[1] - (n2 - 1) * np.linalg.slogdet(S2)[1]
c = (2 * p_**2 + 3 * p_ - 1) / (6 * (p_ + 1)) * (1 / (n1 - 1) + 1 / (n2 - 1) - 1 / (n1 + n2 - 2))
out["box_m"] = {"m": float(M), "pvalue": float(stats.chi2.sf(M * (1 - c), p_ * (p_ + 1) / 2)), "how": "numpy slogdet, Box's M with the chi2 approximation"}
R1, R2 = np.corrcoef(B, rowvar=False), np.corrcoef(C, rowvar=False)
delta = R2 - R1
out["corr_drift"] = {"max_abs_delta": float(np.max(np.abs(delta))), "frobenius": float(np.linalg.norm(delta)), "how": "numpy.corrcoef, max |dR|, numpy.linalg.norm(dR)"}
ev = np.linalg.eigvalsh(R2)
out["condition"] = {"value": float(ev[-1] / ev[0]), "how": "numpy.linalg.eigvalsh(numpy.corrcoef(cur[x,y,z])) max/min"}
out["distinct_z"] = {"current": int(cur.z.nunique()), "baseline": int(base.z.nunique()), "how": "pandas nunique"}
json.dump(out, open("expected.json", "w"), indent=1)
print(json.dumps(out, indent=1)[:400])
