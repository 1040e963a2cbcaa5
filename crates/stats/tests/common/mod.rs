//! What the statistical test binaries share: the exact distributions the release claims to draw its
//! noise from, so that `statistical.rs` (interval coverage) and `privacy_audit.rs` (goodness of fit)
//! test against one definition, written once.

use tamiz_stats::release::Plan;
use tamiz_stats::spec::Measure;

/// The noise of one table's cells, as the plan names it.
#[derive(Debug, Clone, Copy)]
pub enum Noise {
    /// The discrete Gaussian, `p(x) ∝ exp(−x²/2σ²)` (zCDP).
    Gaussian { sigma: f64 },
    /// The discrete Laplace, `p(x) ∝ exp(−|x|/b)` (pure DP).
    Laplace { b: f64 },
}

impl Noise {
    /// The noise of the plan's first table: the measure decides the distribution (zCDP is
    /// Gaussian, pure DP is Laplace), the mechanism its scale.
    pub fn of(plan: &Plan) -> Noise {
        let scale = plan.mechanisms[0].scale;
        match plan.spec.measure {
            Measure::ZCdp => Noise::Gaussian { sigma: scale },
            Measure::Pure => Noise::Laplace { b: scale },
        }
    }

    /// The probability mass at `x`, up to normalisation.
    fn weight(self, x: i64) -> f64 {
        let x = x as f64;
        match self {
            Noise::Gaussian { sigma } => (-x * x / (2.0 * sigma * sigma)).exp(),
            Noise::Laplace { b } => (-x.abs() / b).exp(),
        }
    }

    /// The probability mass function, normalised once.
    pub fn pmf(self) -> impl Fn(i64) -> f64 {
        let total = self.total_weight();
        move |x| self.weight(x) / total
    }

    /// The sum of `weight` over `|x| ≤ 60·scale`, beyond which the mass left is below 1e-26
    /// (exp(−60) for the Laplace, exp(−1800) for the Gaussian).
    fn total_weight(self) -> f64 {
        let scale = match self {
            Noise::Gaussian { sigma } => sigma,
            Noise::Laplace { b } => b,
        };
        let reach = (60.0 * scale).ceil() as i64 + 1;
        (-reach..=reach).map(|x| self.weight(x)).sum()
    }
}
