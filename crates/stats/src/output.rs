//! Atomic output: every file appears whole or not at all (temp file, fsync, rename, fsync dir).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::release::{table_csv, Release};

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync'd, then
/// renamed over `path`, then the directory fsync'd. Readers never see a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_name(path);
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nonce = crate::count::random_u64().unwrap_or_else(|_| u64::from(std::process::id()));
    path.with_file_name(format!(".{name}.tmp-{nonce:016x}"))
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Files of a release, staged in the output directory under temporary names, not yet visible.
pub struct Staged {
    files: Vec<(PathBuf, PathBuf)>,
}

/// Checks that `dir` can take a new release (no `release.json` yet) and creates it if needed.
pub fn prepare_dir(dir: &Path) -> std::io::Result<()> {
    if dir.join("release.json").exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already holds a release; choose a new --out directory (a release is never overwritten)", dir.display()),
        ));
    }
    fs::create_dir_all(dir)
}

/// Writes every file of `release` under temporary names in `dir` (fsync'd). Nothing is visible
/// until [`Staged::commit`]; dropping the stage removes the temporaries.
pub fn stage(dir: &Path, release: &Release) -> std::io::Result<Staged> {
    let mut staged = Staged { files: Vec::new() };
    let mut put = |name: String, bytes: Vec<u8>| -> std::io::Result<()> {
        let path = dir.join(name);
        let tmp = temp_name(&path);
        staged.files.push((tmp.clone(), path));
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()
    };
    for t in &release.tables {
        put(format!("{}.csv", t.name), table_csv(t))?;
    }
    let json = serde_json::to_vec_pretty(release).map_err(std::io::Error::other)?;
    // release.json last: its presence marks a complete release.
    put("release.json".into(), json)?;
    Ok(staged)
}

impl Staged {
    /// Renames the staged files into place, `release.json` last.
    pub fn commit(mut self) -> std::io::Result<()> {
        let files = std::mem::take(&mut self.files);
        for (tmp, path) in &files {
            fs::rename(tmp, path)?;
        }
        if let Some((_, p)) = files.last() {
            sync_dir(p);
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Writes a release in one go (combine: no ledger step in between).
pub fn write_release(dir: &Path, release: &Release) -> std::io::Result<()> {
    prepare_dir(dir)?;
    stage(dir, release)?.commit()
}
