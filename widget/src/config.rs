//! What the host asked for, validated: attributes and the `config` property become [`Options`] or a
//! [`ConfigError`] with a stable code. Pure Rust (no JS types), so the rules are testable natively and
//! the host glue stays a thin translation layer.

use tamiz_engine::{Country, Role};

/// The two languages every text of the instrument exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Spanish, the default: the working language of all three countries.
    Es,
    /// English.
    En,
}

impl Lang {
    /// Every language, so that tests and build steps can enumerate what `lang` accepts.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The BCP 47 tag written into the widget root's `lang` attribute (WCAG 3.1.2).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

/// The quick-exit destination when the host gives none: a neutral, public, always-available page that
/// looks like ordinary browsing over someone's shoulder (Wikipedia's main page in the widget's
/// language). Hosts should set `quick-exit-url` to something locally ordinary (a weather or news page).
pub fn default_quick_exit_url(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "https://es.wikipedia.org/wiki/Wikipedia:Portada",
        Lang::En => "https://en.wikipedia.org/wiki/Main_Page",
    }
}

/// The options as the host passed them (attribute strings, or the explicit `mount` options), before
/// validation. `None` means absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOptions {
    /// `mode` attribute.
    pub mode: Option<String>,
    /// `country` attribute.
    pub country: Option<String>,
    /// `lang` attribute.
    pub lang: Option<String>,
    /// `quick-exit-url` attribute.
    pub quick_exit_url: Option<String>,
    /// `emit-answers` attribute (present = true).
    pub emit_answers: bool,
}

/// Validated options: everything the UI needs to start a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Who screens: selects the question bank and the wording of results.
    pub role: Role,
    /// Where: selects law and referral directory.
    pub country: Country,
    /// Language of every text.
    pub lang: Lang,
    /// Where quick exit goes (`location.replace`), always http(s).
    pub quick_exit_url: String,
    /// Whether `tamiz-complete` carries the answers (case facts) as well as the assessment.
    pub emit_answers: bool,
    /// `mode="training"`: practice cases with feedback instead of a screening. `role` is then the
    /// role of the case being practised (each case is screened with its own role's questions).
    pub training: bool,
}

impl Options {
    /// Which content pack this widget needs: `es-pe-self` (language, country, role) for a screening,
    /// `es-pe` for training (whose cases span every role). A screening shows one language, one
    /// country's law and referral directory, and one role's questions, so a page downloads only
    /// that (`build.rs` writes one pack per key; `host::instrument` holds the ones added).
    pub fn content_key(&self) -> String {
        let country = self.country.code().to_ascii_lowercase();
        if self.training {
            format!("{}-{country}", self.lang.tag())
        } else {
            format!("{}-{country}-{}", self.lang.tag(), self.role.as_str())
        }
    }
}

/// Why the widget cannot start. `code` is stable (hosts branch on it), `message` is for developers and
/// is shown in the widget too, so that a misconfigured page is obvious during integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Stable machine code, e.g. `invalid-mode`.
    pub code: &'static str,
    /// English explanation naming the attribute and the allowed values.
    pub message: String,
}

impl ConfigError {
    /// Builds an error; a helper so call sites stay one line.
    pub fn new(code: &'static str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            code,
            message: message.into(),
        }
    }
}

impl RawOptions {
    /// Checks every attribute and names the first bad one with its allowed values.
    pub fn validate(&self) -> Result<Options, ConfigError> {
        let mode = self.mode.as_deref().map(str::trim).unwrap_or("");
        let training = mode == "training";
        let role = match mode {
            "" => {
                return Err(ConfigError::new(
                    "missing-mode",
                    "the `mode` attribute is required: inspector, migration, prosecutor, self or training",
                ))
            }
            "training" => Role::Inspector,
            m => Role::from_id(m).ok_or_else(|| {
                ConfigError::new(
                    "invalid-mode",
                    format!(
                        "`mode` is \"{m}\"; allowed values: inspector, migration, prosecutor, self, training"
                    ),
                )
            })?,
        };
        let country = match self.country.as_deref().map(str::trim).unwrap_or("") {
            "" => {
                return Err(ConfigError::new(
                    "missing-country",
                    "the `country` attribute is required: CO, EC or PE",
                ))
            }
            c => Country::from_code(&c.to_ascii_uppercase()).ok_or_else(|| {
                ConfigError::new(
                    "invalid-country",
                    format!("`country` is \"{c}\"; allowed values: CO, EC, PE"),
                )
            })?,
        };
        let lang = match self.lang.as_deref().map(str::trim).unwrap_or("") {
            "" | "es" => Lang::Es,
            "en" => Lang::En,
            l => {
                return Err(ConfigError::new(
                    "invalid-lang",
                    format!("`lang` is \"{l}\"; allowed values: es (default), en"),
                ))
            }
        };
        let quick_exit_url = match self.quick_exit_url.as_deref().map(str::trim) {
            None | Some("") => default_quick_exit_url(lang).to_owned(),
            Some(url) => check_exit_url(url)?.to_owned(),
        };
        Ok(Options {
            role,
            country,
            lang,
            quick_exit_url,
            emit_answers: self.emit_answers,
            training,
        })
    }
}

/// Only absolute http(s) URLs without whitespace or control characters: quick exit calls
/// `location.replace`, and a `javascript:` or `data:` URL there would be script injection.
fn check_exit_url(url: &str) -> Result<&str, ConfigError> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    let has_host = url
        .split_once("//")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    if scheme_ok && clean && has_host {
        Ok(url)
    } else {
        Err(ConfigError::new(
            "invalid-quick-exit-url",
            "`quick-exit-url` must be an absolute http:// or https:// URL",
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn raw(mode: &str, country: &str, lang: &str) -> RawOptions {
        RawOptions {
            mode: Some(mode.into()),
            country: Some(country.into()),
            lang: Some(lang.into()),
            ..RawOptions::default()
        }
    }

    #[test]
    fn the_content_key_names_language_country_and_role_or_training() {
        assert_eq!(
            raw("self", "PE", "es").validate().unwrap().content_key(),
            "es-pe-self"
        );
        assert_eq!(
            raw("prosecutor", " co ", "en")
                .validate()
                .map(|o| o.content_key()),
            raw("prosecutor", "CO", "en")
                .validate()
                .map(|o| o.content_key())
        );
        assert_eq!(
            raw("training", "EC", "en")
                .validate()
                .unwrap()
                .content_key(),
            "en-ec"
        );
    }

    /// The loader (`widget/js/tamiz-widget.js`, `likelyKey`) guesses the content pack from the plain
    /// attribute values, before the wasm can say which, so that the pack downloads alongside the
    /// wasm. That repeats in JS the values `validate` accepts; this keeps the two equal, so a new
    /// language, country or role cannot silently lose the early download, nor the loader start one
    /// for a pack no build writes.
    #[test]
    fn the_loaders_pack_guess_knows_the_values_validate_accepts() {
        let loader = include_str!("../js/tamiz-widget.js");
        let body = loader
            .split("function likelyKey(")
            .nth(1)
            .and_then(|rest| rest.split("\n}\n").next())
            .expect("the loader defines likelyKey");
        // Its array literals, in order: languages, countries, screening modes.
        let lists: Vec<Vec<String>> = body
            .split('[')
            .skip(1)
            .map(|rest| {
                let inside = rest.split(']').next().unwrap_or("");
                let mut values: Vec<String> = inside
                    .split(',')
                    .map(|v| v.trim().trim_matches('"').to_owned())
                    .collect();
                values.sort();
                values
            })
            .collect();
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let langs = sorted(Lang::ALL.iter().map(|l| l.tag().to_owned()).collect());
        let countries = sorted(
            Country::ALL
                .iter()
                .map(|c| c.code().to_ascii_lowercase())
                .collect(),
        );
        let modes = sorted(Role::ALL.iter().map(|r| r.as_str().to_owned()).collect());
        assert_eq!(lists, [langs, countries, modes.clone()], "{body}");
        // And the keys it builds from them are the ones the wasm asks for.
        for lang in Lang::ALL.map(Lang::tag) {
            for country in Country::ALL.map(|c| c.code().to_ascii_lowercase()) {
                for mode in &modes {
                    let key = raw(mode, &country, lang).validate().unwrap().content_key();
                    assert_eq!(key, format!("{lang}-{country}-{mode}"));
                }
                let key = raw("training", &country, lang)
                    .validate()
                    .unwrap()
                    .content_key();
                assert_eq!(key, format!("{lang}-{country}"));
            }
        }
        assert!(
            body.contains("`${lang}-${country}-${mode}`") && body.contains("`${lang}-${country}`")
        );
    }

    #[test]
    fn good_attributes_validate_with_defaults() {
        let o = raw("self", "pe", "").validate().unwrap();
        assert_eq!(o.role, Role::SelfCheck);
        assert_eq!(o.country, Country::Peru);
        assert_eq!(o.lang, Lang::Es);
        assert!(o.quick_exit_url.starts_with("https://es.wikipedia.org/"));
    }

    #[test]
    fn bad_attributes_name_the_attribute_and_allowed_values() {
        let e = raw("judge", "PE", "es").validate().unwrap_err();
        assert_eq!(e.code, "invalid-mode");
        assert!(e.message.contains("prosecutor"));
        assert_eq!(
            raw("self", "BR", "es").validate().unwrap_err().code,
            "invalid-country"
        );
        assert_eq!(
            raw("self", "PE", "fr").validate().unwrap_err().code,
            "invalid-lang"
        );
        assert_eq!(
            RawOptions::default().validate().unwrap_err().code,
            "missing-mode"
        );
    }

    #[test]
    fn quick_exit_url_must_be_http() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "https://",
            "https:///x",
            "https://a b",
        ] {
            let mut r = raw("self", "CO", "en");
            r.quick_exit_url = Some(bad.into());
            assert_eq!(
                r.validate().unwrap_err().code,
                "invalid-quick-exit-url",
                "{bad}"
            );
        }
        let mut r = raw("inspector", "EC", "en");
        r.quick_exit_url = Some("HTTPS://weather.example/today".into());
        assert_eq!(
            r.validate().unwrap().quick_exit_url,
            "HTTPS://weather.example/today"
        );
    }
}
