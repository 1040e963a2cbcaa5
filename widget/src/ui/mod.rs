//! The Yew components. Pure-ish: they read props, keep a [`Session`](crate::session::Session) and talk
//! to the page only through the `on_event` callback ([`UiEvent`]); the host module turns those into DOM
//! events, clipboard writes, printing and navigation. The only browser calls here are focusing the
//! step heading and reading form controls, which Yew hands us as DOM nodes anyway.

mod result;
mod step;
pub mod text;
#[cfg(feature = "training")]
mod training;

use std::rc::Rc;

use tamiz_engine::{Evidence, Role};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::config::{ConfigError, Lang, Options};
use crate::content::Content;
use crate::session::{Outcome, Screen, Session};
use text::{texts, Texts};

#[cfg(feature = "training")]
use crate::training::Practice;
pub use result::summary_text;
#[cfg(feature = "training")]
use tamiz_practice::Feedback;
#[cfg(feature = "training")]
pub use training::{Phase, Trainer, TrainingMsg};

/// What the host set up: validated options with their content, or why the widget cannot start.
#[derive(Debug, Clone)]
pub enum Setup {
    /// Ready to screen.
    Ready {
        /// The validated attributes.
        options: Options,
        /// The instrument narrowed to the options.
        content: Rc<Content>,
        /// Training mode's cases and questionnaires (`mode="training"`).
        #[cfg(feature = "training")]
        practice: Option<Rc<Practice>>,
    },
    /// Bad attributes or config: shown in the widget (and reported as `tamiz-error` by the host).
    Error {
        /// Language for the message chrome.
        lang: Lang,
        /// What is wrong.
        error: ConfigError,
    },
}

impl PartialEq for Setup {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Setup::Ready {
                    options, content, ..
                },
                Setup::Ready {
                    options: o2,
                    content: c2,
                    ..
                },
            ) => options == o2 && Rc::ptr_eq(content, c2),
            (
                Setup::Error { lang, error },
                Setup::Error {
                    lang: l2,
                    error: e2,
                },
            ) => lang == l2 && error == e2,
            _ => false,
        }
    }
}

/// What the UI tells the host.
#[derive(Debug, Clone)]
pub enum UiEvent {
    /// First render done: `tamiz-ready`.
    Ready,
    /// A question screen is shown: `tamiz-step` with 1-based `index` of `total`.
    Step {
        /// 1-based position.
        index: usize,
        /// Steps the current answers lead through.
        total: usize,
    },
    /// The result is shown: `tamiz-complete`.
    Complete(Rc<Outcome>),
    /// Training: a practice case was screened and scored: `tamiz-complete` with the score.
    #[cfg(feature = "training")]
    TrainingComplete {
        /// The trainee's screening (facts and the engine's assessment of them).
        outcome: Rc<Outcome>,
        /// The score and verdicts.
        feedback: Rc<Feedback>,
    },
    /// Quick exit chosen: the UI has already blanked itself and wiped the answers.
    Exit,
    /// Put this text on the clipboard and report success through `done`.
    Copy {
        /// The plain-text summary.
        text: String,
        /// Called with `true` when the clipboard accepted the text.
        done: Callback<bool>,
    },
    /// Open the browser's print dialog.
    Print,
}

/// Props of the root component.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AppProps {
    /// Options and content, or the configuration error.
    pub setup: Setup,
    /// Unique per instance on the page: prefixes radio names and element ids.
    pub uid: u32,
    /// Everything the UI asks of the host.
    pub on_event: Callback<UiEvent>,
}

/// Messages of the root component; `Exit`, `ShiftPressed` and `Reset` also come from the host (the
/// Shift×3 shortcut and a return through the back/forward cache).
#[derive(Debug, Clone)]
pub enum Msg {
    /// An answer was chosen or typed.
    Answer(String, String),
    /// An evidence source was chosen.
    Evidence(String, Option<Evidence>),
    /// Next / See result.
    Next,
    /// Back.
    Back,
    /// Start again.
    Restart,
    /// Quick exit.
    Exit,
    /// Shift was pressed; the number of presses still needed to exit (announced).
    ShiftPressed(u8),
    /// Copy summary.
    Copy,
    /// The clipboard answered.
    Copied(bool),
    /// Print.
    Print,
    /// Back from the exit page through the back/forward cache: show a fresh, empty session.
    Reset,
    /// Training mode: picking, opening and leaving practice cases.
    #[cfg(feature = "training")]
    Training(TrainingMsg),
}

/// The root component: one screening.
pub struct App {
    session: Session,
    /// Move focus to the step heading after the next render (not on first render: never steal focus
    /// from the host page).
    focus: bool,
    /// Emit `tamiz-step` after the next render.
    step_event: bool,
    /// The live region's text.
    announce: String,
    /// Unanswered question ids when Next was refused.
    missing: Vec<String>,
    /// Clipboard status after "copy summary".
    copied: Option<bool>,
    /// Move focus to the first unanswered question after the next render (Next was refused).
    focus_missing: bool,
    heading: NodeRef,
    /// Training mode's state (unused in the screening modes).
    #[cfg(feature = "training")]
    trainer: Trainer,
}

impl App {
    fn content(ctx: &Context<Self>) -> Option<(&Options, &Rc<Content>)> {
        match &ctx.props().setup {
            Setup::Ready {
                options, content, ..
            } => Some((options, content)),
            Setup::Error { .. } => None,
        }
    }

    /// The options and questionnaire the session runs on: the widget's own, or in training mode
    /// those of the case being screened (its role's questions).
    fn active<'a>(&'a self, ctx: &'a Context<Self>) -> Option<(&'a Options, &'a Rc<Content>)> {
        #[cfg(feature = "training")]
        if let Some(active) = self.training_active() {
            return Some(active);
        }
        Self::content(ctx)
    }

    #[cfg(not(feature = "training"))]
    fn screening_shown(&self, _ctx: &Context<Self>) -> bool {
        true
    }

    fn lang(ctx: &Context<Self>) -> Lang {
        match &ctx.props().setup {
            Setup::Ready { options, .. } => options.lang,
            Setup::Error { lang, .. } => *lang,
        }
    }

    fn navigated(&mut self, ctx: &Context<Self>) {
        self.focus = true;
        self.step_event = true;
        self.missing.clear();
        self.copied = None;
        self.announce = match self.active(ctx) {
            Some((options, content)) => match self.session.screen(content) {
                Screen::Step { index, total, .. } => {
                    progress_label(texts(options.lang), options.role, index, total)
                }
                Screen::Result(_) => texts(options.lang).result.to_owned(),
                Screen::Exited => String::new(),
            },
            None => String::new(),
        };
    }
}

/// "Question 3 of 12" (self mode) or "Section 2 of 5" (professional modes).
pub fn progress_label(t: &Texts, role: Role, index: usize, total: usize) -> String {
    let noun = if role == Role::SelfCheck {
        t.question
    } else {
        t.section
    };
    format!("{noun} {index} {} {total}", t.of)
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(_ctx: &Context<Self>) -> Self {
        App {
            session: Session::new(),
            focus: false,
            step_event: true,
            announce: String::new(),
            missing: Vec::new(),
            copied: None,
            focus_missing: false,
            heading: NodeRef::default(),
            #[cfg(feature = "training")]
            trainer: Trainer::default(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let content = match self.active(ctx) {
            Some((_, content)) => Rc::clone(content),
            None => return false,
        };
        if self.session.exited() && !matches!(msg, Msg::Reset) {
            return false;
        }
        match msg {
            #[cfg(feature = "training")]
            Msg::Training(msg) => return self.training_update(ctx, msg),
            Msg::Answer(q, v) => {
                self.session.answer(&q, &v);
                self.missing.retain(|m| *m != q);
            }
            Msg::Evidence(q, e) => self.session.set_evidence(&q, e),
            Msg::Next => match self.session.next(&content) {
                Ok(()) => {
                    self.navigated(ctx);
                    if let Screen::Result(outcome) = self.session.screen(&content) {
                        #[cfg(feature = "training")]
                        if self.training_active().is_some() {
                            self.finish_case(ctx);
                            return true;
                        }
                        ctx.props().on_event.emit(UiEvent::Complete(outcome));
                    }
                }
                Err(missing) => {
                    self.missing = missing;
                    self.focus_missing = true;
                }
            },
            Msg::Back => {
                self.session.back(&content);
                self.navigated(ctx);
            }
            Msg::Restart => {
                self.session.restart();
                self.navigated(ctx);
            }
            Msg::Exit => {
                self.session.exit();
                #[cfg(feature = "training")]
                {
                    // Quick exit forgets the training session too (cases done, what was missed).
                    self.trainer = Trainer::default();
                }
                self.announce.clear();
                self.missing.clear();
                ctx.props().on_event.emit(UiEvent::Exit);
            }
            Msg::ShiftPressed(left) => {
                let (a, b) = texts(Self::lang(ctx)).shift_more;
                self.announce = format!("{a} {left} {b}");
            }
            Msg::Copy => {
                if let Screen::Result(outcome) = self.session.screen(&content) {
                    let (options, _) = match self.active(ctx) {
                        Some(c) => c,
                        None => return false,
                    };
                    let text = summary_text(texts(options.lang), options.role, &outcome.view);
                    let done = ctx.link().callback(Msg::Copied);
                    ctx.props().on_event.emit(UiEvent::Copy { text, done });
                }
                return false;
            }
            Msg::Copied(ok) => self.copied = Some(ok),
            Msg::Print => {
                ctx.props().on_event.emit(UiEvent::Print);
                return false;
            }
            Msg::Reset => {
                self.session.restart();
                #[cfg(feature = "training")]
                {
                    self.trainer = Trainer::default();
                }
                self.step_event = true;
                self.announce.clear();
            }
        }
        true
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &AppProps) -> bool {
        let same_session = match (&old.setup, &ctx.props().setup) {
            (Setup::Ready { options: a, .. }, Setup::Ready { options: b, .. }) => {
                a.role == b.role && a.country == b.country && a.training == b.training
            }
            _ => false,
        };
        #[cfg(feature = "training")]
        if same_session {
            self.training_changed(ctx);
        }
        if !same_session && !self.session.exited() {
            // A different questionnaire: the old answers do not belong to it.
            self.session.restart();
            #[cfg(feature = "training")]
            {
                self.trainer = Trainer::default();
            }
            self.step_event = true;
            self.missing.clear();
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let lang = Self::lang(ctx);
        let t = texts(lang);
        let (options, content) = match self.active(ctx) {
            Some(active) => active,
            None => match &ctx.props().setup {
                Setup::Ready {
                    options, content, ..
                } => (options, content),
                Setup::Error { error, .. } => {
                    return html! {
                        <div class="tamiz" part="root" lang={lang.tag()}>
                            <div class="tamiz-error" part="error" role="alert">
                                <h2 class="tamiz-heading">{t.error}</h2>
                                <p>{&error.message}</p>
                            </div>
                        </div>
                    };
                }
            },
        };
        let screen = self.session.screen(content);
        if screen == Screen::Exited {
            return html! { <div class="tamiz tamiz-exited" part="root" lang={lang.tag()}></div> };
        }
        let exit = ctx.link().callback(|_| Msg::Exit);
        let hint_id = format!("tamiz{}-exit-hint", ctx.props().uid);
        let body = match screen {
            Screen::Step { index, total, step } => {
                self.view_step(ctx, options, content, &step, index, total)
            }
            Screen::Result(outcome) => self.view_result(ctx, options, &outcome),
            Screen::Exited => Html::default(),
        };
        #[cfg(feature = "training")]
        let body = match self.view_training(ctx) {
            Some(training) => training,
            None if self.training_active().is_some() => {
                html! { <>{self.view_narrative(ctx)}{body}</> }
            }
            None => body,
        };
        html! {
            <div class={classes!("tamiz", (options.role == Role::SelfCheck).then_some("tamiz-self"))}
                 part="root" lang={lang.tag()}>
                <div class="tamiz-bar">
                    <button type="button" class="tamiz-exit" part="exit-button"
                            aria-describedby={hint_id.clone()} onclick={exit}>{t.exit}</button>
                    <span id={hint_id} class="tamiz-exit-hint">{t.exit_hint}</span>
                </div>
                <p class="tamiz-visually-hidden" role="status">{&self.announce}</p>
                {body}
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            ctx.props().on_event.emit(UiEvent::Ready);
        }
        if self.step_event {
            self.step_event = false;
            if let (true, Some((_, content))) = (self.screening_shown(ctx), self.active(ctx)) {
                if let Screen::Step { index, total, .. } = self.session.screen(content) {
                    ctx.props().on_event.emit(UiEvent::Step { index, total });
                }
            }
        }
        if self.focus {
            self.focus = false;
            if let Some(h) = self.heading.cast::<HtmlElement>() {
                let _ = h.focus();
            }
        }
        #[cfg(feature = "training")]
        if self.trainer.focus_case {
            // A case was opened: start at its title, so the narrative is read before the questions.
            self.trainer.focus_case = false;
            if let Some(h) = self.trainer.case_heading.cast::<HtmlElement>() {
                let _ = h.focus();
            }
        }
        if self.focus_missing {
            self.focus_missing = false;
            // The first control of the first unanswered question, so keyboard and screen-reader
            // users land where the answer is missing (the alert says why).
            let first = self
                .heading
                .cast::<web_sys::Element>()
                .and_then(|h| h.closest("form").ok().flatten())
                .and_then(|f| f.query_selector("[aria-invalid=true] input").ok().flatten())
                .and_then(|i| i.dyn_into::<HtmlElement>().ok());
            if let Some(input) = first {
                let _ = input.focus();
            }
        }
    }
}
