// Reference values in these tests come from SciPy 1.17.1 / NumPy 2.4 (the expression is beside each
// value). Where SciPy itself is measurably off, the value comes instead from a 60-digit evaluation
// with Python's `decimal` module (marked "60-digit"), using exactly these definitions:
//
//   from decimal import Decimal as D, getcontext; getcontext().prec = 60
//   PI = D('3.14159265358979323846264338327950288419716939937510582097494')
//   B = [D(1)/6, D(-1)/30, D(1)/42, D(-1)/30, D(5)/66, D(-691)/2730, D(7)/6, D(-3617)/510]
//   def lngamma(a):                       # Stirling series after shifting a past 40
//       a = D(a); s = D(0)
//       while a < 40: s += a.ln(); a += 1
//       r = (a - D('0.5')) * a.ln() - a + (2 * PI).ln() / 2
//       return r + sum(b / (2*k * (2*k - 1) * a**(2*k - 1)) for k, b in enumerate(B, 1)) - s
//   def gammainc(a, x):                   # series: x^a e^-x / Γ(a) · Σ xⁿ / (a (a+1) ⋯ (a+n))
//       A, X = D(a), D(x); t = s = 1 / A; d = A
//       while t > s * D('1e-40'): d += 1; t *= X / d; s += t
//       return (A * X.ln() - X - lngamma(a)).exp() * s
//   def betainc(a, b, x):                 # NR §6.4 continued fraction, x below (a+1)/(a+b+2)
//       A, Bb, X = D(a), D(b), D(x); c, d = D(1), 1 / (1 - (A + Bb) * X / (A + 1)); h = d; m = 0
//       while True:
//           m += 1
//           for aa in (m * (Bb - m) * X / ((A + 2*m - 1) * (A + 2*m)),
//                      -(A + m) * (A + Bb + m) * X / ((A + 2*m) * (A + 2*m + 1))):
//               d = 1 / (1 + aa * d); c = 1 + aa / c; h *= d * c
//           if abs(d * c - 1) < D('1e-40'): break
//       return (A * X.ln() + Bb * (1 - X).ln() - lngamma(a) - lngamma(b) + lngamma(A + Bb)).exp() * h / A
//   def norm_sf(z):                       # Laplace continued fraction for erfc(z/√2)
//       T = D(z) / D(2).sqrt(); f = D(0)
//       for k in range(4000, 0, -1): f = (D(k) / 2) / (T + f)
//       return (-(T * T)).exp() / PI.sqrt() / (T + f) / 2

/// |actual − expected| ≤ relative · |expected|; NaN matches NaN and equal values (including 0 and ∞) match.
func isClose(_ actual: Double, _ expected: Double, relative: Double) -> Bool {
    if expected.isNaN || actual.isNaN { return expected.isNaN && actual.isNaN }
    if actual == expected { return true }
    return abs(actual - expected) <= relative * abs(expected)
}
