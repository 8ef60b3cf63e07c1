//! Log-likelihoods of a count under the two explanations detection weighs.
//!
//! Counts judged are small (under half the expected count), so the gamma-function ratios
//! are summed term by term rather than taken from a log-gamma approximation.

/// ln P(X = x) for X ~ Poisson(mean).
pub(super) fn ln_poisson(x: u64, mean: f64) -> f64 {
    if mean <= 0.0 {
        return if x == 0 { 0.0 } else { f64::NEG_INFINITY };
    }
    -mean + x as f64 * mean.ln() - ln_factorial(x)
}

/// ln P(X = x) for a negative binomial with this mean and shape k (variance
/// mean + mean²/k): a Poisson whose rate varies between documents.
pub(super) fn ln_negative_binomial(x: u64, mean: f64, shape: f64) -> f64 {
    let k = shape;
    let ln_ratio: f64 = (0..x).map(|i| (i as f64 + k).ln()).sum::<f64>() - ln_factorial(x);
    ln_ratio + k * (k / (k + mean)).ln() + x as f64 * (mean / (k + mean)).ln()
}

fn ln_factorial(x: u64) -> f64 {
    (2..=x).map(|i| (i as f64).ln()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_sum_to_one() {
        let p: f64 = (0..400).map(|x| ln_poisson(x, 20.0).exp()).sum();
        assert!((p - 1.0).abs() < 1e-9, "{p}");
        let nb: f64 = (0..2000)
            .map(|x| ln_negative_binomial(x, 20.0, 3.0).exp())
            .sum();
        assert!((nb - 1.0).abs() < 1e-9, "{nb}");
    }

    #[test]
    fn large_shape_approaches_poisson() {
        let a = ln_negative_binomial(3, 10.0, 1e6);
        let b = ln_poisson(3, 10.0);
        assert!((a - b).abs() < 1e-3, "{a} {b}");
    }
}
