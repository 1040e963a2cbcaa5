//! Reads the host's options object (`{mode, country, lang, quickExitUrl, emitAnswers, config}`, built
//! from attributes by the loader or passed to `mount`) into the pure [`RawOptions`] and the
//! instrument's directory override.

use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

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
    let config: HostConfig = serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| ConfigError::new("invalid-config", format!("`config`: {e}")))?;
    // serde-wasm-bindgen reads only the fields a struct declares, so `deny_unknown_fields` never
    // fires: compare the input with what was understood, so a misspelt key is an error, not a
    // silently ignored override.
    let understood = super::events::to_js(&config);
    if let Some(path) = unknown_key(&value, &understood, "config") {
        return Err(ConfigError::new(
            "invalid-config",
            format!(
                "`{path}` is not a known setting; check its spelling against the widget README"
            ),
        ));
    }
    config.validate()?;
    Ok(Some(Rc::new(config)))
}

/// The first key path of `input` that `understood` (the parsed config written back) lacks. Keys with
/// empty values (`null`, `false`, `[]`, `""`) are skipped: serialisation may omit those defaults.
fn unknown_key(input: &JsValue, understood: &JsValue, path: &str) -> Option<String> {
    if let Some(items) = input.dyn_ref::<js_sys::Array>() {
        return items.iter().enumerate().find_map(|(i, item)| {
            let other = Reflect::get_u32(understood, i as u32).unwrap_or(JsValue::UNDEFINED);
            unknown_key(&item, &other, &format!("{path}[{i}]"))
        });
    }
    if !input.is_object() {
        return None;
    }
    let object: &js_sys::Object = input.unchecked_ref();
    js_sys::Object::keys(object).iter().find_map(|key| {
        let name = key.as_string().unwrap_or_default();
        let inner = Reflect::get(input, &key).unwrap_or(JsValue::UNDEFINED);
        let empty = inner.is_null()
            || inner.is_undefined()
            || inner.as_bool() == Some(false)
            || inner.as_string().is_some_and(|s| s.is_empty())
            || inner
                .dyn_ref::<js_sys::Array>()
                .is_some_and(|a| a.length() == 0);
        let other = if understood.is_object() {
            Reflect::get(understood, &key).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        let here = format!("{path}.{name}");
        if other.is_undefined() && !empty {
            Some(here)
        } else {
            unknown_key(&inner, &other, &here)
        }
    })
}
