//! `tamiz-stats`: differential-privacy statistics on case records that never leave their custodian.
//!
//! Analysts in Colombia, Ecuador and Peru publish counts (by country, year, sex, nationality, means
//! of control, …) from CTDC-shaped case data, Excel exports or screening records. The crate reads a
//! release spec ([`spec`]), streams the data into a group-by count ([`count`], [`data`]), builds
//! OpenDP mechanisms and checks their privacy maps against the budget ([`mechanism`]), then noises
//! and post-processes ([`release`]). Natively, a hash-chained, locked ledger ([`ledger`]) makes sure
//! no budget is overspent, and outputs are written atomically ([`output`]). Per-country releases
//! merge with [`combine`]; [`synth`] makes CTDC-shaped synthetic data for demos and tests.
//!
//! The browser (wasm) entry point is [`release::release_from_bytes`]: no files, no ledger (the page
//! keeps the balance), the same mechanisms.

pub mod combine;
pub mod count;
pub mod csv_blocks;
pub mod data;
#[cfg(not(target_arch = "wasm32"))]
pub mod ledger;
pub mod mechanism;
#[cfg(not(target_arch = "wasm32"))]
pub mod output;
pub mod release;
pub mod spec;
pub mod synth;

pub use data::{DataError, Format};
pub use mechanism::PrivacyError;
pub use release::{release_from_bytes, Plan, Release, ReleaseError};
pub use spec::{parse_spec, Spec, SpecError};
