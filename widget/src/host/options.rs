//! Reads the host's options object (`{mode, country, lang, quickExitUrl, emitAnswers, config}`, built
//! from attributes by the loader or passed to `mount`) into the pure [`RawOptions`] and the
//! instrument's directory override.

use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::config::{ConfigError, RawOptions};
use crate::content::HostConfig;

fn string(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// The attribute-like options. Anything that is not a string counts as absent.
pub fn raw(options: &JsValue) -> RawOptions {
    if !options.is_object() {
        return RawOptions::default();
    }
    RawOptions {
        mode: string(options, "mode"),
        country: string(options, "country"),
        lang: string(options, "lang"),
        quick_exit_url: string(options, "quickExitUrl"),
        emit_answers: Reflect::get(options, &JsValue::from_str("emitAnswers"))
            .map(|v| v.is_truthy())
            .unwrap_or(false),
    }
}

/// The `config` property, validated; `None` when the host set none.
pub fn host_config(options: &JsValue) -> Result<Option<Rc<HostConfig>>, ConfigError> {
    if !options.is_object() {
        return Ok(None);
    }
    let value = Reflect::get(options, &JsValue::from_str("config")).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let config: HostConfig = serde_wasm_bindgen::from_value(value)
        .map_err(|e| ConfigError::new("invalid-config", format!("`config`: {e}")))?;
    config.validate()?;
    Ok(Some(Rc::new(config)))
}
