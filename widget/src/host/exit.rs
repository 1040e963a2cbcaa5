//! Quick exit, following GOV.UK's "Exit this page": the visible button (in the UI) and Shift pressed
//! three times within five seconds (here). Escape is deliberately not used: browsers use it to stop
//! loading and many pages already bind it. Leaving uses `location.replace`, so the page with the
//! widget is replaced in the history rather than left one Back press away (the limits of this are
//! documented in the package README).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, EventTarget, KeyboardEvent, Window};
use yew::html::Scope;
use yew::AppHandle;

use super::events;
use crate::ui::{App, Msg};

/// Presses needed and the window they must fall in.
const PRESSES: u8 = 3;
const WINDOW_MS: f64 = 5000.0;

/// The document and window listeners one widget adds; [`Listeners::detach`] removes both, so a
/// destroyed widget leaves nothing behind on the page.
pub struct Listeners {
    document: Document,
    window: Window,
    keydown: Closure<dyn FnMut(KeyboardEvent)>,
    pageshow: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listeners {
    /// Listens for Shift×3 on the whole document (the person may not be focused inside the widget)
    /// and for a return through the back/forward cache, which must show a fresh, empty widget.
    pub fn attach(app: &AppHandle<App>) -> Option<Listeners> {
        let window = web_sys::window()?;
        let document = window.document()?;
        let scope: Scope<App> = (**app).clone();
        let count = Rc::new(Cell::new((0u8, 0f64)));
        let keydown = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.repeat() {
                return;
            }
            if e.key() != "Shift" {
                // Typing capitals (Shift+letter) elsewhere on the page must never add up to an exit.
                count.set((0, 0.0));
                return;
            }
            let now = js_sys::Date::now();
            let (n, since) = count.get();
            let n = if n == 0 || now - since > WINDOW_MS {
                count.set((1, now));
                1
            } else {
                count.set((n + 1, since));
                n + 1
            };
            if n >= PRESSES {
                count.set((0, 0.0));
                scope.send_message(Msg::Exit);
            } else {
                scope.send_message(Msg::ShiftPressed(PRESSES - n));
            }
        });
        let scope: Scope<App> = (**app).clone();
        let pageshow = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let persisted = js_sys::Reflect::get(&e, &JsValue::from_str("persisted"))
                .map(|v| v.is_truthy())
                .unwrap_or(false);
            if persisted {
                scope.send_message(Msg::Reset);
            }
        });
        document
            .add_event_listener_with_callback("keydown", keydown.as_ref().unchecked_ref())
            .ok()?;
        window
            .add_event_listener_with_callback("pageshow", pageshow.as_ref().unchecked_ref())
            .ok()?;
        Some(Listeners {
            document,
            window,
            keydown,
            pageshow,
        })
    }

    /// Removes both listeners.
    pub fn detach(self) {
        let _ = self
            .document
            .remove_event_listener_with_callback("keydown", self.keydown.as_ref().unchecked_ref());
        let _ = self.window.remove_event_listener_with_callback(
            "pageshow",
            self.pageshow.as_ref().unchecked_ref(),
        );
    }
}

/// After the UI has blanked itself and wiped the answers: fires the cancelable `tamiz-exit` and, unless
/// the host cancelled it, replaces the page with the quick-exit URL.
pub fn leave(target: &EventTarget, url: &str) {
    #[derive(serde::Serialize)]
    struct Detail<'a> {
        url: &'a str,
    }
    let go = events::dispatch(target, "tamiz-exit", &events::to_js(&Detail { url }), true);
    if go {
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(url);
        }
    }
}
