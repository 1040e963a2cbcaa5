//! The ledger refuses overspend, tampering and truncation, and a lock keeps concurrent spenders
//! from overspending.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;

use tamiz_stats::ledger::{self, LedgerError};
use tamiz_stats::spec::Measure;

#[test]
fn refuses_overspend_and_records_spends() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1.0).unwrap();
    assert!(matches!(
        ledger::init(&p, Measure::ZCdp, 1.0),
        Err(LedgerError::Exists(_))
    ));
    let mut l = ledger::open_locked(&p).unwrap();
    l.spend(Measure::ZCdp, 0.6, 0.0, "abc", "first").unwrap();
    let e = l
        .spend(Measure::ZCdp, 0.5, 0.0, "abc", "second")
        .unwrap_err();
    assert!(matches!(e, LedgerError::Overspend { .. }), "{e}");
    assert!(e.to_string().contains("nothing was released"));
    // Pure-DP epsilon charged to a rho ledger as eps²/2.
    l.spend(Measure::Pure, 0.8, 0.0, "abc", "pure").unwrap();
    drop(l);
    let s = ledger::read(&p).unwrap();
    assert_eq!(s.entries.len(), 3);
    assert!((s.spent() - 0.92).abs() < 1e-12);
    // An epsilon ledger cannot take a zCDP release.
    let q = dir.path().join("e.jsonl");
    ledger::init(&q, Measure::Pure, 1.0).unwrap();
    let l = ledger::open_locked(&q).unwrap();
    assert!(matches!(
        l.charge(Measure::ZCdp, 0.1, 0.0),
        Err(LedgerError::Measure(_))
    ));
}

fn spent_ledger(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1.0).unwrap();
    let mut l = ledger::open_locked(&p).unwrap();
    l.spend(Measure::ZCdp, 0.2, 0.0, "abc", "one").unwrap();
    l.spend(Measure::ZCdp, 0.3, 0.0, "abc", "two").unwrap();
    p
}

#[test]
fn refuses_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let p = spent_ledger(dir.path());
    let text = std::fs::read_to_string(&p).unwrap();
    // Lower a past spend.
    std::fs::write(&p, text.replacen("\"amount\":0.3", "\"amount\":0.03", 1)).unwrap();
    let e = ledger::read(&p).unwrap_err();
    assert!(matches!(e, LedgerError::Tampered { .. }), "{e}");
    assert!(e.to_string().contains("line 3"), "{e}");
    // Raise the total.
    std::fs::write(&p, text.replacen("\"amount\":1.0", "\"amount\":10.0", 1)).unwrap();
    assert!(matches!(
        ledger::read(&p),
        Err(LedgerError::Tampered { .. })
    ));
    // Drop the last entry (whole line): caught by the head file.
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&p, lines[..2].join("\n") + "\n").unwrap();
    // One entry behind the head is refused (the head only ever lags the ledger, never leads).
    assert!(matches!(
        ledger::read(&p),
        Err(LedgerError::Tampered { .. })
    ));
    // A cut-off last line.
    std::fs::write(&p, &text[..text.len() - 10]).unwrap();
    assert!(matches!(
        ledger::read(&p),
        Err(LedgerError::Tampered { .. })
    ));
    // Restored: fine again.
    std::fs::write(&p, &text).unwrap();
    assert!((ledger::read(&p).unwrap().spent() - 0.5).abs() < 1e-12);
    // And an open_locked on a tampered ledger refuses to spend.
    let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    writeln!(f, "{}", text.lines().last().unwrap()).unwrap();
    assert!(matches!(
        ledger::open_locked(&p),
        Err(LedgerError::Tampered { .. })
    ));
}

#[test]
fn concurrent_spenders_cannot_overspend() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1.0).unwrap();
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let p = p.clone();
            std::thread::spawn(move || {
                let mut l = ledger::open_locked(&p).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(5));
                l.spend(Measure::ZCdp, 0.3, 0.0, "abc", &format!("thread {i}"))
                    .is_ok()
            })
        })
        .collect();
    let ok = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|b| *b)
        .count();
    assert_eq!(ok, 3);
    let s = ledger::read(&p).unwrap();
    assert_eq!(s.entries.len(), 4);
    assert!(s.spent() <= 1.0);
}
