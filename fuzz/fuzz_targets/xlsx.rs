//! XLSX workbooks (zip + XML, through calamine) counted against the example spec: refused with a
//! `DataError`, or counted; never a panic.
//!
//! The inputs are whole `.xlsx` files, but most of their parts are deflated: a byte flip in a
//! compressed part garbles it (or fails the zip CRC check) long before quick-xml or calamine see a
//! well-formed variation. So the target has a structure-aware mutator as well: it often opens the
//! archive, mutates one part's *uncompressed* XML (or its name) with libFuzzer's own mutator and
//! dictionary, and writes the archive back with correct sizes and CRCs. The other mutations stay
//! raw byte mutations, for the zip layer itself. Crash inputs are still plain `.xlsx` files: the
//! mutator only decides which inputs are tried, never how one is read.
#![no_main]

use std::io::{Cursor, Read, Write};

use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};
use tamiz_stats::release::count_bytes;
use zip::write::SimpleFileOptions;

const SPEC: &str = include_str!("../seeds/example-spec.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(spec) = tamiz_stats::parse_spec(SPEC) else {
        return;
    };
    let _ = count_bytes(&spec, data, tamiz_stats::Format::Xlsx, "fuzz.xlsx", None);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    // One mutation in four is a raw one (zip headers, directory, compressed streams); the rest go
    // inside the archive. An input that is not a readable archive only gets raw mutations.
    let inside = match seed % 4 {
        0 => None,
        1 => Some(What::Name),
        _ => Some(What::Content),
    };
    if let Some(what) = inside {
        if let Some(out) = mutate_inside(&data[..size], max_size, seed / 4, what) {
            data[..out.len()].copy_from_slice(&out);
            return out.len();
        }
    }
    fuzzer_mutate(data, size, max_size)
});

/// Which part of one archive entry a structure-aware mutation changes.
#[derive(Clone, Copy)]
enum What {
    /// The entry's file name: calamine finds parts by name and follows `.rels` targets.
    Name,
    /// The entry's uncompressed bytes: the XML that quick-xml and calamine parse.
    Content,
}

/// Unpacks `input`, mutates one entry (picked by `pick`), and packs it again with each entry's
/// original compression method. `None` when `input` is not a readable archive, an entry name
/// repeats, or the result would not fit in `max_size`: the caller then mutates the raw bytes.
fn mutate_inside(input: &[u8], max_size: usize, pick: u32, what: What) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(input)).ok()?;
    if archive.is_empty() {
        return None;
    }
    let mut entries = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let mut bytes = Vec::with_capacity(file.size().min(max_size as u64) as usize);
        (&mut file)
            .take(max_size as u64 + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        entries.push((file.name_raw().to_vec(), file.compression(), bytes));
    }
    let index = pick as usize % entries.len();
    let target = match what {
        What::Name => &mut entries[index].0,
        What::Content => &mut entries[index].2,
    };
    // libFuzzer's mutator may grow the bytes by up to the room left under `max_size`.
    let room = max_size.saturating_sub(input.len()).clamp(16, 4096);
    let len = target.len();
    target.resize(len + room, 0);
    let new_len = fuzzer_mutate(target, len, len + room);
    target.truncate(new_len);

    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(input.len() + room)));
    for (name, method, bytes) in entries {
        let name = String::from_utf8(name).ok()?;
        let options = SimpleFileOptions::default().compression_method(method);
        writer.start_file(name, options).ok()?;
        writer.write_all(&bytes).ok()?;
    }
    let out = writer.finish().ok()?.into_inner();
    (out.len() <= max_size).then_some(out)
}
