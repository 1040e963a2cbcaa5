//! `CustomEvent`s to the page: every event bubbles and is composed (so it crosses the shadow root),
//! and details are plain JSON-compatible objects (no `Map`s, `null` not `undefined`) so hosts can
//! `JSON.stringify` them.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// Serialises like `serde_json` would (objects, `null`), so the `tamiz-complete` detail equals the
/// `tamiz assess` JSON: written as JSON text here and parsed once by the browser (see `json`).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    super::json::to_json(value)
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Dispatches `name` on `target`; returns `false` when a listener called `preventDefault()` on a
/// cancelable event.
pub fn dispatch(target: &EventTarget, name: &str, detail: &JsValue, cancelable: bool) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(cancelable);
    init.set_detail(detail);
    match CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(event) => target.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// `tamiz-error` with `{code, message}`.
pub fn error(target: &EventTarget, code: &str, message: &str) {
    #[derive(Serialize)]
    struct Detail<'a> {
        code: &'a str,
        message: &'a str,
    }
    dispatch(
        target,
        "tamiz-error",
        &to_js(&Detail { code, message }),
        false,
    );
}
