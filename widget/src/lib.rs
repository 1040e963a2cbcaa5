//! # tamiz-widget
//!
//! `<tamiz-screening>`: the screening as an embeddable widget. A small ES-module loader
//! (`js/tamiz-widget.js`) defines the custom element, attaches an open shadow root, adopts the
//! stylesheet and lazy-loads this crate compiled to WebAssembly, which renders a Yew app.
//!
//! ## Map
//! - [`config`]: attributes → validated [`config::Options`] (pure).
//! - [`content`]: the instrument (questions, skip logic, result texts, directories) narrowed to one
//!   role, country and language (pure).
//! - [`session`]: one person's screening as a state machine (pure).
//! - [`packed`]: the compact format of the content packs `build.rs` writes (pure).
//! - [`ui`]: the Yew components; they talk to the page only through [`ui::UiEvent`].
//! - [`host`]: **the only module that touches JavaScript types**: mount/destroy, options, events,
//!   quick exit, clipboard, print.
//!
//! ## Invariants
//! - No requests from the wasm (the loader GETs the package's own files, content packs included),
//!   no cookies or Web Storage or IndexedDB, no `history.pushState`: answers live in a
//!   [`session::Session`] in memory and are wiped on quick exit and destroy.
//! - No panics: `unwrap`, `expect` and `panic!` are denied; bad input becomes `tamiz-error`.
//! - No HTML from strings: every text goes through Yew text nodes, so hostile config is inert.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod config;
pub mod content;
pub mod host;
pub mod packed;
pub mod session;
#[cfg(feature = "training")]
pub mod training;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use host::add_content;
pub use host::{content_key, mount, WidgetHandle};
