//! Budgets at their limits: a budget too small to leave any count meaningful is refused by name
//! before anything is computed, and the privacy statement never prints a budget smaller than the
//! one spent.

use tamiz_stats::mechanism::{PrivacyError, MAX_NOISE_SCALE};
use tamiz_stats::release::{lower_bound_text, upper_bound_text, Plan};
use tamiz_stats::spec::parse_spec;

fn plan(text: &str) -> Result<Plan, PrivacyError> {
    Plan::new(parse_spec(text).expect("the spec parses"))
}

/// The input the `release_spec` fuzz target found: `rho = 4e-90` gives a noise scale near 10^44,
/// and OpenDP's discrete Gaussian accuracy helper then counted for minutes until its counter
/// overflowed.
#[test]
fn the_fuzzed_tiny_budget_is_refused_naming_the_table_and_the_field() {
    let text = include_str!("data/spec-budget-too-small.toml");
    let err = plan(text).err().expect("refused");
    let message = err.to_string();
    let PrivacyError::BudgetTooSmall {
        table,
        scale,
        budget_name,
    } = err
    else {
        panic!("expected BudgetTooSmall, got {err:?}");
    };
    assert_eq!(table, "eason_f_control");
    assert_eq!(budget_name, "rho");
    assert!(scale > 1e40, "scale {scale}");
    assert!(message.contains("raise rho"), "{message}");
    assert!(message.contains("no budget was spent"), "{message}");
}

#[test]
fn a_pure_dp_budget_too_small_names_epsilon() {
    let spec = "[privacy]\nmeasure = \"pure\"\nepsilon = 1e-9\n[[table]]\nname = \"t\"\ngroup_by = [\"c\"]\n[keys]\nc = [\"a\", \"b\"]\n";
    let err = plan(spec).err().expect("refused");
    assert!(
        matches!(
            err,
            PrivacyError::BudgetTooSmall {
                budget_name: "epsilon",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_budget_just_inside_the_limit_still_plans_with_margins() {
    // zCDP, one record a person: scale = 1 / sqrt(2 rho), so rho = 5.1e-11 gives about 99,000.
    let spec = "[privacy]\nrho = 5.1e-11\n[[table]]\nname = \"t\"\ngroup_by = [\"c\"]\n[keys]\nc = [\"a\", \"b\"]\n";
    let plan = plan(spec).expect("a scale under the limit is planned");
    let rows = plan.rows(0.05).expect("margins");
    assert!(
        rows[0].scale <= MAX_NOISE_SCALE * 1.0001,
        "{}",
        rows[0].scale
    );
    assert!(
        rows[0].margin_of_error > 150_000,
        "{}",
        rows[0].margin_of_error
    );
}

#[test]
fn the_statement_never_prints_a_tiny_budget_as_zero() {
    let spec = "[privacy]\nrho = 1e-8\n[[table]]\nname = \"t\"\ngroup_by = [\"c\"]\n[keys]\nc = [\"a\", \"b\"]\n";
    let plan = plan(spec).expect("planned");
    let st = plan.statement().expect("statement");
    assert!(!st.statement.contains("0.000000"), "{}", st.statement);
    let printed: f64 = st
        .statement
        .split("rho = ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("a number after rho =");
    assert!(printed >= st.rho.unwrap(), "{printed} < {:?}", st.rho);
    assert!(printed <= 1e-8 * 1.00001, "{printed}");
}

#[test]
fn budgets_are_printed_rounded_up_to_six_significant_digits() {
    for (x, text) in [
        (0.5, "0.5"),
        (1.0, "1"),
        (0.1234561, "0.123457"),
        (0.123456, "0.123456"),
        (0.49999999999, "0.5"),
        (123456.7, "123457"),
        (0.0001, "0.0001"),
        (9.9999999e-5, "1e-4"),
        (1e-8, "1e-8"),
        (4e-90, "4e-90"),
        (1.5e-12, "1.5e-12"),
        (2.5e7, "2.5e7"),
    ] {
        assert_eq!(upper_bound_text(x), text, "for {x:e}");
    }
}

/// A deterministic spread of values over 21 orders of magnitude, including ones just under and
/// just over their neighbours, each with its printed text parsed back.
fn printed_back(print: fn(f64) -> String) -> Vec<(f64, String, f64)> {
    let mut out = Vec::new();
    let mut x = 3.7e-15_f64;
    while x < 1e6 {
        for v in [x, x * (1.0 - 1e-15), x.next_up()] {
            let text = print(v);
            let back: f64 = text.parse().unwrap_or_else(|_| panic!("{text} parses"));
            out.push((v, text, back));
        }
        x *= 1.618_033_988_7;
    }
    out
}

#[test]
fn a_printed_budget_is_never_below_the_value_and_at_most_one_unit_in_the_sixth_digit_above() {
    for (v, text, back) in printed_back(upper_bound_text) {
        assert!(back >= v, "{text} < {v:e}");
        assert!(back <= v * (1.0 + 1.1e-5), "{text} too far above {v:e}");
    }
}

#[test]
fn what_is_left_is_printed_never_above_the_value_and_at_most_one_unit_in_the_sixth_digit_below() {
    for (v, text, back) in printed_back(lower_bound_text) {
        assert!(back <= v, "{text} > {v:e}");
        assert!(back >= v * (1.0 - 1.1e-5), "{text} too far below {v:e}");
    }
    assert_eq!(lower_bound_text(0.30000000000000004), "0.3");
    assert_eq!(lower_bound_text(0.1234569), "0.123456");
    assert_eq!(lower_bound_text(1.0000001e-8), "1e-8");
    assert_eq!(lower_bound_text(0.0), "0");
}

/// A refusal on a small ledger used to print `needs rho = 0.000000 but … has 0.000000 left`: a
/// message that reads as a bug. Both amounts are now printed, each rounded the safe way.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_refusal_on_a_tiny_ledger_prints_both_amounts_rounded_the_safe_way() {
    use tamiz_stats::ledger;
    use tamiz_stats::spec::Measure;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.jsonl");
    ledger::init(&path, Measure::ZCdp, 1e-7).unwrap();
    let mut l = ledger::open_locked(&path).unwrap();
    l.spend(Measure::ZCdp, 6e-8, 0.0, "abc", "first").unwrap();
    let message = l
        .spend(Measure::ZCdp, 6.000001e-8, 0.0, "abc", "second")
        .unwrap_err()
        .to_string();
    let between = |from: &str, to: &str| -> f64 {
        let rest = &message[message
            .find(from)
            .unwrap_or_else(|| panic!("{from}: {message}"))
            + from.len()..];
        rest[..rest.find(to).unwrap_or(rest.len())]
            .parse()
            .unwrap_or_else(|_| panic!("{message}"))
    };
    let needed = between("needs rho = ", " but");
    let left = between(" has ", " left");
    assert!(needed >= 6.000001e-8, "{message}");
    let remaining = ledger::read(&path).unwrap().remaining();
    assert!(
        left <= remaining && left > 3.9e-8,
        "{remaining:e}: {message}"
    );
}
