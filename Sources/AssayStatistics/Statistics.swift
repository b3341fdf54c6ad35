/// Assay's statistics layer: special functions and distributions the drift tests need, implemented
/// once — `SpecialFunctions` (log-gamma, incomplete gamma and beta), `Distributions` (normal, χ², F,
/// Kolmogorov), `KolmogorovSmirnov` (one- and two-sample p-values) and `MultipleTesting`
/// (Benjamini–Hochberg). All are pure functions of Doubles, safe to call from any thread.
public enum Statistics {}
