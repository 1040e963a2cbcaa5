//! Person-level bounding: no person contributes more than `max_records_per_person` records, and
//! the kept records are a random subset.
#![cfg(not(target_arch = "wasm32"))]

use tamiz_stats::data::Format;
use tamiz_stats::release::count_bytes;
use tamiz_stats::spec::parse_spec;

const SPEC: &str = "[privacy]\nunit = \"personId\"\nmax_records_per_person = 2\nrho = 0.5\n\n[[table]]\nname = \"t\"\ngroup_by = [\"c\"]\n\n[[table]]\nname = \"f\"\ngroup_by = [\"c\"]\nflags = [\"x\"]\n\n[keys]\nc = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n";

#[test]
fn one_person_never_counts_more_than_the_bound() {
    let spec = parse_spec(SPEC).unwrap();
    // p1: 50 records in cell a (all flagged); p2: 1 record.
    let mut csv = String::from("personId,c,x\n");
    for _ in 0..50 {
        csv.push_str("p1,a,1\n");
    }
    csv.push_str("p2,b,1\n");
    let counts = count_bytes(&spec, csv.as_bytes(), Format::Csv, "t.csv", None).unwrap();
    assert_eq!(counts[0].counts, vec![2, 1, 0, 0, 0]);
    assert_eq!(counts[1].counts, vec![2, 1, 0, 0, 0]);
}

#[test]
fn excess_records_are_dropped_at_random() {
    let spec = parse_spec(SPEC).unwrap();
    // One person with one record in each of five cells: each cell must be kept ~2/5 of the time.
    let csv = "personId,c,x\np,a,0\np,b,0\np,c,0\np,d,0\np,e,0\n";
    let runs = 1000;
    let mut kept = [0u32; 5];
    for _ in 0..runs {
        let counts = count_bytes(&spec, csv.as_bytes(), Format::Csv, "t.csv", None).unwrap();
        assert_eq!(counts[0].counts.iter().sum::<i64>(), 2);
        for (k, c) in kept.iter_mut().zip(&counts[0].counts) {
            *k += *c as u32;
        }
    }
    // Expected 400 each; binomial sd ≈ 15.5; ± 100 is > 6 sd.
    for (i, k) in kept.iter().enumerate() {
        assert!(
            (300..=500).contains(k),
            "cell {i} kept {k} times of {runs}: not uniform"
        );
    }
}

#[test]
fn without_a_unit_every_record_counts() {
    let spec = parse_spec(&SPEC.replace("unit = \"personId\"\n", "")).unwrap();
    let csv = "personId,c,x\np,a,1\np,a,1\np,a,0\n";
    let counts = count_bytes(&spec, csv.as_bytes(), Format::Csv, "t.csv", None).unwrap();
    assert_eq!(counts[0].counts[0], 3);
    assert_eq!(counts[1].counts[0], 2);
}
