//! `fuzz/unreachable.toml`: the arms of Tamiz's code that a fuzz target enters but cannot run, each
//! with its reason. The stop rule (fuzz/README.md) needs every gap that [`super::regions::gaps`]
//! lists to be either reached by an input or explained; in session 22 the explanations were a table
//! in prose, which nothing checked and which line numbers made stale at the next edit. Here each
//! explanation names its file, and its function or the text of the line, never a line number, and
//! `gaps` reports an explanation that no longer matches anything, so the list cannot rot silently.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::util::root;

/// The file's shape: `[[arm]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArmsFile {
    #[serde(default)]
    arm: Vec<Arm>,
}

/// One explanation: the gaps it covers and why the targets it names cannot run them.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Arm {
    /// The fuzz targets that cannot reach these arms (an arm one target reaches is another's gap).
    pub targets: Vec<String>,
    /// The source file, from the checkout's root (`crates/stats/src/spec.rs`).
    pub file: String,
    /// The function, as the end of its demangled path (`validate`, `spec::Spec::validate`): its
    /// closures and nested functions are included. Without it, any function of the file.
    pub function: Option<String>,
    /// Text the gap's first source line contains. Without it, any line of the function or file.
    pub line: Option<String>,
    /// With `line`: the arm covers a block, every gap from a line containing `line` down to the
    /// next line containing `through` (at most [`BLOCK_LINES`] lines), such as an `if`'s body,
    /// whose statements are regions of their own.
    pub through: Option<String>,
    /// Why the targets cannot run these arms, in words a reviewer can check against the code.
    pub reason: String,
}

/// The explanations of `fuzz/unreachable.toml`, checked when loaded.
#[derive(Debug, Default)]
pub struct Unreachable {
    pub arms: Vec<Arm>,
}

/// The longest block a `through` arm covers, so that a `through` text that is missing or
/// misspelt cannot silently stretch the arm over the rest of the file.
pub const BLOCK_LINES: u64 = 40;

/// `fuzz/unreachable.toml` in the checkout.
pub fn default_path() -> PathBuf {
    root().join("fuzz/unreachable.toml")
}

impl Unreachable {
    /// Reads and checks `path`; a missing file explains nothing.
    pub fn load(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Ok(Self::default());
        }
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses the TOML and checks each arm: known targets, a file under `crates/`, a reason, and
    /// at least a function or a line (a whole file unexplained by either is too broad to review).
    pub fn parse(text: &str, path: &str) -> Result<Self> {
        let file: ArmsFile = toml::from_str(text).with_context(|| {
            format!("{path} is not a list of [[arm]] tables with targets, file, function or line, and reason")
        })?;
        for (i, arm) in file.arm.iter().enumerate() {
            let at = format!("{path}, arm {} (file `{}`)", i + 1, arm.file);
            if arm.targets.is_empty() {
                bail!("{at}: `targets` is empty; name the fuzz targets that cannot reach it");
            }
            for target in &arm.targets {
                if !super::TARGETS.contains(&target.as_str()) {
                    bail!(
                        "{at}: unknown fuzz target `{target}`; targets: {}",
                        super::TARGETS.join(", ")
                    );
                }
            }
            if !arm.file.starts_with("crates/") {
                bail!("{at}: `file` must be a path under crates/, as `gaps` prints it");
            }
            if arm.function.is_none() && arm.line.is_none() {
                bail!("{at}: give a `function` or a `line`; a whole file is too broad to review");
            }
            if arm.through.is_some() && arm.line.is_none() {
                bail!("{at}: `through` ends a block that `line` starts; give the `line` too");
            }
            if arm.reason.trim().is_empty() {
                bail!("{at}: `reason` is empty; say why the targets cannot run this arm");
            }
        }
        Ok(Self { arms: file.arm })
    }

    /// The index of the first arm that explains a gap of `target`: in `file`, of a function with one
    /// of the demangled `names` (a generic function's instantiations share their regions, so a gap
    /// can have several), starting on line `line_no`, whose source `source(n)` gives by line.
    pub fn explain<'n>(
        &self,
        target: &str,
        file: &str,
        names: impl IntoIterator<Item = &'n String> + Clone,
        line_no: u64,
        source: &mut dyn FnMut(u64) -> String,
    ) -> Option<usize> {
        self.arms.iter().position(|arm| {
            arm.targets.iter().any(|t| t == target)
                && arm.file == file
                && arm.function.as_deref().is_none_or(|f| {
                    names
                        .clone()
                        .into_iter()
                        .any(|name| names_function(name, f))
                })
                && arm.covers(line_no, source)
        })
    }
}

impl Arm {
    /// Whether the gap starting on `line_no` is on the arm's line, or in its block.
    fn covers(&self, line_no: u64, source: &mut dyn FnMut(u64) -> String) -> bool {
        let Some(first) = self.line.as_deref() else {
            return true;
        };
        let Some(through) = self.through.as_deref() else {
            return source(line_no).contains(first);
        };
        // Up from the gap: the block's first line, unless a line ending the block comes first.
        let lowest = line_no.saturating_sub(BLOCK_LINES).max(1);
        for n in (lowest..=line_no).rev() {
            let text = source(n);
            if text.contains(first) {
                return true;
            }
            if n < line_no && text.contains(through) {
                return false;
            }
        }
        false
    }
}

/// Whether the demangled `name` is the function `pattern` or inside it: `pattern` ends a run of
/// `::`-separated segments of `name` (so `validate` matches `tamiz_stats::spec::validate` and
/// `tamiz_stats::spec::validate::{closure#0}`, but not `validate_keys`).
fn names_function(name: &str, pattern: &str) -> bool {
    name.match_indices(pattern).any(|(at, _)| {
        let before = &name[..at];
        let after = &name[at + pattern.len()..];
        let starts = before.is_empty() || before.ends_with("::") || before.ends_with(['<', ' ']);
        let ends = after.is_empty() || after.starts_with("::") || after.starts_with(['>', '<']);
        starts && ends
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARMS: &str = r#"
        [[arm]]
        targets = ["csv_rows", "xlsx"]
        file = "crates/stats/src/spec.rs"
        function = "spec::validate"
        reason = "the targets count with one fixed, valid spec"

        [[arm]]
        targets = ["xlsx"]
        file = "crates/stats/src/data.rs"
        line = "DataRef::Int"
        reason = "calamine's XLSX reader never makes an Int cell"
    "#;

    /// A gap of `function` in `file`, on the one line `text` (line 1).
    fn explain_one(
        u: &Unreachable,
        target: &str,
        file: &str,
        function: &str,
        text: &str,
    ) -> Option<usize> {
        u.explain(target, file, &[function.to_string()], 1, &mut |_| {
            text.to_string()
        })
    }

    /// A region shared by a generic function's instantiations is explained by an arm naming any
    /// one of them, not only the one the coverage export happened to list first.
    #[test]
    fn an_arm_naming_one_instantiation_explains_a_region_they_share() {
        let u = Unreachable::parse(
            r#"
            [[arm]]
            targets = ["csv_rows"]
            file = "crates/stats/src/data.rs"
            function = "read_csv::<&[u8]>"
            reason = "the target reads from a byte slice"
            "#,
            "unreachable.toml",
        )
        .unwrap();
        let data = "crates/stats/src/data.rs";
        let file = "tamiz_stats::data::read_csv::<std::fs::File>::{closure#0}".to_string();
        let slice = "tamiz_stats::data::read_csv::<&[u8]>::{closure#0}".to_string();
        let mut line = |_: u64| String::new();
        let both = [file.clone(), slice];
        assert_eq!(u.explain("csv_rows", data, &both, 1, &mut line), Some(0));
        assert_eq!(u.explain("csv_rows", data, &[file], 1, &mut line), None);
    }

    #[test]
    fn an_arm_explains_gaps_of_its_targets_function_and_line_only() {
        let u = Unreachable::parse(ARMS, "unreachable.toml").unwrap();
        let spec = "crates/stats/src/spec.rs";
        let validate = "tamiz_stats::spec::validate";
        assert_eq!(explain_one(&u, "xlsx", spec, validate, "x"), Some(0));
        let closure = "tamiz_stats::spec::validate::{closure#0}";
        assert_eq!(explain_one(&u, "csv_rows", spec, closure, "x"), Some(0));
        assert_eq!(explain_one(&u, "release_spec", spec, validate, "x"), None);
        let other = "tamiz_stats::spec::validate_keys";
        assert_eq!(explain_one(&u, "xlsx", spec, other, "x"), None);
        let data = "crates/stats/src/data.rs";
        let read = "tamiz_stats::data::read_xlsx";
        let int = "            DataRef::Int(i) => i.to_string(),";
        assert_eq!(explain_one(&u, "xlsx", data, read, int), Some(1));
        assert_eq!(explain_one(&u, "xlsx", data, read, "DataRef::Float"), None);
        assert_eq!(explain_one(&u, "csv_rows", data, read, int), None);
    }

    #[test]
    fn a_through_arm_covers_its_block_and_no_further() {
        let arms = r#"
            [[arm]]
            targets = ["practice_cases"]
            file = "crates/practice/src/load.rs"
            line = "if let Some(other)"
            through = "});"
            reason = "one file per input"
        "#;
        let u = Unreachable::parse(arms, "u.toml").unwrap();
        let source = [
            "let n = 1;",
            "if let Some(other) = cases.iter().find(|c| c.id == case.id) {",
            "    errors.push(CaseError {",
            "        file: file.to_owned(),",
            "    });",
            "}",
            "cases.push(case);",
        ];
        let mut line = |n: u64| source[n as usize - 1].to_string();
        let file = "crates/practice/src/load.rs";
        let build = ["build".to_string()];
        let covered: Vec<u64> = (1..=7)
            .filter(|&n| {
                u.explain("practice_cases", file, &build, n, &mut line)
                    .is_some()
            })
            .collect();
        assert_eq!(covered, [2, 3, 4, 5]);
    }

    #[test]
    fn a_bad_arm_is_refused_with_where_and_what_to_do() {
        let unknown = ARMS.replace("\"csv_rows\"", "\"csv\"");
        let err = format!("{:#}", Unreachable::parse(&unknown, "u.toml").unwrap_err());
        assert!(
            err.contains("u.toml, arm 1") && err.contains("unknown fuzz target `csv`"),
            "{err}"
        );
        let broad = "[[arm]]\ntargets = [\"xlsx\"]\nfile = \"crates/a.rs\"\nreason = \"r\"\n";
        let err = format!("{:#}", Unreachable::parse(broad, "u.toml").unwrap_err());
        assert!(err.contains("give a `function` or a `line`"), "{err}");
        let no_reason = ARMS.replace("calamine's XLSX reader never makes an Int cell", " ");
        let err = format!(
            "{:#}",
            Unreachable::parse(&no_reason, "u.toml").unwrap_err()
        );
        assert!(
            err.contains("arm 2") && err.contains("`reason` is empty"),
            "{err}"
        );
        let headless = "[[arm]]\ntargets = [\"xlsx\"]\nfile = \"crates/a.rs\"\nfunction = \"f\"\n\
                        through = \"}\"\nreason = \"r\"\n";
        let err = format!("{:#}", Unreachable::parse(headless, "u.toml").unwrap_err());
        assert!(err.contains("give the `line` too"), "{err}");
        let typo = ARMS.replace("line =", "lines =");
        let err = format!("{:#}", Unreachable::parse(&typo, "u.toml").unwrap_err());
        assert!(err.contains("lines"), "{err}");
    }
}
