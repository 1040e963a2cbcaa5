//! Converts the TOML content files to compact JSON in OUT_DIR, so that the built-in content is
//! loaded with `serde_json` (which the engine already brings) and the browser widget does not ship a
//! TOML parser. A file that does not parse is written empty: the library then reports it at run
//! time, and the test suite (which parses the TOML itself) shows the error with its line number.

use std::path::Path;

const FILES: [&str; 9] = [
    "vocabulary.toml",
    "results.toml",
    "questions/inspector.toml",
    "questions/migration.toml",
    "questions/prosecutor.toml",
    "questions/self.toml",
    "countries/co.toml",
    "countries/ec.toml",
    "countries/pe.toml",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=content");
    for name in FILES {
        let path = Path::new("content").join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let json = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| toml::from_str::<serde_json::Value>(&text).ok())
            .and_then(|value| serde_json::to_string(&value).ok())
            .unwrap_or_default();
        let target = Path::new(&out).join(name.replace('/', "__").replace(".toml", ".json"));
        if let Err(e) = std::fs::write(&target, json) {
            println!("cargo:warning=cannot write {}: {e}", target.display());
        }
    }
}
