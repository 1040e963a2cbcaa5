//! The fast CSV reader for big files: the input is read in large blocks cut at record boundaries,
//! and the blocks are tokenised and counted on all cores, each into its own copy of the visitor;
//! the copies are merged back in file order.
//!
//! It must behave exactly like [`crate::data::read_csv`] (the `csv` crate, one record at a time):
//! same rows, same line numbers, same errors (the first error in file order wins), so
//! `tests/csv_blocks.rs` compares the two on generated files with quotes, CRLF, blank lines and
//! ragged rows, at block sizes down to a few bytes.
//!
//! * **Cutting blocks.** A block may only end right after a record terminator (`\n` or `\r`) that
//!   is not inside a quoted field. Without a `"` in the block, every terminator qualifies. With
//!   quotes, the cut is found by following csv-core's rules: a quote opens a quoted field only at
//!   the start of a field (elsewhere it is a literal byte), `""` inside one is a literal quote, and
//!   any other quote closes it. If no safe terminator is in the block (a huge quoted field), the
//!   block grows until one is, as the `csv` crate's record buffer would.
//! * **Tokenising.** Blocks without a `"` (the usual case: CTDC exports and `tamiz synth` output
//!   quote nothing) are split by a small hand-written loop; blocks with a quote go through the
//!   `csv` crate as before. The hand-written loop exists for speed: csv-core's general state
//!   machine copies every field of every record into a `ByteRecord` (43 columns, where a spec reads
//!   about 5), which was 42% of a release's time. Without quotes CSV is only "split at the
//!   separator, end at `\r` or `\n`, skip empty lines", so the loop cuts out the fields up to the
//!   last wanted column and then only counts separators to the end of the record (for the
//!   ragged-row check). Anything with a quote is left to the `csv` crate, which defines the format.
//! * **Line numbers.** The `csv` crate reports a record at the line where it started reading it:
//!   1 + the `\n` bytes consumed before, which is after the previous record's terminator byte and
//!   before any blank lines (and before the `\n` of a `\r\n`). The block reader counts the same
//!   way: each block gets its first line number from the `\n` count of the blocks before it.
//! * **Memory.** At most `threads + 2` blocks are in memory (default block 2 MiB), so memory does
//!   not grow with the file; buffers are reused.
//! * **Errors.** A failed block stops the reading of new blocks; blocks before it finish, and the
//!   error of the earliest failed block is returned, which is the error the sequential reader
//!   would have met first. As with the sequential reader, the visitor's state after an error is
//!   partial and must be thrown away (the release stops before anything is noised or spent).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc;
use std::sync::Mutex;

use memchr::{memchr, memchr2, memrchr2};

use crate::data::{
    csv_builder, csv_column_label, detect_separator, err, header_names, not_utf8, ragged,
    visit_csv_record, DataError, RowVisitor,
};

/// A [`RowVisitor`] whose rows can be split into pieces visited by separate copies (on separate
/// threads) and merged back in file order, so that big files are read on every core.
pub trait SplitVisitor: RowVisitor + Send + Sized {
    /// Whether pieces may be visited by separate copies. When `false`, blocks are visited in
    /// order by `self` alone: the fast tokeniser still applies, on one thread.
    fn splittable(&self) -> bool;
    /// A copy that has seen the same header (same setup) but no rows.
    fn fork(&self) -> Self;
    /// Adds what `later` saw; `later` visited rows that come after every row `self` visited.
    /// An error fails the read, as if met while visiting `later`'s rows.
    fn merge(&mut self, later: Self) -> Result<(), DataError>;
}

/// Settings of [`read_csv_blocks`].
#[derive(Debug, Clone, Copy)]
pub struct BlockOptions {
    /// Bytes per block (a block grows past this only to finish a record). A few MiB amortise the
    /// per-block work while keeping memory small.
    pub block_bytes: usize,
    /// Worker threads; 1 visits every block on the calling thread.
    pub threads: usize,
}

impl Default for BlockOptions {
    /// Every available core up to 8 (beyond that, reading the file on one thread is the limit),
    /// with blocks of 2 MiB or less so that the `threads + 2` blocks in memory stay within 16 MiB
    /// (the release's memory budget is 64 MB, and with a person unit the person table needs room).
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        BlockOptions {
            block_bytes: ((16 << 20) / (threads + 2)).min(2 << 20),
            threads,
        }
    }
}

/// What every block needs to know about the file.
struct Shape<'h> {
    file: &'h str,
    sep: u8,
    header: &'h [String],
    wanted: Option<&'h [bool]>,
}

/// One block: starts at a record start, ends after a record terminator (or at the end of file).
struct Block {
    index: usize,
    bytes: Vec<u8>,
    /// The line number the `csv` crate gives a record starting at the block's first byte.
    first_line: u64,
    /// Whether the block has a `"` (then the `csv` crate tokenises it).
    quoted: bool,
}

/// Streams a CSV file into `visitor` in blocks, on `opts.threads` threads; same results and errors
/// as [`crate::data::read_csv`]. `progress` gets the bytes read so far after each block.
pub fn read_csv_blocks<R: Read, V: SplitVisitor>(
    mut input: R,
    file: &str,
    visitor: &mut V,
    progress: &mut dyn FnMut(u64),
    opts: BlockOptions,
) -> Result<(), DataError> {
    let block_bytes = opts.block_bytes.max(1);
    let read_err = |e: std::io::Error| err(file, 0, "-", format!("not readable as CSV: {e}"));

    // The header, exactly as read_csv reads it: the separator from the first line, then the first
    // record with the csv crate. Read enough of the file to hold both.
    let mut head = Vec::new();
    let mut eof = false;
    while !eof && memchr(b'\n', &head).is_none() {
        // Doubling: a header longer than a block is read (and searched) a logarithmic number of times.
        let want = (head.len() * 2).max(block_bytes);
        eof = fill(&mut input, &mut head, want)
            .map_err(|e| err(file, 1, "-", format!("cannot read: {e}")))?;
    }
    let first_line = &head[..memchr(b'\n', &head).map_or(head.len(), |i| i + 1)];
    if first_line.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(
            file,
            1,
            "-",
            "empty file: expected a header row naming the columns",
        ));
    }
    let sep = detect_separator(first_line);
    let mut rec = csv::ByteRecord::new();
    let (data_start, mut line) = loop {
        let mut rdr = csv_builder(sep).from_reader(&head[..]);
        let found = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| err(file, 1, "-", format!("not readable as CSV: {e}")))?;
        if found {
            let pos = rdr.position();
            // The header is complete if the reader stopped before the end of what we have.
            if (pos.byte() as usize) < head.len() || eof {
                break (pos.byte() as usize, pos.line());
            }
        } else if eof {
            return Err(err(file, 1, "-", "empty file: expected a header row"));
        }
        // Not found yet, but more to read: the `csv` crate dropped a byte-order mark on a line of
        // its own and skipped the blank lines after it, so the header is further on.
        let want = (head.len() * 2).max(block_bytes);
        eof = fill(&mut input, &mut head, want)
            .map_err(|e| err(file, 1, "-", format!("cannot read: {e}")))?;
    };
    let header = header_names(&rec, file)?;
    visitor.header(&header, file)?;
    let wanted = visitor.wanted();
    let shape = Shape {
        file,
        sep,
        header: &header,
        wanted: wanted.as_deref(),
    };

    // The blocks: `carry` is the start of a record that did not fit in the previous block.
    let mut carry = head.split_off(data_start);
    drop(head);
    let mut consumed = data_start as u64;
    let mut index = 0usize;
    let mut next_block = |buf: &mut Vec<u8>, carry: &mut Vec<u8>, eof: &mut bool| {
        buf.clear();
        buf.extend_from_slice(carry);
        let mut want = block_bytes.max(carry.len() + 1);
        loop {
            if !*eof && buf.len() < want {
                *eof = fill(&mut input, buf, want).map_err(read_err)?;
            }
            if buf.is_empty() {
                return Ok(None);
            }
            // (Not at the end of the input, `fill` has read `want` bytes.)
            let cut = if *eof {
                Some(buf.len())
            } else {
                safe_cut(buf, sep)
            };
            match cut {
                Some(c) => {
                    carry.clear();
                    carry.extend_from_slice(&buf[c..]);
                    buf.truncate(c);
                    let quoted = memchr(b'"', buf).is_some();
                    let lines = count_newlines(buf);
                    let b = Block {
                        index,
                        bytes: std::mem::take(buf),
                        first_line: line,
                        quoted,
                    };
                    index += 1;
                    line += lines;
                    consumed += c as u64;
                    return Ok(Some((b, consumed)));
                }
                // No safe place to cut yet: a record longer than the block.
                None => want = buf.len() * 2,
            }
        }
    };

    if opts.threads <= 1 || !visitor.splittable() {
        let mut buf = Vec::new();
        while let Some((block, done)) = next_block(&mut buf, &mut carry, &mut eof)? {
            visit_block(&block, &shape, visitor)?;
            buf = block.bytes;
            progress(done);
        }
        return Ok(());
    }

    let threads = opts.threads;
    let (job_tx, job_rx) = mpsc::sync_channel::<(Block, V)>(threads);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<V>>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            let shape = &shape;
            scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((block, mut piece)) = job else { return };
                let result = visit_block(&block, shape, &mut piece).map(|()| piece);
                let done = Done {
                    index: block.index,
                    result,
                    bytes: block.bytes,
                };
                if done_tx.send(done).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);

        let mut merger = Merger {
            pending: BTreeMap::new(),
            next: 0,
            spare: Vec::new(),
            first_error: None,
        };
        let mut in_flight = 0usize;
        let mut read_failure = None;
        while merger.first_error.is_none() {
            // Bounded memory: at most `threads + 1` blocks queued or being visited.
            while in_flight > threads {
                let Ok(d) = done_rx.recv() else { break };
                in_flight -= 1;
                merger.take(d, visitor);
            }
            while let Ok(d) = done_rx.try_recv() {
                in_flight -= 1;
                merger.take(d, visitor);
            }
            if merger.first_error.is_some() {
                break;
            }
            let mut buf = merger.spare.pop().unwrap_or_default();
            match next_block(&mut buf, &mut carry, &mut eof) {
                Ok(Some((block, done))) => {
                    let piece = visitor.fork();
                    if job_tx.send((block, piece)).is_err() {
                        break;
                    }
                    in_flight += 1;
                    progress(done);
                }
                Ok(None) => break,
                Err(e) => {
                    read_failure = Some(e);
                    break;
                }
            }
        }
        // Let the workers finish what they have (earlier blocks may hold an earlier error).
        drop(job_tx);
        for d in done_rx.iter() {
            merger.take(d, visitor);
        }
        match (merger.first_error, read_failure) {
            (Some((_, e)), _) | (None, Some(e)) => Err(e),
            (None, None) => Ok(()),
        }
    })
}

/// A visited block, back from a worker with its buffer for reuse.
struct Done<V> {
    index: usize,
    result: Result<V, DataError>,
    bytes: Vec<u8>,
}

/// Merges visited blocks into the caller's visitor in file order.
struct Merger<V> {
    /// Visited blocks that wait for an earlier one.
    pending: BTreeMap<usize, V>,
    /// The index of the next block to merge.
    next: usize,
    /// Buffers to reuse.
    spare: Vec<Vec<u8>>,
    /// The earliest failed block and its error.
    first_error: Option<(usize, DataError)>,
}

impl<V: SplitVisitor> Merger<V> {
    fn take(&mut self, done: Done<V>, visitor: &mut V) {
        self.spare.push(done.bytes);
        match done.result {
            Ok(piece) => {
                self.pending.insert(done.index, piece);
                while self.first_error.is_none() {
                    let Some(p) = self.pending.remove(&self.next) else {
                        break;
                    };
                    if let Err(e) = visitor.merge(p) {
                        self.first_error = Some((self.next, e));
                    }
                    self.next += 1;
                }
            }
            Err(e) => {
                if self
                    .first_error
                    .as_ref()
                    .is_none_or(|(j, _)| done.index < *j)
                {
                    self.first_error = Some((done.index, e));
                }
            }
        }
    }
}

/// Reads from `input` into `buf` until it holds `want` bytes or the input ends; returns whether
/// the input ended.
fn fill<R: Read>(input: &mut R, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    if buf.capacity() < want {
        buf.reserve_exact(want - buf.len());
    }
    while buf.len() < want {
        let need = (want - buf.len()) as u64;
        let got = input.by_ref().take(need).read_to_end(buf)?;
        if got == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `\n` bytes in `b` (the `csv` crate's line counter counts exactly these).
fn count_newlines(b: &[u8]) -> u64 {
    count_byte(b, b'\n') as u64
}

/// Occurrences of `x` in `b`, in a form the compiler vectorises.
fn count_byte(b: &[u8], x: u8) -> usize {
    let mut n = 0usize;
    for chunk in b.chunks(255) {
        n += chunk.iter().fold(0u8, |a, &c| a + u8::from(c == x)) as usize;
    }
    n
}

/// Whether `b` ends a record (outside quoted fields; CRLF, LF and CR all do).
fn is_term(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// The length of the longest prefix of `buf` (which starts where a record is about to be read)
/// that ends right after the terminator of a record, following csv-core's quoting rules; `None`
/// if there is none yet.
///
/// The cut goes after the *first* terminator byte of a run (`\r\n`, blank lines): the `csv`
/// crate gives a record the line where it started reading it, which is before the rest of such a
/// run, so the next block must start there too for its line numbers to come out the same.
fn safe_cut(buf: &[u8], sep: u8) -> Option<usize> {
    if memchr(b'"', buf).is_none() {
        return last_record_end(buf, 0, buf.len());
    }
    let mut cut = None;
    // `pos` is outside quoted fields.
    let mut pos = 0usize;
    loop {
        let next_quote = memchr(b'"', &buf[pos..]).map(|i| pos + i);
        let stretch_end = next_quote.unwrap_or(buf.len());
        if let Some(c) = last_record_end(buf, pos, stretch_end) {
            cut = Some(c);
        }
        let Some(q) = next_quote else {
            return cut;
        };
        // A quote opens a quoted field only at the start of a field.
        let opens = q == 0 || is_term(buf[q - 1]) || buf[q - 1] == sep;
        if !opens {
            pos = q + 1;
            continue;
        }
        let mut k = q + 1;
        loop {
            let c = match memchr(b'"', &buf[k..]) {
                Some(i) => k + i,
                None => return cut, // the quoted field runs past the buffer
            };
            match buf.get(c + 1) {
                None => return cut, // cannot tell yet whether it closes the field
                Some(b'"') => k = c + 2,
                Some(_) => {
                    pos = c + 1;
                    break;
                }
            }
        }
    }
}

/// In the unquoted stretch `buf[from..to]`, the end (one past) of the last terminator byte that
/// follows a non-terminator byte, i.e. that ends a record rather than an empty line. The byte
/// before `from` (when `from > 0`) is a quote, never a terminator.
fn last_record_end(buf: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut end = to;
    while let Some(i) = memrchr2(b'\n', b'\r', &buf[from..end]) {
        let mut t = from + i;
        while t > from && is_term(buf[t - 1]) {
            t -= 1;
        }
        if t > 0 && !is_term(buf[t - 1]) {
            return Some(t + 1);
        }
        end = t;
    }
    None
}

/// Visits the records of one block.
fn visit_block(
    block: &Block,
    shape: &Shape,
    visitor: &mut dyn RowVisitor,
) -> Result<(), DataError> {
    if block.quoted {
        visit_quoted_block(block, shape, visitor)
    } else {
        visit_plain_block(&block.bytes, block.first_line, shape, visitor)
    }
}

/// A block with quotes: the `csv` crate tokenises it, exactly as in `read_csv`.
fn visit_quoted_block(
    block: &Block,
    shape: &Shape,
    visitor: &mut dyn RowVisitor,
) -> Result<(), DataError> {
    let mut rdr = csv_builder(shape.sep).from_reader(&block.bytes[..]);
    let mut rec = csv::ByteRecord::new();
    let label = |i: usize| csv_column_label(shape.header, i);
    loop {
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| err(shape.file, 0, "-", format!("not readable as CSV: {e}")))?;
        if !more {
            return Ok(());
        }
        let line = block.first_line + rec.position().map_or(1, |p| p.line()) - 1;
        let mut fields = Vec::with_capacity(shape.header.len());
        visit_csv_record(
            &rec,
            line,
            shape.header,
            shape.wanted,
            shape.file,
            &mut fields,
            &label,
            visitor,
        )?;
    }
}

/// Bytes equal to `x`, 8 at a time: the high bit of each byte of the result is set exactly where
/// the byte of `w` equals the byte repeated in `x` (no false positives, unlike the shorter
/// borrow-based trick, so several matches in one word can be taken in turn).
#[inline(always)]
fn eq_bytes(w: u64, x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = w ^ x;
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// Splits the record starting at `p` (a non-terminator byte) of a quote-free block: fills
/// `spans` with the byte ranges of the first `spans.len()` fields and returns the number of
/// fields and the position of the terminator (or the end of the block). Eight bytes at a time:
/// records are mostly long runs of ordinary bytes.
#[inline]
fn split_record(b: &[u8], mut p: usize, sep: u8, spans: &mut [(usize, usize)]) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (seps, nls, crs) = (
        ONES * u64::from(sep),
        ONES * u64::from(b'\n'),
        ONES * u64::from(b'\r'),
    );
    let want = spans.len();
    let mut count = 0usize; // fields ended so far
    let mut start = p;
    while let Some(word) = b.get(p..p + 8) {
        let w = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        let terms = eq_bytes(w, nls) | eq_bytes(w, crs);
        let mut s = eq_bytes(w, seps);
        if terms != 0 {
            s &= (terms & terms.wrapping_neg()) - 1; // separators before the terminator
        }
        while s != 0 && count < want {
            let i = p + (s.trailing_zeros() / 8) as usize;
            spans[count] = (start, i);
            count += 1;
            start = i + 1;
            s &= s - 1;
        }
        if count == want && terms == 0 {
            // Every wanted field is cut out: only the number of the others matters.
            let e = memchr2(b'\n', b'\r', &b[start..]).map_or(b.len(), |i| start + i);
            return (count + count_byte(&b[start..e], sep) + 1, e);
        }
        count += s.count_ones() as usize;
        if terms != 0 {
            let e = p + (terms.trailing_zeros() / 8) as usize;
            if count < want {
                spans[count] = (start, e);
            }
            return (count + 1, e);
        }
        p += 8;
    }
    // The last few bytes of the block.
    loop {
        let c = b.get(p).copied().unwrap_or(b'\n');
        if c == sep || c == b'\n' || c == b'\r' {
            if count < want {
                spans[count] = (start, p);
            }
            count += 1;
            if c != sep {
                return (count, p.min(b.len()));
            }
            start = p + 1;
        }
        p += 1;
    }
}

/// A block without any `"`: records end at `\r` or `\n`, empty lines are skipped, fields are split
/// at the separator. Fields after the last wanted column are only counted.
fn visit_plain_block(
    b: &[u8],
    mut line: u64,
    shape: &Shape,
    visitor: &mut dyn RowVisitor,
) -> Result<(), DataError> {
    let columns = shape.header.len();
    let is_wanted = |i: usize| {
        shape
            .wanted
            .is_none_or(|w| w.get(i).copied().unwrap_or(false))
    };
    // Fields 0..=last are cut out; the rest of a record is only counted.
    let last = match shape.wanted {
        None => columns.saturating_sub(1),
        Some(w) => w.iter().rposition(|x| *x).unwrap_or(0),
    }
    .min(columns.saturating_sub(1));
    let take: Vec<bool> = (0..=last).map(is_wanted).collect();
    let mut spans: Vec<(usize, usize)> = vec![(0, 0); last + 1];
    let mut fields: Vec<&str> = vec![""; columns];
    let label = |i: usize| csv_column_label(shape.header, i);
    let sep = shape.sep;
    let n = b.len();
    let mut p = 0usize;
    while p < n {
        let record_line = line;
        // Empty lines (and the `\n` of a `\r\n`) before the record.
        while p < n && matches!(b[p], b'\n' | b'\r') {
            line += u64::from(b[p] == b'\n');
            p += 1;
        }
        if p == n {
            break;
        }
        let (count, end) = split_record(b, p, sep, &mut spans);
        if count != columns {
            return Err(ragged(shape.file, record_line, count, columns));
        }
        for (i, (s, e)) in spans.iter().enumerate() {
            if take[i] {
                fields[i] = std::str::from_utf8(&b[*s..*e])
                    .map_err(|_| not_utf8(shape.file, record_line, label(i)))?;
            }
        }
        visitor.row(record_line, &fields, &label)?;
        p = end;
        if p < n {
            line += u64::from(b[p] == b'\n');
            p += 1;
        }
    }
    Ok(())
}
