//! The FAQ editor under `/console/pages/{id}/faq` (admins of the page only, through the API's
//! `PageAdmin`): the entries, each edited as a form (examples per language, answers per tone,
//! keywords, `escalate`) and saved through `faq_editor` as the page's next version, with
//! errors beside their fields; "try a message" (the matcher's verdict and its best entries);
//! and the evaluation on pasted or uploaded labelled messages (`faq_eval`). Learning from
//! staff answers is `faq_learn`. Handlers extract, call the use case, render.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use super::faq_texts::{FaqTexts, language_name, texts};
use super::i18n::Lang;
use super::render::{Chrome, html_with_status, is_htmx, see_other};
use super::session::Viewer;
use crate::domain::faq::{Unsure, Verdict};
use crate::domain::locale::Language;
use crate::domain::page::{Page, PageFile};
use crate::faq_editor::{self, EditError, EntryDraft, Trial};
use crate::faq_eval::{self, Counts, InputError, Report};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::PageAdmin;

/// The most raw form body the evaluation reads: `faq_eval::MAX_BYTES` of text, percent-encoded
/// (at most three bytes per byte), and the other fields.
const MAX_EVAL_BODY: usize = 3 * faq_eval::MAX_BYTES + 4096;
/// How many mistakes the evaluation lists.
const SHOWN_MISTAKES: usize = 100;

/// The FAQ editor's routes, inside the console's scope.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/pages/{id}/faq")
            .route("", web::get().to(overview))
            .route("/try", web::get().to(try_message))
            .route("/eval", web::post().to(evaluate))
            .route("/new", web::get().to(new_entry))
            .route("/new", web::post().to(create_entry))
            .route("/entries/{entry}", web::get().to(edit_entry))
            .route("/entries/{entry}", web::post().to(save_entry))
            .route("/entries/{entry}/delete", web::post().to(delete_entry))
            .route("/learn", web::get().to(super::faq_learn::learn))
            .route(
                "/learn/{suggestion}/accept",
                web::post().to(super::faq_learn::accept),
            )
            .route(
                "/learn/{suggestion}/dismiss",
                web::post().to(super::faq_learn::dismiss),
            ),
    );
}

/// `/console/pages/{id}/faq`.
pub fn faq_href(page_id: &str) -> String {
    format!(
        "/console/pages/{}/faq",
        utf8_percent_encode(page_id, NON_ALPHANUMERIC)
    )
}

/// `/console/pages/{id}/faq/entries/{entry}`.
pub fn entry_href(page_id: &str, entry: &str) -> String {
    format!(
        "{}/entries/{}",
        faq_href(page_id),
        utf8_percent_encode(entry, NON_ALPHANUMERIC)
    )
}

/// The page the editor works on, as its views name it.
pub struct PageHead {
    pub name: String,
    pub faq_href: String,
    pub learn_href: String,
}

impl PageHead {
    pub fn of(page: &PageFile) -> PageHead {
        let faq_href = faq_href(&page.id);
        PageHead {
            name: page.name.clone(),
            learn_href: format!("{faq_href}/learn"),
            faq_href,
        }
    }
}

/// The validated page, or the field at fault (a stored page always validates).
pub fn validated(page: &PageFile) -> Result<Page, ApiError> {
    page.validate().map_err(ApiError::Invalid)
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    pub(super) done: String,
}

/// One entry in the overview's table.
pub struct EntryRow {
    pub id: String,
    pub href: String,
    pub escalate: bool,
    /// `cs 14 · en 11`
    pub examples: String,
    pub answers: String,
    pub keywords: String,
}

/// "Try a message" as shown.
pub struct TryView {
    pub text: String,
    /// The verdict in words.
    pub verdict: String,
    pub answered: bool,
    pub language: String,
    pub coverage: String,
    pub ranked: Vec<Ranked>,
}

/// One weighed entry of "try a message".
pub struct Ranked {
    pub entry: String,
    pub score: f32,
    pub shown: String,
    /// It is the one that would answer.
    pub answer: bool,
}

impl TryView {
    fn of(text: String, trial: &Trial, lang: Lang) -> TryView {
        let t = texts(lang);
        let result = &trial.result;
        let answered_entry = result.verdict.answered_entry();
        let verdict = match &result.verdict {
            Verdict::Answer { entry } => {
                // Whether the learned check chose the entry, and which rule it overruled.
                let mut shown = format!("{} \u{201c}{entry}\u{201d}", t.would_answer);
                if result.learned {
                    shown.push(' ');
                    shown.push_str(t.learned_entry);
                }
                if let Some(rule) = result.overruled {
                    shown.push_str(&format!(" {} {})", t.overruled, unsure_text(t, rule)));
                }
                shown
            }
            Verdict::Unsure { reason } => {
                format!("{} {}", t.would_not_answer, unsure_text(t, *reason))
            }
            Verdict::Angry { signals } => {
                format!(
                    "{} {} ({})",
                    t.would_not_answer,
                    t.angry,
                    signals.join(", ")
                )
            }
            Verdict::Spam { signals } => {
                format!("{} {} ({})", t.would_not_answer, t.spam, signals.join(", "))
            }
            Verdict::AskedForPerson => format!("{} {}", t.would_not_answer, t.asked_for_person),
            Verdict::NeedsPerson { entry } => format!(
                "{} {} \u{201c}{entry}\u{201d}",
                t.would_not_answer, t.needs_person
            ),
        };
        TryView {
            text,
            verdict,
            answered: answered_entry.is_some(),
            language: result
                .language
                .map_or(t.unknown, |l| language_name(l, lang))
                .to_owned(),
            coverage: result
                .coverage
                .map_or_else(|| "–".to_owned(), |c| format!("{:.0} %", 100.0 * c)),
            ranked: trial
                .ranked
                .iter()
                .map(|c| Ranked {
                    entry: c.entry.clone(),
                    score: c.score,
                    shown: format!("{:.2}", c.score),
                    answer: answered_entry == Some(c.entry.as_str()),
                })
                .collect(),
        }
    }
}

/// One line of the evaluation table.
pub struct CountsRow {
    pub group: String,
    pub answerable: usize,
    pub right: String,
    pub wrong: String,
    pub abstained: String,
    pub escalate_only: usize,
    pub escalate_answered: usize,
    pub escalate_answered_share: String,
}

impl CountsRow {
    fn of(group: &str, c: &Counts) -> CountsRow {
        let percent = |share: f64| format!("{:.1} %", 100.0 * share);
        CountsRow {
            group: group.to_owned(),
            answerable: c.answerable,
            right: percent(c.accuracy()),
            wrong: percent(c.wrong_answer_rate()),
            abstained: percent(c.abstained_rate()),
            escalate_only: c.escalate_only,
            escalate_answered: c.escalate_answered,
            escalate_answered_share: percent(c.escalate_answered_rate()),
        }
    }
}

/// The evaluation as shown: what was given back, an error beside the field, or the table.
#[derive(Default)]
pub struct EvalView {
    pub text: String,
    pub error: Option<String>,
    pub groups: Vec<CountsRow>,
    pub total: Option<CountsRow>,
    /// (expected, got, message)
    pub mistakes: Vec<(String, String, String)>,
    pub more_mistakes: usize,
}

impl EvalView {
    fn of(text: String, report: &Report, t: &FaqTexts) -> EvalView {
        let all_mistakes: Vec<_> = report.mistakes().collect();
        EvalView {
            text,
            error: None,
            groups: report
                .groups
                .iter()
                .map(|(g, c)| CountsRow::of(g, c))
                .collect(),
            total: Some(CountsRow::of(t.all, &report.total)),
            mistakes: all_mistakes
                .iter()
                .take(SHOWN_MISTAKES)
                .map(|l| (l.expected.clone(), l.got.clone(), l.text.clone()))
                .collect(),
            more_mistakes: all_mistakes.len().saturating_sub(SHOWN_MISTAKES),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "console/faq/overview.html")]
struct OverviewPage<'a> {
    chrome: Chrome<'a>,
    f: &'static FaqTexts,
    page: PageHead,
    entries: Vec<EntryRow>,
    limits: String,
    notice: Option<&'static str>,
    trial: Option<TryView>,
    eval: EvalView,
}

#[derive(askama::Template)]
#[template(path = "console/faq/_try.html")]
struct TryFragment {
    f: &'static FaqTexts,
    trial: Option<TryView>,
}

#[derive(askama::Template)]
#[template(path = "console/faq/_eval.html")]
struct EvalFragment {
    f: &'static FaqTexts,
    eval: EvalView,
}

fn entry_rows(page: &PageFile) -> Vec<EntryRow> {
    let Some(faq) = &page.faq else {
        return Vec::new();
    };
    faq.entries
        .iter()
        .map(|entry| EntryRow {
            id: entry.id.clone(),
            href: entry_href(&page.id, &entry.id),
            escalate: entry.escalate,
            examples: entry
                .examples
                .iter()
                .filter(|(_, e)| !e.is_empty())
                .map(|(l, e)| format!("{} {}", l.code(), e.len()))
                .collect::<Vec<_>>()
                .join(" · "),
            answers: entry
                .answers
                .keys()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(", "),
            keywords: entry.keywords.join(", "),
        })
        .collect()
}

fn render_overview(
    viewer: &Viewer,
    page: &PageFile,
    validated: &Page,
    notice: Option<&'static str>,
    trial: Option<TryView>,
    eval: EvalView,
    status: StatusCode,
) -> HttpResponse {
    let f = texts(viewer.lang);
    let title = format!("{} · {}", f.faq, page.name);
    let limits = validated.faq.limits();
    html_with_status(
        &OverviewPage {
            chrome: Chrome::of(viewer, &title),
            f,
            page: PageHead::of(page),
            entries: entry_rows(page),
            limits: format!(
                "{} {:.2} {} {:.2}",
                f.limits, limits.threshold, f.margin, limits.margin
            ),
            notice,
            trial,
            eval,
        },
        status,
    )
}

/// `GET …/faq`: the entries, "try a message" and the evaluation.
pub async fn overview(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let f = texts(viewer.lang);
    let notice = match query.done.as_str() {
        "deleted" => Some(f.deleted),
        _ => None,
    };
    let validated = validated(&page)?;
    Ok(render_overview(
        &viewer,
        &page,
        &validated,
        notice,
        None,
        EvalView::default(),
        StatusCode::OK,
    ))
}

#[derive(Deserialize)]
pub struct TryQuery {
    #[serde(default)]
    text: String,
}

/// `GET …/faq/try?text=`: the matcher's verdict on a message, with its best entries.
pub async fn try_message(
    req: HttpRequest,
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    query: web::Query<TryQuery>,
) -> Result<HttpResponse, ApiError> {
    let validated = validated(&page)?;
    let text = query.into_inner().text;
    let trial = faq_editor::try_message(&validated, &text);
    let view = TryView::of(text, &trial, viewer.lang);
    if is_htmx(&req) {
        return Ok(html_with_status(
            &TryFragment {
                f: texts(viewer.lang),
                trial: Some(view),
            },
            StatusCode::OK,
        ));
    }
    Ok(render_overview(
        &viewer,
        &page,
        &validated,
        None,
        Some(view),
        EvalView::default(),
        StatusCode::OK,
    ))
}

/// The form body, up to `cap` bytes; `None` when it is longer.
async fn read_form(
    mut payload: web::Payload,
    cap: usize,
) -> Result<Option<Vec<(String, String)>>, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| ApiError::BadRequest(error.to_string()))?;
        if body.len().saturating_add(chunk.len()) > cap {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    serde_urlencoded::from_bytes(&body)
        .map(Some)
        .map_err(|error| ApiError::BadRequest(format!("the form is malformed: {error}")))
}

/// `POST …/faq/eval` (`labelled`): the evaluation table of pasted or uploaded labelled
/// messages; too much text is refused (413) beside the field, as is a malformed line (400).
pub async fn evaluate(
    req: HttpRequest,
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let f = texts(viewer.lang);
    let validated = validated(&page)?;
    let (eval, status) = match read_form(payload, MAX_EVAL_BODY).await? {
        None => (
            EvalView {
                error: Some(f.eval_too_large.to_owned()),
                ..EvalView::default()
            },
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Some(fields) => {
            let text = fields
                .into_iter()
                .find(|(name, _)| name == "labelled")
                .map(|(_, value)| value)
                .unwrap_or_default();
            let refused = |error: String, status, text| {
                let eval = EvalView {
                    text,
                    error: Some(error),
                    ..EvalView::default()
                };
                (eval, status)
            };
            match faq_eval::parse_bounded(&text) {
                Err(InputError::TooLarge { .. }) => refused(
                    f.eval_too_large.to_owned(),
                    StatusCode::PAYLOAD_TOO_LARGE,
                    String::new(),
                ),
                Err(InputError::TooManyLines { .. }) => refused(
                    f.eval_too_many_lines.to_owned(),
                    StatusCode::PAYLOAD_TOO_LARGE,
                    String::new(),
                ),
                Err(InputError::Malformed { line }) => refused(
                    format!("{} {line}", f.eval_malformed),
                    StatusCode::BAD_REQUEST,
                    text,
                ),
                Ok(messages) if messages.is_empty() => {
                    refused(f.eval_empty.to_owned(), StatusCode::BAD_REQUEST, text)
                }
                Ok(messages) => {
                    let report = faq_eval::evaluate(&validated, &messages);
                    (EvalView::of(text, &report, f), StatusCode::OK)
                }
            }
        }
    };
    if is_htmx(&req) {
        return Ok(html_with_status(&EvalFragment { f, eval }, status));
    }
    Ok(render_overview(
        &viewer, &page, &validated, None, None, eval, status,
    ))
}

/// One customer language of the entry form.
pub struct LanguageForm {
    pub code: &'static str,
    pub name: &'static str,
    pub is_page_language: bool,
    pub open: bool,
    pub per_tone: bool,
    pub examples: String,
    pub answer: String,
    pub formal: String,
    pub informal: String,
    pub examples_error: Option<String>,
    pub answer_error: Option<String>,
    pub formal_error: Option<String>,
    pub informal_error: Option<String>,
}

/// The entry form as shown: the draft, and what went wrong beside its field.
pub struct EntryForm {
    pub id: String,
    pub escalate: bool,
    pub keywords: String,
    pub languages: Vec<LanguageForm>,
    pub id_error: Option<String>,
    pub keywords_error: Option<String>,
    /// An error not about one field (e.g. no example at all).
    pub error: Option<String>,
}

impl EntryForm {
    fn of(
        draft: &EntryDraft,
        page_language: Language,
        lang: Lang,
        error: Option<&EditError>,
    ) -> Self {
        let field = error.and_then(EditError::entry_field);
        let message = error.map(ToString::to_string);
        let short = match error {
            Some(EditError::Invalid { error, .. }) => Some(error.message.clone()),
            _ => message.clone(),
        };
        let beside = |name: &str| -> Option<String> {
            (field == Some(name)).then(|| short.clone()).flatten()
        };
        let languages = Language::ALL
            .into_iter()
            .map(|language| {
                let texts = draft.languages.get(&language).cloned().unwrap_or_default();
                let code = language.code();
                let answers = format!("answers.{code}");
                let (answer_error, formal_error, informal_error) = (
                    beside(&answers),
                    beside(&format!("{answers}.formal")),
                    beside(&format!("{answers}.informal")),
                );
                let has_text = !texts.examples.is_empty()
                    || !texts.answer.is_empty()
                    || !texts.formal.is_empty()
                    || !texts.informal.is_empty();
                let has_error =
                    answer_error.is_some() || formal_error.is_some() || informal_error.is_some();
                LanguageForm {
                    code,
                    name: language_name(language, lang),
                    is_page_language: language == page_language,
                    open: has_text || has_error || language == page_language,
                    per_tone: !texts.formal.is_empty()
                        || !texts.informal.is_empty()
                        || formal_error.is_some()
                        || informal_error.is_some(),
                    examples: texts.examples.join("\n"),
                    answer: texts.answer,
                    formal: texts.formal,
                    informal: texts.informal,
                    examples_error: beside(&format!("examples.{code}")),
                    answer_error,
                    formal_error,
                    informal_error,
                }
            })
            .collect();
        let named = matches!(
            field,
            Some(f) if f == "id" || f == "keywords" || f.starts_with("answers.") || f.starts_with("examples.")
        );
        EntryForm {
            id: draft.id.clone(),
            escalate: draft.escalate,
            keywords: draft.keywords.join("\n"),
            languages,
            id_error: beside("id"),
            keywords_error: beside("keywords"),
            error: if named { None } else { message },
        }
    }

    /// The first field with an error, for the link at the top of the form.
    pub fn has_error(&self) -> bool {
        self.error.is_some()
            || self.id_error.is_some()
            || self.keywords_error.is_some()
            || self.languages.iter().any(|l| {
                l.examples_error.is_some()
                    || l.answer_error.is_some()
                    || l.formal_error.is_some()
                    || l.informal_error.is_some()
            })
    }
}

/// The form's fields as an entry draft: `id`, `escalate`, `keywords` (lines or commas),
/// `examples.<lang>` (lines), `answers.<lang>`, `answers.<lang>.formal|informal`.
fn draft_of(fields: &[(String, String)]) -> EntryDraft {
    let language = |code: &str| Language::ALL.into_iter().find(|l| l.code() == code);
    let mut draft = EntryDraft::default();
    for (name, value) in fields {
        match name.as_str() {
            "id" => draft.id = value.clone(),
            "escalate" => draft.escalate = true,
            "keywords" => {
                draft.keywords = value
                    .split([',', '\n'])
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            name => {
                if let Some(code) = name.strip_prefix("examples.") {
                    if let Some(l) = language(code) {
                        draft.languages.entry(l).or_default().examples =
                            value.lines().map(str::to_owned).collect();
                    }
                } else if let Some(rest) = name.strip_prefix("answers.") {
                    let (code, tone) = rest.split_once('.').unwrap_or((rest, ""));
                    if let Some(l) = language(code) {
                        let texts = draft.languages.entry(l).or_default();
                        match tone {
                            "" => texts.answer = value.clone(),
                            "formal" => texts.formal = value.clone(),
                            "informal" => texts.informal = value.clone(),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    draft
}

#[derive(askama::Template)]
#[template(path = "console/faq/entry.html")]
struct EntryPage<'a> {
    chrome: Chrome<'a>,
    f: &'static FaqTexts,
    page: PageHead,
    /// Where the form posts.
    action: String,
    /// Where the delete form posts (existing entries).
    delete: Option<String>,
    form: EntryForm,
    notice: Option<&'static str>,
}

fn render_entry(
    viewer: &Viewer,
    page: &PageFile,
    editing: Option<&str>,
    form: EntryForm,
    notice: Option<&'static str>,
    status: StatusCode,
) -> HttpResponse {
    let f = texts(viewer.lang);
    let title = match editing {
        Some(id) => format!("{} · {id}", f.edit_entry),
        None => f.new_entry.to_owned(),
    };
    let (action, delete) = match editing {
        Some(id) => {
            let href = entry_href(&page.id, id);
            (href.clone(), Some(format!("{href}/delete")))
        }
        None => (format!("{}/new", faq_href(&page.id)), None),
    };
    html_with_status(
        &EntryPage {
            chrome: Chrome::of(viewer, &title),
            f,
            page: PageHead::of(page),
            action,
            delete,
            form,
            notice,
        },
        status,
    )
}

fn no_such_entry(lang: Lang) -> ApiError {
    ApiError::NotFound(texts(lang).no_such_entry.to_owned())
}

/// `GET …/faq/new`: an empty entry form.
pub async fn new_entry(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
) -> Result<HttpResponse, ApiError> {
    let form = EntryForm::of(&EntryDraft::default(), page.language, viewer.lang, None);
    Ok(render_entry(
        &viewer,
        &page,
        None,
        form,
        None,
        StatusCode::OK,
    ))
}

/// `GET …/faq/entries/{entry}`: the entry's form.
pub async fn edit_entry(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    path: web::Path<(String, String)>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let entry = page
        .faq
        .as_ref()
        .and_then(|faq| faq.entries.iter().find(|e| e.id == id))
        .ok_or_else(|| no_such_entry(viewer.lang))?;
    let form = EntryForm::of(&EntryDraft::of(entry), page.language, viewer.lang, None);
    let notice = (query.done == "saved").then_some(texts(viewer.lang).saved);
    Ok(render_entry(
        &viewer,
        &page,
        Some(&id),
        form,
        notice,
        StatusCode::OK,
    ))
}

/// Saves the posted form as the entry `editing` (or a new one): back to the entry's page, or
/// the form again with the error beside its field (422), nothing saved.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    PageAdmin { caller, page }: PageAdmin,
    editing: Option<&str>,
    fields: &[(String, String)],
) -> Result<HttpResponse, ApiError> {
    let draft = draft_of(fields);
    let now = state.clock.now();
    match faq_editor::save_entry(&state.pages, &page, editing, &draft, &caller.name, now).await {
        Ok(_) => Ok(see_other(&format!(
            "{}?done=saved",
            entry_href(&page.id, draft.id.trim())
        ))),
        Err(EditError::NoSuchEntry(_)) => Err(no_such_entry(viewer.lang)),
        Err(EditError::Store(error)) => Err(error.into()),
        Err(error @ EditError::Invalid { .. }) => {
            let form = EntryForm::of(&draft, page.language, viewer.lang, Some(&error));
            Ok(render_entry(
                viewer,
                &page,
                editing,
                form,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// `POST …/faq/new`.
pub async fn create_entry(
    viewer: Viewer,
    admin: PageAdmin,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    save(&state, &viewer, admin, None, &form).await
}

/// `POST …/faq/entries/{entry}`.
pub async fn save_entry(
    viewer: Viewer,
    admin: PageAdmin,
    path: web::Path<(String, String)>,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    save(&state, &viewer, admin, Some(&id), &form).await
}

/// `POST …/faq/entries/{entry}/delete`.
pub async fn delete_entry(
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let now = state.clock.now();
    match faq_editor::delete_entry(&state.pages, &page, &id, &caller.name, now).await {
        Ok(_) => Ok(see_other(&format!("{}?done=deleted", faq_href(&page.id)))),
        Err(EditError::NoSuchEntry(_)) => Err(no_such_entry(viewer.lang)),
        Err(EditError::Store(error)) => Err(error.into()),
        Err(EditError::Invalid { error, .. }) => Err(ApiError::Invalid(error)),
    }
}

/// Why the matcher would not answer, in the viewer's language.
fn unsure_text(t: &FaqTexts, reason: Unsure) -> &'static str {
    match reason {
        Unsure::LowScore => t.unsure_low_score,
        Unsure::SmallMargin => t.unsure_small_margin,
        Unsure::LowCoverage => t.unsure_low_coverage,
        Unsure::TwoQuestions => t.unsure_two_questions,
        Unsure::TooLong => t.unsure_too_long,
        Unsure::NoText => t.unsure_no_text,
        Unsure::UnsupportedLanguage => t.unsure_unsupported_language,
        Unsure::Offer => t.unsure_offer,
        Unsure::Quote => t.unsure_quote,
        Unsure::Unrelated => t.unsure_unrelated,
        Unsure::PersonalData => t.unsure_personal_data,
        Unsure::DoubtedMessage => t.unsure_doubted_message,
        Unsure::Advice => t.unsure_advice,
        Unsure::OrderAction => t.unsure_order_action,
        Unsure::Stock => t.unsure_stock,
        Unsure::MoneyOwed => t.unsure_money_owed,
        Unsure::OtherPlace => t.unsure_other_place,
        Unsure::Voucher => t.unsure_voucher,
        Unsure::ReturnPostage => t.unsure_return_postage,
        Unsure::VisitHours => t.unsure_visit_hours,
        Unsure::Booking => t.unsure_booking,
        Unsure::LearnedEscalation => t.unsure_learned_escalation,
        Unsure::LearnedDoubt => t.unsure_learned_doubt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_form_becomes_a_draft() {
        let draft = draft_of(&fields(&[
            ("csrf", "x"),
            ("id", "vouchers"),
            ("escalate", "on"),
            ("keywords", "poukaz, voucher\ndárek"),
            ("examples.cs", "Máte poukazy?\nDárkový poukaz"),
            ("answers.cs", "Ano."),
            ("answers.en.formal", "Yes, you may."),
            ("answers.en.informal", "Yes, you can."),
            ("answers.xx", "ignored"),
        ]));
        assert_eq!(draft.id, "vouchers");
        assert!(draft.escalate);
        assert_eq!(draft.keywords, ["poukaz", "voucher", "dárek"]);
        let cs = &draft.languages[&Language::Cs];
        assert_eq!(cs.examples, ["Máte poukazy?", "Dárkový poukaz"]);
        assert_eq!(cs.answer, "Ano.");
        assert_eq!(draft.languages[&Language::En].informal, "Yes, you can.");
        assert_eq!(draft.languages.len(), 2);
    }

    #[test]
    fn an_error_shows_beside_its_field_and_opens_its_language() {
        let draft = draft_of(&fields(&[("id", "x"), ("answers.de.formal", "Sie")]));
        let error = EditError::Invalid {
            error: crate::domain::page::ConfigError {
                field: "faq.entries[4].answers.de.informal".into(),
                message: "must not be empty".into(),
            },
            entry: Some(4),
        };
        let form = EntryForm::of(&draft, Language::Cs, Lang::En, Some(&error));
        let de = form
            .languages
            .iter()
            .find(|l| l.code == "de")
            .expect("German is offered");
        assert!(de.open && de.per_tone);
        assert_eq!(de.informal_error.as_deref(), Some("must not be empty"));
        assert_eq!(
            form.error, None,
            "it is beside its field, not above the form"
        );
        assert!(form.has_error());
        let sk = form.languages.iter().find(|l| l.code == "sk").expect("sk");
        assert!(
            !sk.open,
            "an empty language other than the page's stays closed"
        );
        assert!(
            form.languages
                .iter()
                .find(|l| l.code == "cs")
                .is_some_and(|l| l.open)
        );
    }
}
