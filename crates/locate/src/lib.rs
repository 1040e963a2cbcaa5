//! Where in a TOML file a problem is, said the way the person fixing the file needs it: a 1-based
//! line and a dotted field path (`question[3].text.es`), with the `toml` crate's errors reworded
//! into advice ("this field is required here; add it").
//!
//! Content files (`tamiz-instrument`) and practice cases (`tamiz-practice`) are both written by
//! agencies and trainers, not Rust programmers, and both report every problem as
//! `file:line: field: message`. This crate is the one place that finds lines and paths and words
//! serde's errors, so the two say it the same way and a fix to one is a fix to both. Each crate
//! keeps its own error type (its boundary): this one returns plain values for them to wrap.
//!
//! **Features.** `toml` (default) adds everything that reads a parsed document: [`span_of`] and
//! [`from_toml`]. Without it only [`Seg`], [`path_string`] and [`LineStarts`] remain; the widget
//! builds the instrument that way, naming fields in its built-in content without parsing TOML.

#[cfg(feature = "toml")]
use std::ops::Range;

#[cfg(feature = "toml")]
use toml::de::{DeTable, DeValue};
#[cfg(feature = "toml")]
use toml::Spanned;

/// Where each line of a text starts. A file can hold a problem in every field, and counting
/// newlines from the top for each one made reporting them quadratic in the file's size (a 2.5 MB
/// content file with 8,000 problems took minutes; the `practice_cases` fuzz target spent 40 % of
/// its time there): this is one pass over the text, then a binary search per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    /// Indexes `text` once; build it when the first problem of a file is found, not before, so a
    /// file without problems never pays for it.
    pub fn new(text: &str) -> LineStarts {
        LineStarts(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1)
                .collect(),
        )
    }

    /// 1-based line of a byte offset, as editors number lines. A newline is on the line it ends;
    /// offsets past the end are on the last line, so a span that ends the file still gets a line.
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset) + 1
    }
}

/// One step of a field path: a table key or an array index. Checks build paths from these while
/// they walk a parsed file, then [`span_of`] finds the line and [`path_string`] the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A key of a table, e.g. `question`.
    Key(String),
    /// An index into an array, counting from 0 as the person sees `[[question]]` tables in order.
    Index(usize),
}

/// The field name people read in an error: `question[3].text.es`, or `(top level)` for the
/// document itself (an empty name would leave `file:1: : message`, which reads as a typo). A key
/// that is not a bare TOML key is written quoted, as in the file (`""`, `"año de registro"`), so
/// that an empty or dotted key cannot pass for another path.
pub fn path_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                let bare = !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if bare {
                    out.push_str(key);
                } else {
                    quote(key, &mut out);
                }
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

/// Writes `key` as a TOML basic string: in double quotes, with `"`, `\` and control characters
/// escaped.
fn quote(key: &str, out: &mut String) {
    out.push('"');
    for ch in key.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The source span of the deepest value along `path` that exists, so a problem found after
/// parsing (an id used twice, a date in the future) is reported on the line of its value, and a
/// problem with a missing value on the line of the table that lacks it.
#[cfg(feature = "toml")]
pub fn span_of(root: &Spanned<DeTable<'_>>, path: &[Seg]) -> Range<usize> {
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

/// A `toml` error as the person fixing the file should read it: the line, the field it concerns
/// and what to do. The caller adds the file name and wraps it in its own error type.
#[cfg(feature = "toml")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line of the error's span (the table's line when a field is missing).
    pub line: usize,
    /// The field path as [`path_string`] writes it, or `(syntax)` when the text is not TOML.
    pub field: String,
    /// What is wrong and what to do or what is allowed.
    pub message: String,
}

/// Turns a `toml` parse or deserialisation error into a [`Located`] one. serde names a missing or
/// unknown field only inside its message, and the error's span covers the table, not the field:
/// the name moves into the path, and the message says what to do instead of repeating it.
#[cfg(feature = "toml")]
pub fn from_toml(text: &str, error: &toml::de::Error) -> Located {
    let span = error.span().unwrap_or(0..0);
    let line = LineStarts::new(text).line_of(span.start);
    let mut message = error.message().trim().to_owned();
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(_) => {
            return Located {
                line,
                field: "(syntax)".to_owned(),
                message: format!("{message}; this is not valid TOML (see https://toml.io)"),
            }
        }
    };
    // A missing field's span is that of the table that lacks it, and the narrowest value around
    // its start is that table. Except for a field missing from the document itself: `toml` gives
    // it the empty span at offset 0, where the first key also starts, and that key is not the
    // table that lacks the field.
    let mut path = if message.starts_with("missing field") && span.is_empty() {
        Vec::new()
    } else {
        path_at(&root, span.start)
    };
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
    Located {
        line,
        field: path_string(&path),
        message,
    }
}

/// The path of the narrowest value (or key) whose span contains `offset`. Every node is visited,
/// because the span of an array of tables (`[[question]]`) covers only its first header, not its
/// later elements.
#[cfg(feature = "toml")]
fn path_at(root: &Spanned<DeTable<'_>>, offset: usize) -> Vec<Seg> {
    type Best = Option<(usize, Vec<Seg>)>;
    fn consider(span: Range<usize>, offset: usize, path: &[Seg], best: &mut Best) {
        let hit = span.contains(&offset) || (span.is_empty() && span.start == offset);
        if !hit {
            return;
        }
        let len = span.end - span.start;
        let better = match best {
            None => true,
            Some((l, p)) => len < *l || (len == *l && path.len() > p.len()),
        };
        if better {
            *best = Some((len, path.to_vec()));
        }
    }
    fn walk(value: &DeValue<'_>, path: &mut Vec<Seg>, offset: usize, best: &mut Best) {
        match value {
            DeValue::Table(table) => {
                for (key, v) in table.iter() {
                    path.push(Seg::Key(key.get_ref().to_string()));
                    consider(key.span(), offset, path, best);
                    consider(v.span(), offset, path, best);
                    walk(v.get_ref(), path, offset, best);
                    path.pop();
                }
            }
            DeValue::Array(array) => {
                for (n, v) in array.iter().enumerate() {
                    path.push(Seg::Index(n));
                    consider(v.span(), offset, path, best);
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
    best.map(|(_, path)| path).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{path_string, LineStarts, Seg};

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

    #[test]
    fn line_starts_count_lines_from_one_and_clamp_past_the_end() {
        let lines = LineStarts::new("a\nbc\n\nd");
        // The newline itself is on the line it ends; the byte after it starts the next.
        let by_offset: Vec<usize> = (0..=9).map(|o| lines.line_of(o)).collect();
        assert_eq!(by_offset, [1, 1, 2, 2, 2, 3, 4, 4, 4, 4]);
        assert_eq!(LineStarts::new("").line_of(5), 1);
        assert_eq!(LineStarts::new("one line\n").line_of(9), 2);
    }

    #[test]
    fn paths_read_as_dotted_keys_with_bracketed_indices() {
        let key = |k: &str| Seg::Key(k.to_owned());
        assert_eq!(
            path_string(&[key("question"), Seg::Index(3), key("text"), key("es")]),
            "question[3].text.es"
        );
        assert_eq!(
            path_string(&[key("a"), Seg::Index(0), Seg::Index(2)]),
            "a[0][2]"
        );
        assert_eq!(path_string(&[]), "(top level)");
        // Keys that are not bare are quoted as TOML writes them, so none passes for another path.
        assert_eq!(path_string(&[key("")]), r#""""#);
        assert_eq!(path_string(&[key("a.b"), key("c")]), r#""a.b".c"#);
        assert_eq!(
            path_string(&[key("año de registro")]),
            r#""año de registro""#
        );
        assert_eq!(path_string(&[key("say \"hi\"\n")]), r#""say \"hi\"\u000A""#);
    }
}
