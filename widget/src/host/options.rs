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
    let mut r = Cfg { error: None };
    let config = read_config(&mut r, &value);
    if let Some(e) = r.error {
        return Err(ConfigError::new("invalid-config", e));
    }
    config.validate()?;
    Ok(Some(Rc::new(config)))
}

/// The reader's state: the first problem found. Reading goes on after one (with empty values) and
/// only the first is reported; not returning early spares the wasm the code that drops every
/// half-read value on every path.
struct Cfg {
    error: Option<String>,
}

impl Cfg {
    fn fail(&mut self, message: impl FnOnce() -> String) {
        if self.error.is_none() {
            self.error = Some(message());
        }
    }
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn empty(v: &JsValue) -> bool {
    absent(v)
        || v.as_bool() == Some(false)
        || v.as_string().is_some_and(|s| s.is_empty())
        || v.dyn_ref::<Array>().is_some_and(|a| a.length() == 0)
}

/// Checks that `v` is a plain object whose keys are all in `known`.
fn object(r: &mut Cfg, v: &JsValue, path: &str, known: &[&str]) {
    if !v.is_object() || v.is_array() {
        return r.fail(|| format!("`{path}` must be an object"));
    }
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        if !known.contains(&name.as_str()) && !empty(&Reflect::get(v, &key).unwrap_or_default()) {
            r.fail(|| {
                format!(
                    "`{path}.{name}` is not a known setting; check its spelling against the widget README"
                )
            });
        }
    }
}

fn field(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn required(r: &mut Cfg, v: &JsValue, path: &str, key: &str) -> JsValue {
    let f = field(v, key);
    if absent(&f) {
        r.fail(|| format!("`{path}`: missing field `{key}`"));
    }
    f
}

fn text_of(r: &mut Cfg, v: &JsValue, path: &str) -> String {
    v.as_string().unwrap_or_else(|| {
        r.fail(|| format!("`{path}` must be a string"));
        String::new()
    })
}

fn boolean(r: &mut Cfg, v: &JsValue, path: &str) -> bool {
    v.as_bool().unwrap_or_else(|| {
        r.fail(|| format!("`{path}` must be true or false"));
        false
    })
}

/// The items of an array (absent = empty), each read by `item` with its indexed path.
fn list<T>(
    r: &mut Cfg,
    v: &JsValue,
    path: &str,
    item: impl Fn(&mut Cfg, &JsValue, &str) -> T,
) -> Vec<T> {
    let mut out = Vec::new();
    if absent(v) {
        return out;
    }
    let Some(items) = v.dyn_ref::<Array>() else {
        r.fail(|| format!("`{path}` must be an array"));
        return out;
    };
    for (i, x) in items.iter().enumerate() {
        out.push(item(r, &x, &format!("{path}[{i}]")));
    }
    out
}

/// `{es, en}`, both required.
fn text(r: &mut Cfg, v: &JsValue, path: &str) -> Text {
    object(r, v, path, &["es", "en"]);
    let es = required(r, v, path, "es");
    let en = required(r, v, path, "en");
    Text {
        es: text_of(r, &es, &format!("{path}.es")),
        en: text_of(r, &en, &format!("{path}.en")),
    }
}

fn read_config(r: &mut Cfg, v: &JsValue) -> HostConfig {
    object(r, v, "config", &["directory"]);
    let d = field(v, "directory");
    if absent(&d) {
        return HostConfig::default();
    }
    let path = "config.directory";
    object(r, &d, path, &["agency", "institution", "hide"]);
    let agency = field(&d, "agency");
    HostConfig {
        directory: Some(DirectoryOverride {
            agency: (!absent(&agency)).then(|| text_of(r, &agency, "config.directory.agency")),
            institutions: list(
                r,
                &field(&d, "institution"),
                "config.directory.institution",
                institution,
            ),
            hide: list(r, &field(&d, "hide"), "config.directory.hide", text_of),
        }),
    }
}

fn institution(r: &mut Cfg, v: &JsValue, path: &str) -> Institution {
    object(
        r,
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
    );
    let at = |key: &str| format!("{path}.{key}");
    let id = required(r, v, path, "id");
    let country = field(v, "country");
    let routes = required(r, v, path, "routes");
    let name = required(r, v, path, "name");
    let does = required(r, v, path, "does");
    let confirmed = required(r, v, path, "confirmed");
    let source = required(r, v, path, "source");
    let checked = required(r, v, path, "checked");
    Institution {
        id: text_of(r, &id, &at("id")),
        country: if absent(&country) {
            None
        } else {
            let code = text_of(r, &country, &at("country"));
            let c = Country::from_code(&code);
            if c.is_none() {
                r.fail(|| format!("`{path}.country` is \"{code}\"; allowed values: CO, EC, PE"));
            }
            c
        },
        routes: list(r, &routes, &at("routes"), |r, x, p| {
            let id = text_of(r, x, p);
            ReferralRoute::from_id(&id).unwrap_or_else(|| {
                r.fail(|| format!("`{p}`: unknown referral route"));
                ReferralRoute::Emergency
            })
        }),
        name: text(r, &name, &at("name")),
        does: text(r, &does, &at("does")),
        confirmed: boolean(r, &confirmed, &at("confirmed")),
        source: text_of(r, &source, &at("source")),
        checked: text_of(r, &checked, &at("checked")),
        contacts: list(r, &field(v, "contact"), &at("contact"), contact),
    }
}

fn contact(r: &mut Cfg, v: &JsValue, path: &str) -> Contact {
    object(
        r,
        v,
        path,
        &["kind", "value", "note", "confirmed", "source", "checked"],
    );
    let at = |key: &str| format!("{path}.{key}");
    let kind = required(r, v, path, "kind");
    let kind = text_of(r, &kind, &at("kind"));
    let value = required(r, v, path, "value");
    let note = field(v, "note");
    let confirmed = required(r, v, path, "confirmed");
    let source = required(r, v, path, "source");
    let checked = required(r, v, path, "checked");
    Contact {
        kind: match kind.as_str() {
            "phone" => ContactKind::Phone,
            "whatsapp" => ContactKind::Whatsapp,
            "email" => ContactKind::Email,
            "web" => ContactKind::Web,
            "app" => ContactKind::App,
            "in_person" => ContactKind::InPerson,
            _ => {
                r.fail(|| format!(
                    "`{path}.kind` is \"{kind}\"; allowed values: phone, whatsapp, email, web, app, in_person"
                ));
                ContactKind::Phone
            }
        },
        value: text_of(r, &value, &at("value")),
        note: (!absent(&note)).then(|| text(r, &note, &at("note"))),
        confirmed: boolean(r, &confirmed, &at("confirmed")),
        source: text_of(r, &source, &at("source")),
        checked: text_of(r, &checked, &at("checked")),
    }
}
