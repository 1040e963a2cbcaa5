//! The widget in a real browser (headless Chromium through wasm-bindgen-test): mounted in a shadow
//! root, answered through the DOM as a person would, and checked against the engine.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::cell::RefCell;
use std::rc::Rc;

use tamiz_widget::config::RawOptions;
use tamiz_widget::content::{Content, QuestionKind};
use tamiz_widget::session::{Screen, Session};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CustomEvent, Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent,
    KeyboardEventInit, ShadowRoot,
};

wasm_bindgen_test_configure!(run_in_browser);

mod packs {
    include!(concat!(env!("OUT_DIR"), "/pack_files.rs"));
}

/// Adds every content pack of this bundle, as the loader adds the one a page's options need.
fn add_packs() {
    for (key, bytes) in packs::PACK_FILES {
        tamiz_widget::add_content(key, bytes).unwrap();
    }
}

/// The instrument as the widget has it for the content `key` (`Options::content_key`).
fn instrument(key: &str) -> &'static tamiz_instrument::Instrument {
    add_packs();
    tamiz_widget::host::instrument(key).unwrap()
}

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn tick() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

fn options(mode: &str, country: &str, lang: &str, emit_answers: bool) -> js_sys::Object {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        js_sys::Reflect::set(&o, &k.into(), &v).unwrap();
    };
    set("mode", mode.into());
    set("country", country.into());
    set("lang", lang.into());
    set("emitAnswers", emit_answers.into());
    o
}

/// A host element in the page with every `tamiz-*` event recorded; `tamiz-exit` is cancelled so a
/// quick exit never navigates the test page away.
struct Host {
    element: HtmlElement,
    events: Rc<RefCell<Vec<(String, JsValue)>>>,
    _listeners: Vec<Closure<dyn FnMut(Event)>>,
}

impl Host {
    fn new() -> Host {
        add_packs();
        let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&element).unwrap();
        let events = Rc::new(RefCell::new(Vec::new()));
        let mut listeners = Vec::new();
        let target: JsValue = element.clone().into();
        for name in [
            "tamiz-ready",
            "tamiz-step",
            "tamiz-complete",
            "tamiz-exit",
            "tamiz-error",
        ] {
            let events = Rc::clone(&events);
            let target = target.clone();
            let closure = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
                // Only this host's events (other tests' widgets may still be on the page).
                if e.target().map(JsValue::from) != Some(target.clone()) {
                    return;
                }
                if e.type_() == "tamiz-exit" {
                    e.prevent_default();
                }
                let e: CustomEvent = e.unchecked_into();
                events.borrow_mut().push((e.type_(), e.detail()));
            });
            // Listen on the document: events must bubble out and cross the shadow boundary.
            document()
                .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
                .unwrap();
            listeners.push(closure);
        }
        Host {
            element,
            events,
            _listeners: listeners,
        }
    }

    fn root(&self) -> ShadowRoot {
        self.element.shadow_root().unwrap()
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root().query_selector(selector).unwrap()
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root().query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }

    fn named(&self, name: &str) -> Vec<JsValue> {
        self.events
            .borrow()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .collect()
    }

    fn click(&self, selector: &str) {
        self.find(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .unchecked_into::<HtmlElement>()
            .click();
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        for (name, l) in [
            "tamiz-ready",
            "tamiz-step",
            "tamiz-complete",
            "tamiz-exit",
            "tamiz-error",
        ]
        .iter()
        .zip(&self._listeners)
        {
            let _ =
                document().remove_event_listener_with_callback(name, l.as_ref().unchecked_ref());
        }
        self.element.remove();
    }
}

fn json(value: &JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

/// Answers each screen through the DOM as a person would, `answer(question)` giving an option id or
/// an age, presses Next until the result, and mirrors the same answers in a native session for
/// comparison.
async fn answer_with(
    host: &Host,
    content: &Content,
    answer: impl Fn(&tamiz_widget::content::Question) -> String,
) -> Session {
    let mut mirror = Session::new();
    for _ in 0..400 {
        let Screen::Step { step, .. } = mirror.screen(content) else {
            break;
        };
        // Skip logic may hide questions of this screen as answers come in: re-read it each time.
        let Some(q) = step
            .questions
            .iter()
            .find(|q| !mirror.answers().contains_key(&q.id))
        else {
            host.click("button[type=submit]");
            tick().await;
            mirror.next(content).unwrap();
            continue;
        };
        let value = answer(q);
        if value.chars().all(|c| c.is_ascii_digit()) {
            let input: HtmlInputElement = host.find("input.tamiz-age").unwrap().unchecked_into();
            input.set_value(&value);
            let init = EventInit::new();
            init.set_bubbles(true);
            let e = Event::new_with_event_init_dict("input", &init).unwrap();
            input.dispatch_event(&e).unwrap();
        } else {
            let radio = host
                .all(&format!("input[type=radio][value=\"{value}\"]"))
                .into_iter()
                .find(|r| {
                    r.get_attribute("name")
                        .is_some_and(|n| n.ends_with(&format!("-{}", q.id)))
                })
                .unwrap_or_else(|| panic!("no radio {value} for {}", q.id));
            radio.unchecked_into::<HtmlElement>().click();
        }
        mirror.answer(&q.id, &value);
        tick().await;
    }
    mirror
}

/// [`answer_with`] option `pick` of every radio group (the last one if there are fewer) and age 16.
async fn answer_all(host: &Host, content: &Content, pick: usize) -> Session {
    answer_with(host, content, |q| match &q.kind {
        QuestionKind::Choice(options) => options[pick.min(options.len() - 1)].0.clone(),
        QuestionKind::Age { .. } => "16".to_owned(),
    })
    .await
}

#[wasm_bindgen_test]
fn a_content_pack_from_another_build_or_damaged_is_refused() {
    let (key, bytes) = packs::PACK_FILES[0];
    let (_, other) = packs::PACK_FILES[1];
    let mut damaged = bytes.to_vec();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    for (what, bad) in [
        ("a changed byte", &damaged[..]),
        ("truncated", &bytes[..bytes.len() - 1]),
        ("another pack's bytes", other),
        ("empty", &[][..]),
    ] {
        let refused = tamiz_widget::add_content(key, bad).expect_err(what);
        let message = refused.as_string().unwrap();
        assert!(
            message.contains(key) && message.contains("same release"),
            "{what}: {message}"
        );
    }
    let unknown = tamiz_widget::add_content("fr-pe-self", bytes).unwrap_err();
    assert!(unknown.as_string().unwrap().contains("fr-pe-self"));
    assert!(tamiz_widget::add_content(key, bytes).is_ok());
}

/// A widget mounted with these attributes, after its first render.
async fn mounted(mode: &str, country: &str, lang: &str) -> (Host, tamiz_widget::WidgetHandle) {
    let host = Host::new();
    let handle = tamiz_widget::mount(
        host.element.clone(),
        options(mode, country, lang, false).into(),
    );
    tick().await;
    (host, handle)
}

/// The code of the one `tamiz-error` fired so far.
fn only_error(host: &Host) -> String {
    let errors = host.named("tamiz-error");
    assert_eq!(errors.len(), 1, "exactly one tamiz-error");
    get(&errors[0], "code").as_string().unwrap()
}

fn content_for(mode: &str, lang: &str) -> Content {
    let options = RawOptions {
        mode: Some(mode.into()),
        country: Some("PE".into()),
        lang: Some(lang.into()),
        ..RawOptions::default()
    }
    .validate()
    .unwrap();
    Content::new(instrument(&options.content_key()), &options, None)
}

async fn complete_and_compare(mode: &str, pick: usize) {
    let host = Host::new();
    let mut handle =
        tamiz_widget::mount(host.element.clone(), options(mode, "PE", "en", true).into());
    tick().await;
    assert_eq!(host.named("tamiz-ready").len(), 1, "{mode}: tamiz-ready");
    let first = host.named("tamiz-step");
    assert_eq!(get(&first[0], "index").as_f64(), Some(1.0));
    assert!(host.find(".tamiz[lang=en]").is_some());

    let content = content_for(mode, "en");
    let mirror = answer_all(&host, &content, pick).await;
    assert!(
        host.find(".tamiz-result").is_some(),
        "{mode}: no result screen"
    );

    // Focus moved to the result heading; the live region announced it.
    let active = host.root().active_element().unwrap();
    assert_eq!(active.tag_name(), "H2");
    let steps = host.named("tamiz-step");
    assert!(steps.len() > 1);
    let last = steps.last().unwrap();
    assert_eq!(get(last, "index").as_f64(), get(last, "total").as_f64());

    let complete = host.named("tamiz-complete");
    assert_eq!(complete.len(), 1);
    let detail = complete[0].clone();
    let answers = json(&get(&detail, "answers"));
    let facts: tamiz_engine::CaseFacts = serde_json::from_value(answers).unwrap();
    let Screen::Result(outcome) = mirror.screen(&content) else {
        panic!("the mirror session did not finish");
    };
    assert_eq!(
        facts, outcome.facts,
        "{mode}: facts differ from the same answers natively"
    );
    js_sys::Reflect::delete_property(detail.unchecked_ref::<js_sys::Object>(), &"answers".into())
        .unwrap();
    let expected = serde_json::to_value(tamiz_engine::assess(&facts)).unwrap();
    assert_eq!(
        json(&detail),
        expected,
        "{mode}: detail is not `tamiz assess`"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn self_check_completes_with_the_engines_assessment() {
    complete_and_compare("self", 0).await;
}

#[wasm_bindgen_test]
async fn inspector_completes_with_the_engines_assessment() {
    complete_and_compare("inspector", 2).await;
}

#[wasm_bindgen_test]
async fn answers_only_with_emit_answers() {
    let host = Host::new();
    let mut handle = tamiz_widget::mount(
        host.element.clone(),
        options("self", "CO", "es", false).into(),
    );
    tick().await;
    answer_all(&host, &content_for("self", "es"), 1).await;
    let complete = host.named("tamiz-complete");
    assert_eq!(complete.len(), 1);
    assert!(get(&complete[0], "answers").is_undefined());
    assert_eq!(
        get(&complete[0], "schema").as_string().as_deref(),
        Some("tamiz.assessment/1")
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn two_instances_in_different_languages() {
    let es = Host::new();
    let en = Host::new();
    let mut h1 = tamiz_widget::mount(
        es.element.clone(),
        options("self", "PE", "es", false).into(),
    );
    let mut h2 = tamiz_widget::mount(
        en.element.clone(),
        options("migration", "EC", "en", false).into(),
    );
    tick().await;
    assert!(es.find(".tamiz[lang=es]").is_some());
    assert!(en.find(".tamiz[lang=en]").is_some());
    let submit = |h: &Host| {
        h.find("button[type=submit]")
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(submit(&es).trim(), "Siguiente");
    assert_eq!(submit(&en).trim(), "Next");
    // The labels of the first yes/no question (a screen may open with an age question).
    let labels = |h: &Host| {
        h.all("fieldset")
            .iter()
            .map(|f| {
                let spans = f.query_selector_all(".tamiz-choice span").unwrap();
                (0..spans.length())
                    .filter_map(|i| spans.item(i))
                    .map(|n| n.text_content().unwrap())
                    .collect::<Vec<_>>()
            })
            .find(|l| l.len() == 4)
            .unwrap()
    };
    assert_eq!(labels(&es), ["Sí", "No", "No sé", "Prefiero no responder"]);
    assert_eq!(
        labels(&en),
        ["Yes", "No", "I don't know", "Prefer not to say"]
    );
    // Answering one does not touch the other.
    es.all("input[type=radio]")[0]
        .clone()
        .unchecked_into::<HtmlElement>()
        .click();
    tick().await;
    assert!(en
        .all("input[type=radio]")
        .iter()
        .all(|r| !r.clone().unchecked_into::<HtmlInputElement>().checked()));
    assert!(es.find(".tamiz-exit").is_some() && en.find(".tamiz-exit").is_some());
    h1.destroy();
    h2.destroy();
}

fn shift() {
    key("Shift");
}

fn key(name: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(name);
    init.set_bubbles(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().dispatch_event(&e).unwrap();
}

#[wasm_bindgen_test]
async fn shift_three_times_blanks_and_fires_a_cancelable_exit() {
    let host = Host::new();
    let mut handle = tamiz_widget::mount(
        host.element.clone(),
        options("self", "PE", "en", false).into(),
    );
    tick().await;
    host.all("input[type=radio]")[0]
        .clone()
        .unchecked_into::<HtmlElement>()
        .click();
    tick().await;
    // Shift+letter while typing elsewhere does not add up to an exit.
    shift();
    key("A");
    shift();
    key("B");
    shift();
    key("C");
    tick().await;
    assert!(host.named("tamiz-exit").is_empty());
    shift();
    shift();
    tick().await;
    assert!(host.named("tamiz-exit").is_empty());
    let status = host.find("[role=status]").unwrap().text_content().unwrap();
    assert!(status.contains("1 more times"), "{status}");
    shift();
    tick().await;
    let exits = host.named("tamiz-exit");
    assert_eq!(exits.len(), 1);
    assert!(get(&exits[0], "url")
        .as_string()
        .unwrap()
        .starts_with("https://"));
    assert!(host.find(".tamiz-exited").is_some());
    assert!(host.all("input").is_empty(), "the widget must be blank");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn exit_button_fires_tamiz_exit_with_the_host_url() {
    let host = Host::new();
    let o = options("inspector", "CO", "es", false);
    js_sys::Reflect::set(
        &o,
        &"quickExitUrl".into(),
        &"https://weather.example/".into(),
    )
    .unwrap();
    let mut handle = tamiz_widget::mount(host.element.clone(), o.into());
    tick().await;
    host.click(".tamiz-exit");
    tick().await;
    let exits = host.named("tamiz-exit");
    assert_eq!(
        get(&exits[0], "url").as_string().as_deref(),
        Some("https://weather.example/")
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn destroy_leaves_no_nodes_and_no_listeners() {
    let host = Host::new();
    let mut handle = tamiz_widget::mount(
        host.element.clone(),
        options("prosecutor", "EC", "en", false).into(),
    );
    tick().await;
    assert!(host.root().child_element_count() > 0);
    handle.destroy();
    tick().await;
    assert_eq!(host.root().child_element_count(), 0);
    assert_eq!(host.element.child_element_count(), 0);
    // The document-level Shift listener is gone: three presses do nothing.
    shift();
    shift();
    shift();
    tick().await;
    assert!(host.named("tamiz-exit").is_empty());
    // Destroy twice is harmless.
    handle.destroy();
}

#[wasm_bindgen_test]
async fn bad_attribute_fires_tamiz_error_and_shows_a_message() {
    let (host, mut handle) = mounted("judge", "PE", "en").await;
    assert_eq!(only_error(&host), "invalid-mode");
    let alert = host.find("[role=alert]").unwrap().text_content().unwrap();
    assert!(alert.contains("mode"), "{alert}");
    handle.update(options("self", "XX", "en", false).into());
    tick().await;
    let errors = host.named("tamiz-error");
    assert_eq!(
        get(errors.last().unwrap(), "code").as_string().as_deref(),
        Some("invalid-country")
    );
    handle.update(options("self", "PE", "en", false).into());
    tick().await;
    assert!(
        host.find("input[type=radio]").is_some(),
        "fixing the attribute starts the screening"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn hostile_config_strings_are_shown_as_text() {
    let host = Host::new();
    let evil = "<img src=x onerror=alert(1)>";
    let config = serde_json::json!({
        "directory": {
            "agency": evil,
            "institution": [{
                "id": "agency_office",
                "country": "PE",
                "routes": ["emergency", "victim_assistance"],
                "name": { "es": evil, "en": evil },
                "does": { "es": evil, "en": evil },
                "confirmed": true,
                "source": "https://agency.example/",
                "checked": "2026-01-01",
                "contact": [{
                    "kind": "phone", "value": "123 456", "confirmed": false,
                    "note": { "es": "<b>24 h</b>", "en": "<b>24 h</b>" },
                    "source": "https://agency.example/", "checked": "2026-01-01"
                }]
            }]
        }
    });
    let o = options("inspector", "PE", "en", false);
    let config = js_sys::JSON::parse(&config.to_string()).unwrap();
    js_sys::Reflect::set(&o, &"config".into(), &config).unwrap();
    let mut handle = tamiz_widget::mount(host.element.clone(), o.into());
    tick().await;
    assert!(
        host.named("tamiz-error").is_empty(),
        "{:?}",
        host.named("tamiz-error")
            .iter()
            .map(json)
            .collect::<Vec<_>>()
    );
    answer_all(&host, &content_for("inspector", "en"), 0).await;
    let result = host.find(".tamiz-result").unwrap();
    assert!(
        result.text_content().unwrap().contains(evil),
        "{}",
        result.text_content().unwrap()
    );
    assert!(host.find("img").is_none() && host.find("b").is_none());
    assert!(result
        .text_content()
        .unwrap()
        .contains("to be confirmed by your agency"));
    handle.destroy();

    // An invalid directory is refused with a clear error.
    let bad = Host::new();
    let o = options("self", "PE", "en", false);
    let config = js_sys::JSON::parse(r#"{"directory":{"institution":[{"id":"x"}]}}"#).unwrap();
    js_sys::Reflect::set(&o, &"config".into(), &config).unwrap();
    let mut handle = tamiz_widget::mount(bad.element.clone(), o.into());
    tick().await;
    let errors = bad.named("tamiz-error");
    assert_eq!(
        get(&errors[0], "code").as_string().as_deref(),
        Some("invalid-config")
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn nothing_is_stored_in_the_browser() {
    let history = web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .length()
        .unwrap();
    let host = Host::new();
    let mut handle = tamiz_widget::mount(
        host.element.clone(),
        options("self", "PE", "en", false).into(),
    );
    tick().await;
    answer_all(&host, &content_for("self", "en"), 0).await;
    let w = web_sys::window().unwrap();
    let local = js_sys::Reflect::get(&w, &"localStorage".into()).unwrap();
    let session = js_sys::Reflect::get(&w, &"sessionStorage".into()).unwrap();
    assert_eq!(get(&local, "length").as_f64(), Some(0.0));
    assert_eq!(get(&session, "length").as_f64(), Some(0.0));
    let cookie = js_sys::Reflect::get(&document(), &"cookie".into()).unwrap();
    assert_eq!(cookie.as_string().as_deref(), Some(""));
    assert_eq!(
        w.history().unwrap().length().unwrap(),
        history,
        "no history entries"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn next_without_an_answer_explains_and_focuses_the_question() {
    let host = Host::new();
    let mut handle = tamiz_widget::mount(
        host.element.clone(),
        options("self", "PE", "en", false).into(),
    );
    tick().await;
    host.click("button[type=submit]");
    tick().await;
    let alert = host.find("[role=alert]").unwrap().text_content().unwrap();
    assert!(alert.contains("Choose an answer"), "{alert}");
    let active = host.root().active_element().unwrap();
    assert_eq!(active.get_attribute("type").as_deref(), Some("radio"));
    assert_eq!(host.named("tamiz-step").len(), 1, "still on the first step");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn misspelt_or_mistyped_config_is_refused() {
    for (config, needle) in [
        (
            r#"{"directory":{"institutions":[{"id":"x"}]}}"#,
            "config.directory.institutions",
        ),
        (r#"{"diretory":{}}"#, "config.diretory"),
        (r#"{"directory":{"agency":7}}"#, "config.directory.agency"),
        (r#"{"directory":{"hide":"x"}}"#, "config.directory.hide"),
        (
            r#"{"directory":{"institution":[{"id":"x","country":"PE","routes":["emergency"],
                "name":{"es":"a","en":"a"},"does":{"es":"a","en":"a"},"confirmed":true,
                "source":"https://a.example/","checked":"2026-01-01",
                "contact":[{"kind":"fax","value":"1","confirmed":true,
                "source":"https://a.example/","checked":"2026-01-01"}]}]}}"#,
            "config.directory.institution[0].contact[0].kind",
        ),
    ] {
        let host = Host::new();
        let o = options("self", "PE", "en", false);
        let config = js_sys::JSON::parse(config).unwrap();
        js_sys::Reflect::set(&o, &"config".into(), &config).unwrap();
        let mut handle = tamiz_widget::mount(host.element.clone(), o.into());
        tick().await;
        let errors = host.named("tamiz-error");
        assert_eq!(
            get(&errors[0], "code").as_string().as_deref(),
            Some("invalid-config")
        );
        let message = get(&errors[0], "message").as_string().unwrap();
        assert!(message.contains(needle), "{message}");
        handle.destroy();
    }
    // Empty values under unknown keys are tolerated, as serialisers may write them.
    let host = Host::new();
    let o = options("self", "PE", "en", false);
    let config = js_sys::JSON::parse(r#"{"directory":{"hide":[],"extra":null}}"#).unwrap();
    js_sys::Reflect::set(&o, &"config".into(), &config).unwrap();
    let mut handle = tamiz_widget::mount(host.element.clone(), o.into());
    tick().await;
    assert!(host.named("tamiz-error").is_empty());
    handle.destroy();
}

/// Training mode (the training bundle: `--features training`): a perfect screening of a practice
/// case scores 100, a missed indicator is listed with its sentence, and the session summary counts.
#[cfg(feature = "training")]
mod training {
    use super::*;
    use tamiz_engine::{Answer, Role};
    use tamiz_practice::PracticeCase;
    use tamiz_widget::training::{model_answer, Practice};

    fn practice() -> Practice {
        let options = RawOptions {
            mode: Some("training".into()),
            country: Some("PE".into()),
            lang: Some("en".into()),
            ..RawOptions::default()
        }
        .validate()
        .unwrap();
        Practice::new(super::instrument("en-pe"), &options, None, 0)
    }

    /// Screens the open case through the DOM, answering each question with `answer` given the
    /// instrument's question (where its observations and wording are).
    async fn screen_case(
        host: &Host,
        content: &Content,
        role: Role,
        answer: impl Fn(&tamiz_instrument::Question) -> String,
    ) {
        let bank = super::instrument("en-pe").questions(role);
        answer_with(host, content, |q| {
            answer(bank.iter().find(|b| b.id == q.id).unwrap())
        })
        .await;
    }

    fn training_detail(host: &Host) -> serde_json::Value {
        let complete = host.named("tamiz-complete");
        json(&get(complete.last().unwrap(), "training"))
    }

    /// A case with an indicator the role's questions record on their own (so missing it counts).
    fn case_with_a_separable_indicator(
        p: &Practice,
    ) -> (&PracticeCase, tamiz_engine::ObservationId) {
        for case in &p.cases {
            let bank = super::instrument("en-pe").questions(case.role);
            for key in case.observations.iter().filter(|k| k.answer == Answer::Yes) {
                // Its own question, not skipped, and no gate to other questions.
                let alone = bank.iter().any(|q| {
                    q.observations == [key.id]
                        && !q.inverted
                        && q.skip_if.is_empty()
                        && !bank.iter().any(|other| {
                            other
                                .skip_if
                                .iter()
                                .any(|r| r.question.as_deref() == Some(q.id.as_str()))
                        })
                });
                if alone {
                    return (case, key.id);
                }
            }
        }
        panic!("no Peruvian case has a separately asked indicator");
    }

    #[wasm_bindgen_test]
    async fn a_perfect_screening_scores_100_and_a_missed_indicator_is_listed() {
        let p = practice();
        let (case, shown) = case_with_a_separable_indicator(&p);
        let content = p.content(case.role).unwrap().clone();
        let (host, mut handle) = mounted("training", "PE", "en").await;
        assert_eq!(host.named("tamiz-ready").len(), 1);
        assert!(host.named("tamiz-step").is_empty(), "no step in the picker");
        assert_eq!(host.all(".tamiz-case-item").len(), p.cases.len());

        // Open the case: its narrative is shown and focused first.
        host.click(&format!("button[data-case=\"{}\"]", case.id));
        tick().await;
        let narrative = host
            .find(".tamiz-narrative")
            .unwrap()
            .text_content()
            .unwrap();
        assert!(narrative.contains(case.narrative[0].text.en.as_str()));
        let active = host.root().active_element().unwrap();
        assert_eq!(active.text_content().unwrap().trim(), case.title.en);
        assert_eq!(host.named("tamiz-step").len(), 1);

        // 1. Perfectly.
        screen_case(&host, &content, case.role, |q| {
            model_answer(case, q, super::instrument("en-pe").questions(case.role))
        })
        .await;
        let score = host.find(".tamiz-score").unwrap().text_content().unwrap();
        assert!(score.contains("100 / 100"), "{score}");
        let detail = training_detail(&host);
        assert_eq!(detail["case"], case.id.as_str());
        assert_eq!(detail["score"]["percent"], 100);
        assert_eq!(detail["score"]["perfect"], true);
        assert!(host.find(".tamiz-review").is_none(), "nothing to review");
        assert!(
            host.find(".tamiz-referral").is_some(),
            "the route that should follow"
        );
        let complete = host.named("tamiz-complete");
        assert_eq!(
            get(&complete[0], "schema").as_string().as_deref(),
            Some("tamiz.assessment/1")
        );

        // 2. The same case again, missing one indicator.
        host.click("button[part~=primary-button]");
        tick().await;
        assert!(host
            .find(".tamiz-session")
            .unwrap()
            .text_content()
            .unwrap()
            .contains("Cases done: 1"));
        host.click(&format!("button[data-case=\"{}\"]", case.id));
        tick().await;
        screen_case(&host, &content, case.role, |q| {
            if q.observations == [shown] {
                "no".to_owned()
            } else {
                model_answer(case, q, super::instrument("en-pe").questions(case.role))
            }
        })
        .await;
        let missed = host
            .find(&format!(
                ".tamiz-review [data-observation=\"{}\"][data-verdict=missed]",
                shown.as_str()
            ))
            .unwrap_or_else(|| panic!("{} is not listed as missed", shown.as_str()));
        let key = case.key(shown).unwrap();
        let sentence = &case.sentence(&key.sentences[0]).unwrap().text.en;
        assert!(missed.text_content().unwrap().contains(sentence.as_str()));
        assert!(missed
            .text_content()
            .unwrap()
            .contains(key.explanation.en.as_str()));
        let detail = training_detail(&host);
        assert_ne!(detail["score"]["percent"], 100);
        assert_eq!(detail["missed"], serde_json::json!([shown.as_str()]));
        let summary = host.find(".tamiz-session").unwrap().text_content().unwrap();
        assert!(summary.contains("Cases done: 2"), "{summary}");
        assert!(host
            .find(&format!(
                ".tamiz-most-missed [data-observation=\"{}\"]",
                shown.as_str()
            ))
            .is_some());

        // Quick exit forgets the training session.
        host.click(".tamiz-exit");
        tick().await;
        assert!(host.find(".tamiz-session").is_none());
        handle.destroy();
        assert!(host.root().query_selector(".tamiz").unwrap().is_none());
    }

    #[wasm_bindgen_test]
    async fn training_pages_pass_the_same_structure_checks() {
        let (host, mut handle) = mounted("training", "CO", "es").await;
        assert!(host.find(".tamiz[lang=es]").is_some());
        // The quick exit is on the picker too; the role filter is a labelled native select.
        assert!(host.find(".tamiz-exit").is_some());
        let select = host.find("select").unwrap();
        let id = select.id();
        assert!(host.find(&format!("label[for=\"{id}\"]")).is_some());
        handle.destroy();
    }
}

/// The screening bundle carries no practice cases: asked for training directly (not through the
/// loader, which would fetch the training bundle) it says so in the widget and fires `tamiz-error`.
#[cfg(not(feature = "training"))]
#[wasm_bindgen_test]
async fn training_mode_in_the_screening_bundle_is_a_clear_error() {
    let (host, mut handle) = mounted("training", "PE", "en").await;
    assert_eq!(only_error(&host), "training-unavailable");
    let shown = host.find("[role=alert]").unwrap().text_content().unwrap();
    assert!(shown.contains("training bundle"), "{shown}");
    handle.destroy();
}
