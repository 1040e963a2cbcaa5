//! XLSX workbooks (zip + XML, through calamine) counted against the example spec: refused with a
//! `DataError`, or counted; never a panic.
//!
//! The inputs are whole `.xlsx` files, but most of their parts are deflated: a byte flip in a
//! compressed part garbles it (or fails the zip CRC check) long before quick-xml or calamine see a
//! well-formed variation. So the target has a structure-aware mutator as well: it often opens the
//! archive, mutates one part's *uncompressed* XML (or its name) with libFuzzer's own mutator and
//! dictionary, and writes the archive back with correct sizes and CRCs. The other mutations stay
//! raw byte mutations, for the zip layer itself. A custom cross-over recombines workbooks part by
//! part (libFuzzer's byte cross-over, on two archives, mostly splices compressed streams into a
//! broken file): it puts a part of one workbook into another, so a sheet meets other shared
//! strings, or a header row other data rows. Crash inputs are still plain `.xlsx` files: the
//! mutator and cross-over only decide which inputs are tried, never how one is read.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::{fuzz_crossover, fuzz_mutator, fuzz_target, fuzzer_mutate};
use tamiz_stats::release::count_bytes;
use zip::write::SimpleFileOptions;

const SPEC: &str = include_str!("../seeds/example-spec.toml");

/// The spec, parsed once: it is the same for every input, and parsing it again on each execution
/// took 12 % of the target's time (perf, session 26) for no coverage it had not already counted.
static PARSED: OnceLock<Option<tamiz_stats::Spec>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(spec) = PARSED.get_or_init(|| tamiz_stats::parse_spec(SPEC).ok()) else {
        return;
    };
    let _ = count_bytes(spec, data, tamiz_stats::Format::Xlsx, "fuzz.xlsx", None);
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

fuzz_crossover!(|data1: &[u8], data2: &[u8], out: &mut [u8], seed: u32| {
    // With a custom mutator defined, libFuzzer chooses between it and this cross-over for each
    // mutation, always with two whole corpus inputs. One that is not a readable archive (raw
    // mutations leave many broken ones) is replaced by the donor part alone, which the zip layer
    // refuses at once: a cheap execution, kept because the measured runs used it. Returning 0 means
    // "no cross-over" and makes libFuzzer pick another mutation.
    let Some(donor) = unpack(data2, out.len()) else {
        return 0;
    };
    if donor.is_empty() {
        return 0;
    }
    let (name, _, bytes) = &donor[seed as usize % donor.len()];
    let result = match unpack(data1, out.len()) {
        Some(mut entries) if !entries.is_empty() => {
            // A part of the same name is replaced; otherwise the part is added, or put in place of
            // another entry's content under that entry's name (calamine finds parts by name).
            if let Some(same) = entries.iter_mut().find(|e| &e.0 == name) {
                same.2 = bytes.clone();
            } else if seed & 0x100 == 0 {
                entries.push((
                    name.clone(),
                    zip::CompressionMethod::Deflated,
                    bytes.clone(),
                ));
            } else {
                let i = (seed as usize >> 9) % entries.len();
                entries[i].2 = bytes.clone();
            }
            match pack(entries, out.len()) {
                Some(packed) => packed,
                None => return 0,
            }
        }
        _ => bytes.clone(),
    };
    if result.len() > out.len() {
        return 0;
    }
    out[..result.len()].copy_from_slice(&result);
    result.len()
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
    let mut entries = unpack(input, max_size)?;
    if entries.is_empty() {
        return None;
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

    pack(entries, max_size)
}

/// One archive entry: its raw name, compression method and uncompressed bytes.
type Entry = (Vec<u8>, zip::CompressionMethod, Vec<u8>);

/// Every entry of `input`, uncompressed (each read to at most `max_size + 1` bytes: a larger one
/// cannot fit, and [`pack`] then refuses the result); `None` if it is not a readable archive.
fn unpack(input: &[u8], max_size: usize) -> Option<Vec<Entry>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(input)).ok()?;
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
    Some(entries)
}

/// Packs `entries` into an archive, each with its compression method and correct sizes and CRCs;
/// `None` if a name is not UTF-8 or repeats, or the archive would not fit in `max_size`.
fn pack(entries: Vec<Entry>, max_size: usize) -> Option<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, method, bytes) in entries {
        let name = String::from_utf8(name).ok()?;
        let options = SimpleFileOptions::default().compression_method(method);
        writer.start_file(name, options).ok()?;
        writer.write_all(&bytes).ok()?;
    }
    let out = writer.finish().ok()?.into_inner();
    (out.len() <= max_size).then_some(out)
}
