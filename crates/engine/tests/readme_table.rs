//! The README documents the vocabulary's mapping to ICLS 2018 and the ILO 11 indicators; this test
//! keeps that table and the code from drifting apart.

use tamiz_engine::ObservationId;

#[test]
fn readme_vocabulary_table_matches_the_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md at the workspace root");
    let start = readme
        .find("<!-- vocabulary-table:start -->")
        .expect("table start marker");
    let end = readme
        .find("<!-- vocabulary-table:end -->")
        .expect("table end marker");
    let rows: Vec<Vec<String>> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.split('|').map(|c| c.trim().to_owned()).collect())
        .collect();
    assert_eq!(rows.len(), ObservationId::ALL.len(), "one row per id");
    for (row, id) in rows.iter().zip(ObservationId::ALL) {
        let info = id.info();
        assert_eq!(row[1], format!("`{}`", info.id));
        let dimension = serde_json::to_value(info.dimension).unwrap();
        assert_eq!(row[2], dimension.as_str().unwrap(), "{id}");
        assert_eq!(row[3], info.icls.unwrap_or("—"), "{id}");
        let ilo = info
            .ilo
            .map_or("—".to_owned(), |i| format!("{}.", i.number()));
        assert!(row[4].starts_with(&ilo), "{id}: {} vs {ilo}", row[4]);
    }
}
