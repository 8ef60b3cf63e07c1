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

/// ln P(X = x) for X ~ Poisson(λ), λ uniform on `[low, high]`: a rate known only by its
/// bounds (how much of a lost glyph survives, how many of its words restoration finds).
///
/// `∫ Poisson(x; λ) dλ` from `low` to `high` is `F(x; low) − F(x; high)`, F the Poisson
/// distribution function, so this is `ln((F(x; low) − F(x; high)) / (high − low))`.
pub(super) fn ln_poisson_uniform_rate(x: u64, low: f64, high: f64) -> f64 {
    if high - low <= 1e-6 * high.max(1.0) {
        // Nearly one rate: the tails below would cancel.
        return ln_poisson(x, (low + high) / 2.0);
    }
    // The same mass from whichever tail is small, so that it does not cancel: below the
    // rates, F(x; low) − F(x; high); above them, P(X > x; high) − P(X > x; low).
    let (big, small) = if (x as f64) < (low + high) / 2.0 {
        (ln_poisson_cdf(x, low), ln_poisson_cdf(x, high))
    } else {
        (ln_poisson_survival(x, high), ln_poisson_survival(x, low))
    };
    big + (-(small - big).min(0.0).exp()).ln_1p() - (high - low).ln()
}

/// ln P(X > x) for X ~ Poisson(mean).
fn ln_poisson_survival(x: u64, mean: f64) -> f64 {
    if mean <= 0.0 {
        return f64::NEG_INFINITY;
    }
    ln_sum_of_terms(x + 1, ln_poisson(x + 1, mean), u64::MAX, mean)
}

/// ln P(X ≤ x) for X ~ Poisson(mean).
fn ln_poisson_cdf(x: u64, mean: f64) -> f64 {
    if mean <= 0.0 {
        return 0.0;
    }
    ln_sum_of_terms(0, -mean, x, mean)
}

/// ln of the sum of the Poisson(mean) probabilities of `first..=last`, `term` being that
/// of `first`: summed in log space (the terms can be far below the smallest double), each
/// term from the one before, and stopped once past the mode the terms only fall.
fn ln_sum_of_terms(first: u64, mut term: f64, last: u64, mean: f64) -> f64 {
    let ln_mean = mean.ln();
    let (mut top, mut sum) = (term, 1.0);
    for j in first + 1..=last {
        term += ln_mean - (j as f64).ln();
        if term > top {
            sum = sum * (top - term).exp() + 1.0;
            top = term;
        } else {
            sum += (term - top).exp();
            if j as f64 > mean && term < top - 40.0 {
                break;
            }
        }
    }
    top + sum.ln()
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
    fn uniform_rate_integrates_the_poisson() {
        // Midpoint rule over the rate against the closed form.
        let (x, low, high) = (4u64, 1.0, 9.0);
        let n = 20_000;
        let step = (high - low) / n as f64;
        let numeric: f64 = (0..n)
            .map(|i| ln_poisson(x, low + (i as f64 + 0.5) * step).exp() * step)
            .sum::<f64>()
            / (high - low);
        let closed = ln_poisson_uniform_rate(x, low, high).exp();
        assert!((numeric - closed).abs() < 1e-6, "{numeric} {closed}");
        // No overflow when x is far below both bounds, no cancellation far above.
        assert!(ln_poisson_uniform_rate(3, 500.0, 2000.0).is_finite());
        let above = ln_poisson_uniform_rate(3000, 500.0, 1000.0);
        assert!(above.is_finite() && above < -100.0, "{above}");
        let inside = ln_poisson_uniform_rate(700, 500.0, 1000.0);
        assert!((inside + (500.0f64).ln()).abs() < 1e-6, "{inside}");
        let p: f64 = (0..200)
            .map(|x| ln_poisson_uniform_rate(x, 0.0, 30.0).exp())
            .sum();
        assert!((p - 1.0).abs() < 1e-6, "{p}");
    }

    #[test]
    fn large_shape_approaches_poisson() {
        let a = ln_negative_binomial(3, 10.0, 1e6);
        let b = ln_poisson(3, 10.0);
        assert!((a - b).abs() < 1e-3, "{a} {b}");
    }
}
