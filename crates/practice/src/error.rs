//! Errors an author can act on. Practice cases are written by trainers and agencies, not Rust
//! programmers, so every problem names the file, the 1-based line and the field, says what is wrong
//! and what is allowed, and all problems of a set are reported at once.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

use tamiz_locate::LineStarts;
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

/// Turns a `toml` syntax or shape error into a located error naming the field (worded by
/// `tamiz-locate`, as content-file errors are).
pub(crate) fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> CaseError {
    let located = tamiz_locate::from_toml(text, error);
    CaseError {
        file: file.to_owned(),
        line: located.line,
        field: located.field,
        message: located.message,
    }
}
