//! Errors an author can act on. Practice cases are written by trainers and agencies, not Rust
//! programmers, so every problem names the file, the 1-based line and the field, says what is wrong
//! and what is allowed, and all problems of a set are reported at once.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One problem at one place in one practice-case file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseError {
    /// The file name as given to the loader (e.g. `co-flower-overtime.toml`).
    pub file: String,
    /// 1-based line of the offending value (the enclosing table's line when a field is missing).
    pub line: usize,
    /// Dotted path of the field, e.g. `observation[2].sentences` (indices count from 0).
    pub field: String,
    /// What is wrong and what is allowed instead.
    pub message: String,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.message
        )
    }
}

/// Why a bank of practice cases could not be built. Never a panic: the built-in bank returns this
/// too, so a front end can show a message instead of crashing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PracticeError {
    /// The case files have problems; all of them are listed, one per line, as `file:line: field: message`.
    #[error("{}", join_lines(.0))]
    Invalid(Vec<CaseError>),
    /// No case files were given, so there is nothing to practise on.
    #[error("no practice-case files were given; a bank needs at least one `.toml` case file")]
    Empty,
}

impl PracticeError {
    /// The individual problems (empty for [`PracticeError::Empty`]), for a CLI that prints or counts them.
    pub fn errors(&self) -> &[CaseError] {
        match self {
            PracticeError::Invalid(errors) => errors,
            PracticeError::Empty => &[],
        }
    }
}

fn join_lines(errors: &[CaseError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where each line of a file starts. A file can hold a problem in every field of every case, and
/// counting newlines from the top for each one made reporting them quadratic in the file's size (the
/// `practice_cases` fuzz target spent 40 % of its time there); this is one pass, then a binary search
/// per problem.
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        LineStarts(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1)
                .collect(),
        )
    }

    /// 1-based line of a byte offset (offsets past the end are on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset) + 1
    }
}

/// Collects located problems for one file.
pub(crate) struct Collector<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub errors: Vec<CaseError>,
    /// Built on the first problem: a file without problems never pays for it.
    lines: OnceCell<LineStarts>,
}

impl<'a> Collector<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Collector<'a> {
        Collector {
            file,
            text,
            errors: Vec::new(),
            lines: OnceCell::new(),
        }
    }

    /// Records a problem at a byte span.
    pub fn at(&mut self, span: Range<usize>, field: impl Into<String>, message: impl Into<String>) {
        let line = self
            .lines
            .get_or_init(|| LineStarts::new(self.text))
            .line_of(span.start);
        self.errors.push(CaseError {
            file: self.file.to_owned(),
            line,
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records a problem at a spanned value.
    pub fn on<T>(
        &mut self,
        value: &Spanned<T>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.at(value.span(), field, message);
    }
}

/// Turns a `toml` syntax or shape error into a located error naming the field.
pub(crate) fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> CaseError {
    let span = error.span().unwrap_or(0..0);
    let line = LineStarts::new(text).line_of(span.start);
    let mut message = error.message().trim().to_owned();
    let mut path = match DeTable::parse(text) {
        Ok(root) => {
            let mut steps = path_at(&root, span.start);
            if message.starts_with("missing field") {
                // The field is missing from the innermost table around the error.
                while steps.last().is_some_and(|(_, container)| !container) {
                    steps.pop();
                }
            }
            steps.into_iter().map(|(seg, _)| seg).collect::<Vec<_>>()
        }
        Err(_) => {
            return CaseError {
                file: file.to_owned(),
                line,
                field: "(syntax)".to_owned(),
                message: format!("{message}; this is not valid TOML (see https://toml.io)"),
            }
        }
    };
    // serde names a missing or unknown field only in its message: move the name into the path.
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // serde always closes the backtick; without one, the rest is the name.
            let end = rest.find('`').unwrap_or(rest.len());
            let name = rest[..end].to_owned();
            if path.last() != Some(&name) {
                path.push(name);
            }
            message = if prefix.starts_with("missing") {
                "this field is required here; add it".to_owned()
            } else {
                let allowed = rest.get(end + 1..).unwrap_or_default();
                format!(
                    "unknown field; {}; check the spelling",
                    allowed.trim_start_matches(',').trim()
                )
            };
        }
    }
    if message.starts_with("unknown variant") {
        message = message.replacen("unknown variant", "unknown value", 1);
    }
    CaseError {
        file: file.to_owned(),
        line,
        field: if path.is_empty() {
            "(top level)".to_owned()
        } else {
            join_path(&path)
        },
        message,
    }
}

fn join_path(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        if !seg.starts_with('[') && !out.is_empty() {
            out.push('.');
        }
        out.push_str(seg);
    }
    out
}

/// The path of the deepest value whose span contains `offset`, to name the field of serde's errors.
/// Each step says whether it names a table or array (a container), so a "missing field" error can be
/// placed on the table that lacks the field rather than on a neighbouring value. Containers are
/// searched even when their own span does not cover the offset, because an element of an array of
/// tables spans only its `[[header]]`.
fn path_at(root: &Spanned<DeTable<'_>>, offset: usize) -> Vec<(String, bool)> {
    search_table(root.get_ref(), offset).unwrap_or_default()
}

fn is_container(v: &DeValue<'_>) -> bool {
    matches!(v, DeValue::Table(_) | DeValue::Array(_))
}

fn search_table(table: &DeTable<'_>, offset: usize) -> Option<Vec<(String, bool)>> {
    for (key, v) in table.iter() {
        let here = v.span().contains(&offset) || key.span().contains(&offset);
        let deeper = search_value(v.get_ref(), offset);
        if here || deeper.is_some() {
            let mut path = vec![(key.get_ref().to_string(), is_container(v.get_ref()))];
            path.extend(deeper.unwrap_or_default());
            return Some(path);
        }
    }
    None
}

fn search_value(value: &DeValue<'_>, offset: usize) -> Option<Vec<(String, bool)>> {
    match value {
        DeValue::Table(t) => search_table(t, offset),
        DeValue::Array(array) => {
            for (n, v) in array.iter().enumerate() {
                let here = v.span().contains(&offset);
                let deeper = search_value(v.get_ref(), offset);
                if here || deeper.is_some() {
                    let mut path = vec![(format!("[{n}]"), is_container(v.get_ref()))];
                    path.extend(deeper.unwrap_or_default());
                    return Some(path);
                }
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::LineStarts;

    /// The line of every offset, against counting the newlines before it.
    #[test]
    fn line_starts_agree_with_counting_newlines() {
        for text in ["", "a", "\n", "a\nb", "a\n\nb\n", "\r\nx\r\n", "é\nñ\n\n"] {
            let lines = LineStarts::new(text);
            for offset in 0..=text.len() + 2 {
                let counted = text.as_bytes()[..offset.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                assert_eq!(lines.line_of(offset), counted, "{text:?} at {offset}");
            }
        }
    }
}
