//! Content errors that an agency can act on: every error names the file, the line, the field and what
//! is allowed, because the people fixing a customised content file are not Rust programmers.

#![cfg_attr(not(feature = "toml"), allow(dead_code))]

use std::fmt;
#[cfg(feature = "toml")]
use std::ops::Range;

#[cfg(feature = "toml")]
use toml::de::{DeTable, DeValue};
#[cfg(feature = "toml")]
use toml::Spanned;

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// A value, key or table that is wrong, with where it is and what is allowed instead.
    #[error("{file}:{line}: {field}: {message}")]
    Invalid {
        /// The content file, as a path relative to the content directory (e.g. `questions/self.toml`).
        file: String,
        /// 1-based line of the offending value (the table's first line when a field is missing).
        line: usize,
        /// Dotted path of the field, e.g. `question[3].text.es` (indices count from 0).
        field: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A problem with a whole file (unknown file name, not UTF-8, unreadable).
    #[error("{file}: {message}")]
    File {
        /// The file, relative to the content directory.
        file: String,
        /// What is wrong and what to do.
        message: String,
    },
}

/// All the problems found in a content set. Validation reports every problem it can find at once,
/// so an agency fixes its file in one round rather than one error per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// One step of a field path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A semantic problem found after parsing, located by its path in the document.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub path: Vec<Seg>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &[Seg], message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_vec(),
            message: message.into(),
        }
    }
}

/// Builds a path from a list of segments: `p(&[k("question"), i(3), k("text")])`.
pub(crate) fn k(key: &str) -> Seg {
    Seg::Key(key.to_owned())
}

pub(crate) fn i(index: usize) -> Seg {
    Seg::Index(index)
}

pub(crate) fn path_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() {
        "(top level)".to_owned()
    } else {
        out
    }
}

#[cfg(feature = "toml")]
/// Where each line of a text starts, so that locating every problem of a file costs one scan of it
/// and a binary search per problem. Counting newlines from the top for each problem made
/// `tamiz content check` quadratic: a 2.5 MB file with 8,000 problems took minutes.
pub(crate) struct LineStarts(Vec<usize>);

#[cfg(feature = "toml")]
impl LineStarts {
    pub(crate) fn new(text: &str) -> LineStarts {
        LineStarts(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1)
                .collect(),
        )
    }

    /// 1-based line of a byte offset (offsets past the end are on the last line).
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset) + 1
    }
}

#[cfg(feature = "toml")]
/// The source span of the deepest existing value along `path`.
fn span_of(root: &Spanned<DeTable<'_>>, path: &[Seg]) -> Range<usize> {
    let mut span = 0..0;
    let mut current: Option<&DeValue<'_>> = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    for seg in path {
        let next = match (seg, table, current) {
            (Seg::Key(key), Some(t), _) => t.get(key.as_str()),
            (Seg::Index(index), _, Some(DeValue::Array(array))) => array.get(*index),
            _ => None,
        };
        let Some(next) = next else { break };
        span = next.span();
        current = Some(next.get_ref());
        table = next.get_ref().as_table();
    }
    span
}

#[cfg(feature = "toml")]
/// The path of the narrowest value (or key) whose span contains `offset`, for locating serde's
/// errors. Every node is visited, because the span of an array of tables (`[[question]]`) covers only
/// its first header, not its later elements.
fn path_at(root: &Spanned<DeTable<'_>>, offset: usize) -> Vec<Seg> {
    fn walk(
        value: &DeValue<'_>,
        path: &mut Vec<Seg>,
        offset: usize,
        best: &mut Option<(usize, Vec<Seg>)>,
    ) {
        let consider =
            |span: Range<usize>, path: &Vec<Seg>, best: &mut Option<(usize, Vec<Seg>)>| {
                let hit = span.contains(&offset) || (span.is_empty() && span.start == offset);
                if hit {
                    let len = span.end - span.start;
                    let better = match best {
                        None => true,
                        Some((l, p)) => len < *l || (len == *l && path.len() > p.len()),
                    };
                    if better {
                        *best = Some((len, path.clone()));
                    }
                }
            };
        match value {
            DeValue::Table(table) => {
                for (key, v) in table.iter() {
                    path.push(Seg::Key(key.get_ref().to_string()));
                    consider(key.span(), path, best);
                    consider(v.span(), path, best);
                    walk(v.get_ref(), path, offset, best);
                    path.pop();
                }
            }
            DeValue::Array(array) => {
                for (n, v) in array.iter().enumerate() {
                    path.push(Seg::Index(n));
                    consider(v.span(), path, best);
                    walk(v.get_ref(), path, offset, best);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut best = None;
    let root_value = DeValue::Table(root.get_ref().clone());
    walk(&root_value, &mut Vec::new(), offset, &mut best);
    best.map(|(_, p)| p).unwrap_or_default()
}

#[cfg(feature = "toml")]
/// Turns post-parse problems into located errors.
pub(crate) fn locate(file: &str, text: &str, problems: Vec<Problem>) -> Vec<ContentError> {
    if problems.is_empty() {
        // The usual case: skip parsing the text a second time just to find no lines.
        return Vec::new();
    }
    let root = DeTable::parse(text).ok();
    let lines = LineStarts::new(text);
    problems
        .into_iter()
        .map(|p| {
            let line = root
                .as_ref()
                .map_or(1, |r| lines.line_of(span_of(r, &p.path).start));
            ContentError::Invalid {
                file: file.to_owned(),
                line,
                field: path_string(&p.path),
                message: p.message,
            }
        })
        .collect()
}

#[cfg(feature = "toml")]
/// Turns a `toml` parse or deserialisation error into a located error naming the field.
pub(crate) fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> ContentError {
    let span = error.span().unwrap_or(0..0);
    let line = LineStarts::new(text).line_of(span.start);
    let mut message = error.message().trim().to_owned();
    let mut path = match DeTable::parse(text) {
        Ok(root) => path_at(&root, span.start),
        Err(_) => {
            return ContentError::Invalid {
                file: file.to_owned(),
                line,
                field: "(syntax)".to_owned(),
                message: format!("{message}; this is not valid TOML (see https://toml.io)"),
            }
        }
    };
    // serde names the missing or unknown field only in the message: move it into the path.
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // serde always closes the backtick; without one, the rest is the name.
            let end = rest.find('`').unwrap_or(rest.len());
            let name = rest[..end].to_owned();
            if path.last() != Some(&Seg::Key(name.clone())) {
                path.push(Seg::Key(name));
            }
            if prefix.starts_with("missing") {
                message = "this field is required here; add it".to_owned();
            } else {
                let allowed = rest
                    .get(end + 1..)
                    .unwrap_or_default()
                    .trim_start_matches(',')
                    .trim()
                    .trim_start_matches("expected one of")
                    .trim_start_matches("expected")
                    .trim();
                message = if allowed.is_empty() || allowed.starts_with("there are no fields") {
                    "unknown field; remove it".to_owned()
                } else {
                    format!("unknown field; check the spelling (allowed here: {allowed})")
                };
            }
        }
    }
    if message.starts_with("unknown variant") {
        message = message.replacen("unknown variant", "unknown value", 1);
    }
    ContentError::Invalid {
        file: file.to_owned(),
        line,
        field: path_string(&path),
        message,
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::LineStarts;

    #[test]
    fn line_starts_count_lines_from_one_and_clamp_past_the_end() {
        let lines = LineStarts::new("a\nbc\n\nd");
        // The newline itself is on the line it ends; the byte after it starts the next.
        let by_offset: Vec<usize> = (0..=9).map(|o| lines.line_of(o)).collect();
        assert_eq!(by_offset, [1, 1, 2, 2, 2, 3, 4, 4, 4, 4]);
        assert_eq!(LineStarts::new("").line_of(5), 1);
        assert_eq!(LineStarts::new("one line\n").line_of(9), 2);
    }
}
