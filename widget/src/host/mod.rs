//! The only code that touches JavaScript: mounting into a shadow root, reading options, dispatching
//! events, the quick-exit shortcut and `location.replace`, the clipboard and printing. Everything the
//! page can observe of the widget goes through here, which is what makes the safety rules (no storage,
//! no network, no history entries) checkable by reading one module.

mod events;
mod exit;
mod instrument;
mod json;
mod options;

pub use instrument::instrument;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement, ShadowRootInit, ShadowRootMode};
use yew::{AppHandle, Callback, Renderer};

use crate::config::{ConfigError, Lang, Options, RawOptions};
use crate::content::Content;
use crate::ui::{App, AppProps, Setup, UiEvent};

static NEXT_UID: AtomicU32 = AtomicU32::new(1);

/// What the event callback needs to know about the current options.
struct HostState {
    target: EventTarget,
    quick_exit_url: String,
    emit_answers: bool,
}

/// One mounted widget, returned to JavaScript. `destroy()` removes its nodes and listeners and drops
/// the answers; the loader then calls `free()`.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<AppHandle<App>>,
    container: Option<Element>,
    shortcut: Option<exit::Listeners>,
    state: Rc<RefCell<HostState>>,
    uid: u32,
}

/// Which content pack a widget with these options needs (`es-pe-self`), or `undefined` when the
/// options are invalid (mounting then shows why, needing no pack). The loader fetches
/// `{bundle}_{key}.bin` and hands it to [`add_content`] before [`mount`] or `update`.
#[wasm_bindgen]
pub fn content_key(options: JsValue) -> Option<String> {
    options::raw(&options)
        .validate()
        .ok()
        .map(|o| o.content_key())
}

/// Adds a content pack: `key` from [`content_key`], `bytes` the file's. Throws a message naming
/// the pack when the bytes are not this build's; the loader turns that into `tamiz-error`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn add_content(key: &str, bytes: &[u8]) -> Result<(), JsValue> {
    instrument::add_content(key, bytes).map_err(|e| JsValue::from_str(&e))
}

/// Mounts a widget into `host`'s (open) shadow root and returns its handle. Never throws: bad options
/// render a message inside the widget and fire `tamiz-error`, as the host API promises.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, options: JsValue) -> WidgetHandle {
    let target: EventTarget = host.clone().unchecked_into();
    let uid = NEXT_UID.fetch_add(1, Ordering::Relaxed);
    let state = Rc::new(RefCell::new(HostState {
        target: target.clone(),
        quick_exit_url: String::new(),
        emit_answers: false,
    }));
    let mut handle = WidgetHandle {
        app: None,
        container: None,
        shortcut: None,
        state: Rc::clone(&state),
        uid,
    };
    let Some(container) = container_in_shadow_root(&host) else {
        events::error(
            &target,
            "no-shadow-root",
            "cannot attach an open shadow root to this element; mount on a <div> or a custom element",
        );
        return handle;
    };
    let setup = setup(&options, &state);
    let props = AppProps {
        setup,
        uid,
        on_event: on_event(Rc::clone(&state)),
    };
    let app = Renderer::<App>::with_root_and_props(container.clone(), props).render();
    handle.shortcut = exit::Listeners::attach(&app);
    handle.app = Some(app);
    handle.container = Some(container);
    handle
}

#[wasm_bindgen]
impl WidgetHandle {
    /// New options (an attribute or `config` changed). Language changes keep the answers; a new mode
    /// or country starts a new screening.
    pub fn update(&mut self, options: JsValue) {
        let setup = setup(&options, &self.state);
        if let Some(app) = self.app.as_mut() {
            app.update(AppProps {
                setup,
                uid: self.uid,
                on_event: on_event(Rc::clone(&self.state)),
            });
        }
    }

    /// Removes everything the widget added (nodes, listeners) and forgets the answers.
    pub fn destroy(&mut self) {
        if let Some(listeners) = self.shortcut.take() {
            listeners.detach();
        }
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        if let Some(container) = self.container.take() {
            container.remove();
        }
    }
}

/// The shadow root (attached open if the host has none yet) gets a fresh container `div`: Yew clears
/// its root on mount and destroy, so it never owns nodes the loader put there (the stylesheet link).
fn container_in_shadow_root(host: &HtmlElement) -> Option<Element> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()?,
    };
    let document = host.owner_document()?;
    let container = document.create_element("div").ok()?;
    container.set_class_name("tamiz-host");
    root.append_child(&container).ok()?;
    Some(container)
}

/// Validates options and config; on failure fires `tamiz-error` and returns the error setup.
fn setup(options: &JsValue, state: &Rc<RefCell<HostState>>) -> Setup {
    let raw: RawOptions = options::raw(options);
    let lang = match raw.lang.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Es,
    };
    let result = raw.validate().and_then(|valid: Options| {
        let config = options::host_config(options)?;
        no_training_here(&valid)?;
        let instrument = instrument::instrument(&valid.content_key())
            .map_err(|e| ConfigError::new("content-unavailable", e))?;
        let practice = training(instrument, &valid, config.clone())?;
        Ok((
            valid.clone(),
            Content::new(instrument, &valid, config),
            practice,
        ))
    });
    match result {
        #[allow(unused_variables)]
        Ok((options, content, practice)) => {
            let mut s = state.borrow_mut();
            s.quick_exit_url = options.quick_exit_url.clone();
            s.emit_answers = options.emit_answers;
            Setup::Ready {
                options,
                content: Rc::new(content),
                #[cfg(feature = "training")]
                practice,
            }
        }
        Err(error) => {
            let target = state.borrow().target.clone();
            report(&target, &error);
            Setup::Error { lang, error }
        }
    }
}

/// Training mode's cases, when `mode="training"` (the training bundle), seeded from
/// `Math.random` so "random case" differs between sessions.
#[cfg(feature = "training")]
fn training(
    instrument: &'static tamiz_instrument::Instrument,
    options: &Options,
    config: Option<Rc<crate::content::HostConfig>>,
) -> Result<Option<Rc<crate::training::Practice>>, ConfigError> {
    if !options.training {
        return Ok(None);
    }
    let seed = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    Ok(Some(Rc::new(crate::training::Practice::new(
        instrument, options, config, seed,
    ))))
}

/// The screening bundle has no practice cases: `mode="training"` needs the training bundle, which
/// the loader (`tamiz-widget.js`) picks by itself; only a page importing this bundle's glue directly
/// gets here.
#[cfg(not(feature = "training"))]
fn no_training_here(options: &Options) -> Result<(), ConfigError> {
    if options.training {
        return Err(ConfigError::new(
            "training-unavailable",
            "`mode` is \"training\" but this is the screening bundle; load the widget through tamiz-widget.js, which loads the training bundle for training mode",
        ));
    }
    Ok(())
}

#[cfg(feature = "training")]
fn no_training_here(_options: &Options) -> Result<(), ConfigError> {
    Ok(())
}

#[cfg(not(feature = "training"))]
fn training(
    _instrument: &'static tamiz_instrument::Instrument,
    _options: &Options,
    _config: Option<Rc<crate::content::HostConfig>>,
) -> Result<Option<()>, ConfigError> {
    Ok(None)
}

fn report(target: &EventTarget, error: &ConfigError) {
    events::error(target, error.code, &error.message);
}

/// Turns what the UI asks for into events and browser calls.
fn on_event(state: Rc<RefCell<HostState>>) -> Callback<UiEvent> {
    Callback::from(move |event: UiEvent| {
        let (target, url, emit_answers) = {
            let s = state.borrow();
            (s.target.clone(), s.quick_exit_url.clone(), s.emit_answers)
        };
        match event {
            UiEvent::Ready => {
                #[derive(serde::Serialize)]
                struct Detail {
                    version: &'static str,
                }
                let detail = events::to_js(&Detail {
                    version: env!("CARGO_PKG_VERSION"),
                });
                events::dispatch(&target, "tamiz-ready", &detail, false);
            }
            UiEvent::Step { index, total } => {
                #[derive(serde::Serialize)]
                struct Detail {
                    index: usize,
                    total: usize,
                }
                let detail = events::to_js(&Detail { index, total });
                events::dispatch(&target, "tamiz-step", &detail, false);
            }
            UiEvent::Complete(outcome) => {
                let detail = events::to_js(&outcome.assessment);
                if emit_answers {
                    let _ = js_sys::Reflect::set(
                        &detail,
                        &JsValue::from_str("answers"),
                        &events::to_js(&outcome.facts),
                    );
                }
                events::dispatch(&target, "tamiz-complete", &detail, false);
            }
            #[cfg(feature = "training")]
            UiEvent::TrainingComplete { outcome, feedback } => {
                /// What `tamiz-complete` adds in training mode: which case, the score and the
                /// indicators to review, so a learning platform can record progress.
                #[derive(serde::Serialize)]
                struct Training<'a> {
                    case: &'a str,
                    score: &'a tamiz_practice::Score,
                    missed: Vec<&'static str>,
                    wrongly_marked: Vec<&'static str>,
                    expected: &'a tamiz_practice::Expected,
                }
                let detail = events::to_js(&outcome.assessment);
                let training = Training {
                    case: &feedback.case_id,
                    score: &feedback.score,
                    missed: feedback.missed().map(|i| i.id.as_str()).collect(),
                    wrongly_marked: feedback.wrongly_marked().map(|i| i.id.as_str()).collect(),
                    expected: &feedback.expected,
                };
                let _ = js_sys::Reflect::set(
                    &detail,
                    &JsValue::from_str("training"),
                    &events::to_js(&training),
                );
                if emit_answers {
                    let _ = js_sys::Reflect::set(
                        &detail,
                        &JsValue::from_str("answers"),
                        &events::to_js(&outcome.facts),
                    );
                }
                events::dispatch(&target, "tamiz-complete", &detail, false);
            }
            UiEvent::Exit => exit::leave(&target, &url),
            UiEvent::Copy { text, done } => copy(text, done),
            UiEvent::Print => {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }
        }
    })
}

/// Writes the summary to the clipboard (only when the person pressed "copy summary") and reports
/// whether the browser accepted it.
fn copy(text: String, done: Callback<bool>) {
    let Some(window) = web_sys::window() else {
        done.emit(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done.emit(ok);
    });
}
