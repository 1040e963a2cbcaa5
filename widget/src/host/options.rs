//! Reads the host's options object (`{mode, country, lang, quickExitUrl, emitAnswers, config}`, built
//! from attributes by the loader or passed to `mount`) into the pure [`RawOptions`] and the
//! instrument's directory override.

use std::rc::Rc;

use js_sys::{Array, Reflect};
use tamiz_engine::{Country, ReferralRoute};
use tamiz_instrument::{Contact, ContactKind, DirectoryOverride, Institution, Text};
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
///
/// Read by hand from the JS object rather than through serde-wasm-bindgen: the generic deserializer,
/// its error formatting (which drags in float printing) and a round trip to catch unknown keys cost
/// more wasm than this whole reader. Every key is checked, so a misspelt one is an error, not a
/// silently ignored override (keys with empty values, `null`, `false`, `[]`, `""`, are let through as
/// before).
pub fn host_config(options: &JsValue) -> Result<Option<Rc<HostConfig>>, ConfigError> {
    if !options.is_object() {
        return Ok(None);
    }
    let value = Reflect::get(options, &JsValue::from_str("config")).unwrap_or(JsValue::UNDEFINED);
    if absent(&value) {
        return Ok(None);
    }
    let config = read_config(&value).map_err(|e| ConfigError::new("invalid-config", e))?;
    config.validate()?;
    Ok(Some(Rc::new(config)))
}

type Read<T> = Result<T, String>;

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn empty(v: &JsValue) -> bool {
    absent(v)
        || v.as_bool() == Some(false)
        || v.as_string().is_some_and(|s| s.is_empty())
        || v.dyn_ref::<Array>().is_some_and(|a| a.length() == 0)
}

/// `v` as a plain object whose keys are all in `known`.
fn object<'a>(v: &'a JsValue, path: &str, known: &[&str]) -> Read<&'a JsValue> {
    if !v.is_object() || v.is_array() {
        return Err(format!("`{path}` must be an object"));
    }
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        if !known.contains(&name.as_str()) && !empty(&Reflect::get(v, &key).unwrap_or_default()) {
            return Err(format!(
                "`{path}.{name}` is not a known setting; check its spelling against the widget README"
            ));
        }
    }
    Ok(v)
}

fn field(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn required(v: &JsValue, path: &str, key: &str) -> Read<JsValue> {
    let f = field(v, key);
    if absent(&f) {
        Err(format!("`{path}`: missing field `{key}`"))
    } else {
        Ok(f)
    }
}

fn text_of(v: &JsValue, path: &str) -> Read<String> {
    v.as_string()
        .ok_or_else(|| format!("`{path}` must be a string"))
}

fn boolean(v: &JsValue, path: &str) -> Read<bool> {
    v.as_bool()
        .ok_or_else(|| format!("`{path}` must be true or false"))
}

/// The items of an array (absent = empty), each read by `item` with its indexed path.
fn list<T>(v: &JsValue, path: &str, item: impl Fn(&JsValue, &str) -> Read<T>) -> Read<Vec<T>> {
    if absent(v) {
        return Ok(Vec::new());
    }
    let Some(items) = v.dyn_ref::<Array>() else {
        return Err(format!("`{path}` must be an array"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, x)| item(&x, &format!("{path}[{i}]")))
        .collect()
}

fn text(v: &JsValue, path: &str) -> Read<Text> {
    let v = object(v, path, &["es", "en"])?;
    Ok(Text {
        es: text_of(&required(v, path, "es")?, &format!("{path}.es"))?,
        en: text_of(&required(v, path, "en")?, &format!("{path}.en"))?,
    })
}

fn read_config(v: &JsValue) -> Read<HostConfig> {
    let path = "config";
    let v = object(v, path, &["directory"])?;
    let d = field(v, "directory");
    if absent(&d) {
        return Ok(HostConfig::default());
    }
    let path = "config.directory";
    let d = object(&d, path, &["agency", "institution", "hide"])?;
    let agency = field(d, "agency");
    Ok(HostConfig {
        directory: Some(DirectoryOverride {
            agency: if absent(&agency) {
                None
            } else {
                Some(text_of(&agency, "config.directory.agency")?)
            },
            institutions: list(
                &field(d, "institution"),
                "config.directory.institution",
                institution,
            )?,
            hide: list(&field(d, "hide"), "config.directory.hide", text_of)?,
        }),
    })
}

fn institution(v: &JsValue, path: &str) -> Read<Institution> {
    let v = object(
        v,
        path,
        &[
            "id",
            "country",
            "routes",
            "name",
            "does",
            "confirmed",
            "source",
            "checked",
            "contact",
        ],
    )?;
    let at = |key: &str| format!("{path}.{key}");
    let country = field(v, "country");
    let routes = required(v, path, "routes")?;
    Ok(Institution {
        id: text_of(&required(v, path, "id")?, &at("id"))?,
        country: if absent(&country) {
            None
        } else {
            let code = text_of(&country, &at("country"))?;
            Some(Country::from_code(&code).ok_or_else(|| {
                format!("`{path}.country` is \"{code}\"; allowed values: CO, EC, PE")
            })?)
        },
        routes: list(&routes, &at("routes"), |r, p| {
            let id = text_of(r, p)?;
            ReferralRoute::from_id(&id).ok_or_else(|| format!("`{p}`: unknown referral route"))
        })?,
        name: text(&required(v, path, "name")?, &at("name"))?,
        does: text(&required(v, path, "does")?, &at("does"))?,
        confirmed: boolean(&required(v, path, "confirmed")?, &at("confirmed"))?,
        source: text_of(&required(v, path, "source")?, &at("source"))?,
        checked: text_of(&required(v, path, "checked")?, &at("checked"))?,
        contacts: list(&field(v, "contact"), &at("contact"), contact)?,
    })
}

fn contact(v: &JsValue, path: &str) -> Read<Contact> {
    let v = object(
        v,
        path,
        &["kind", "value", "note", "confirmed", "source", "checked"],
    )?;
    let at = |key: &str| format!("{path}.{key}");
    let kind = text_of(&required(v, path, "kind")?, &at("kind"))?;
    let note = field(v, "note");
    Ok(Contact {
        kind: match kind.as_str() {
            "phone" => ContactKind::Phone,
            "whatsapp" => ContactKind::Whatsapp,
            "email" => ContactKind::Email,
            "web" => ContactKind::Web,
            "app" => ContactKind::App,
            "in_person" => ContactKind::InPerson,
            _ => {
                return Err(format!(
                    "`{path}.kind` is \"{kind}\"; allowed values: phone, whatsapp, email, web, app, in_person"
                ))
            }
        },
        value: text_of(&required(v, path, "value")?, &at("value"))?,
        note: if absent(&note) {
            None
        } else {
            Some(text(&note, &at("note"))?)
        },
        confirmed: boolean(&required(v, path, "confirmed")?, &at("confirmed"))?,
        source: text_of(&required(v, path, "source")?, &at("source"))?,
        checked: text_of(&required(v, path, "checked")?, &at("checked"))?,
    })
}
