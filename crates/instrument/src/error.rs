//! Content errors that an agency can act on: every error names the file, the line, the field and what
//! is allowed, because the people fixing a customised content file are not Rust programmers.

#![cfg_attr(not(feature = "toml"), allow(dead_code))]

use std::fmt;
#[cfg(feature = "toml")]
use tamiz_locate::{span_of, LineStarts};
#[cfg(feature = "toml")]
use toml::de::DeTable;

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

/// Field paths and their names come from `tamiz-locate`, shared with the practice crate so that
/// both kinds of file name their fields the same way.
pub(crate) use tamiz_locate::{path_string, Seg};

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
    let located = tamiz_locate::from_toml(text, error);
    ContentError::Invalid {
        file: file.to_owned(),
        line: located.line,
        field: located.field,
        message: located.message,
    }
}
