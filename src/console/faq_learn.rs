//! "Learn from staff answers" under `/console/pages/{id}/faq/learn` (admins of the page
//! only): the suggestions `faq_learning` makes from messages the FAQ did not answer and a
//! colleague did, each with how many conversations it covers; accepting one ("add as an
//! example of entry X", or "a new entry" starting from the colleague's answer) saves the page's
//! next version, dismissing one hides it for good. Plain form posts (CSRF field), answered
//! with a redirect back to the list, or the list again with the error beside its field.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::faq::{DoneQuery, PageHead, faq_href, validated};
use super::faq_texts::{FaqTexts, language_name, texts};
use super::i18n::Lang;
use super::render::{Chrome, html_with_status, see_other};
use super::session::Viewer;
use crate::domain::locale::Language;
use crate::domain::page::PageFile;
use crate::faq_editor::EditError;
use crate::faq_learning::{self, Choice, LearnError, Suggestion};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::PageAdmin;

/// One option of a select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One suggestion as shown, with its forms' values.
pub struct SuggestionView {
    pub id: String,
    pub text: String,
    pub language_name: &'static str,
    pub conversations: usize,
    pub phrasings: Vec<String>,
    pub staff_answer: String,
    /// The matcher's pick and its score, shown beside the entry select.
    pub pick: Option<String>,
    pub entry_choice: String,
    pub language_choice: &'static str,
    pub entry_options: Vec<Opt>,
    pub language_options: Vec<Opt>,
    pub new_id: String,
    pub answer: String,
    pub page_answer: String,
    /// The message is in another language than the page's: a new entry needs an answer in
    /// the page's language too.
    pub needs_page_answer: bool,
    pub error: Option<String>,
    /// The field the error is beside: `entry`, `id`, `answer`, `page_answer` or `` (the card).
    pub field: &'static str,
    pub accept_href: String,
    pub dismiss_href: String,
}

impl SuggestionView {
    fn of(suggestion: Suggestion, page: &PageFile, lang: Lang) -> SuggestionView {
        let language = suggestion.language.unwrap_or(page.language);
        let base = format!("{}/learn/{}", faq_href(&page.id), suggestion.id);
        SuggestionView {
            language_name: language_name(language, lang),
            conversations: suggestion.conversations,
            phrasings: suggestion.phrasings,
            pick: suggestion
                .entry
                .as_ref()
                .map(|c| format!("{} ({:.2})", c.entry, c.score)),
            entry_choice: suggestion.entry.map(|c| c.entry).unwrap_or_default(),
            language_choice: language.code(),
            entry_options: Vec::new(),
            language_options: Vec::new(),
            new_id: suggestion.new_entry_id,
            answer: suggestion.staff_answer.clone(),
            page_answer: String::new(),
            needs_page_answer: language != page.language,
            staff_answer: suggestion.staff_answer,
            error: None,
            field: "",
            accept_href: format!("{base}/accept"),
            dismiss_href: format!("{base}/dismiss"),
            id: suggestion.id,
            text: suggestion.text,
        }
    }
}

#[derive(askama::Template)]
#[template(path = "console/faq/learn.html")]
struct LearnPage<'a> {
    chrome: Chrome<'a>,
    f: &'static FaqTexts,
    page: PageHead,
    suggestions: Vec<SuggestionView>,
    /// Whether the FAQ has entries to add an example to.
    has_entries: bool,
    page_language: &'static str,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

/// What went wrong with one suggestion's form.
struct Refusal {
    suggestion: String,
    form: AcceptForm,
    message: String,
    field: &'static str,
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    page: &PageFile,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    refusal: Option<Refusal>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let f = texts(viewer.lang);
    let validated = validated(page)?;
    let mut suggestions: Vec<SuggestionView> =
        faq_learning::suggestions(&state.store, page, &validated)
            .await?
            .into_iter()
            .map(|s| SuggestionView::of(s, page, viewer.lang))
            .collect();
    if let Some(refusal) = refusal {
        if let Some(card) = suggestions.iter_mut().find(|s| s.id == refusal.suggestion) {
            let form = refusal.form;
            card.entry_choice = form.entry;
            if let Some(language) = language_of(&form.language) {
                card.language_choice = language.code();
            }
            card.new_id = form.id;
            card.answer = form.answer;
            card.page_answer = form.page_answer;
            card.error = Some(refusal.message);
            card.field = refusal.field;
        }
    }
    let entries: Vec<String> = page
        .faq
        .iter()
        .flat_map(|faq| &faq.entries)
        .map(|e| e.id.clone())
        .collect();
    for card in &mut suggestions {
        card.entry_options = entries
            .iter()
            .map(|e| Opt {
                value: e.clone(),
                label: e.clone(),
                selected: *e == card.entry_choice,
            })
            .collect();
        card.language_options = Language::ALL
            .into_iter()
            .map(|l| Opt {
                value: l.code().to_owned(),
                label: language_name(l, viewer.lang).to_owned(),
                selected: l.code() == card.language_choice,
            })
            .collect();
    }
    let title = format!("{} · {}", f.learn, page.name);
    Ok(html_with_status(
        &LearnPage {
            chrome: Chrome::of(viewer, &title),
            f,
            page: PageHead::of(page),
            suggestions,
            has_entries: !entries.is_empty(),
            page_language: language_name(page.language, viewer.lang),
            notice,
            error,
        },
        status,
    ))
}

/// `GET …/faq/learn`: the suggestions.
pub async fn learn(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    query: web::Query<DoneQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let f = texts(viewer.lang);
    let notice = match query.done.as_str() {
        "accepted" => Some(f.accepted),
        "dismissed" => Some(f.dismissed),
        _ => None,
    };
    render(&state, &viewer, &page, notice, None, None, StatusCode::OK).await
}

fn language_of(code: &str) -> Option<Language> {
    Language::ALL.into_iter().find(|l| l.code() == code)
}

#[derive(Debug, Default, Deserialize)]
pub struct AcceptForm {
    /// `example` or `new`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    entry: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    page_answer: String,
}

impl AcceptForm {
    fn choice(&self) -> Result<Choice, ApiError> {
        let language = language_of(&self.language)
            .ok_or_else(|| ApiError::BadRequest("language is not one of the offered".into()))?;
        match self.action.as_str() {
            "example" => Ok(Choice::Example {
                entry: self.entry.clone(),
                language,
            }),
            "new" => Ok(Choice::NewEntry {
                id: self.id.clone(),
                language,
                answer: self.answer.clone(),
                page_answer: self.page_answer.clone(),
            }),
            _ => Err(ApiError::BadRequest("action is `example` or `new`".into())),
        }
    }
}

/// Which of the card's fields an error of the page's validation is about.
fn field_of(error: &EditError, choice: &Choice, page_language: Language) -> &'static str {
    match (choice, error.entry_field()) {
        (Choice::Example { .. }, _) => "entry",
        (Choice::NewEntry { .. }, Some("id")) => "id",
        (Choice::NewEntry { language, .. }, Some(field)) => {
            let page_answers = format!("answers.{}", page_language.code());
            if *language != page_language && field.starts_with(&page_answers) {
                "page_answer"
            } else if field.starts_with("answers.") {
                "answer"
            } else {
                ""
            }
        }
        (Choice::NewEntry { .. }, None) => "",
    }
}

/// `POST …/faq/learn/{suggestion}/accept` (`action`, `entry`, `language`, `id`, `answer`,
/// `page_answer`).
pub async fn accept(
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    path: web::Path<(String, String)>,
    form: web::Form<AcceptForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, suggestion) = path.into_inner();
    let form = form.into_inner();
    let choice = form.choice()?;
    let now = state.clock.now();
    let f = texts(viewer.lang);
    let accepted = faq_learning::accept(
        &state.store,
        &state.pages,
        &page,
        &suggestion,
        &choice,
        &caller.name,
        now,
    )
    .await;
    let learn = format!("{}/learn", faq_href(&page.id));
    match accepted {
        Ok(_) => Ok(see_other(&format!("{learn}?done=accepted"))),
        Err(LearnError::NotOffered) => {
            render(
                &state,
                &viewer,
                &page,
                None,
                Some(f.not_offered),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(LearnError::Store(error) | LearnError::Edit(EditError::Store(error))) => {
            Err(error.into())
        }
        Err(LearnError::Edit(error)) => {
            let (message, field) = match &error {
                EditError::NoSuchEntry(_) => (f.no_such_entry.to_owned(), "entry"),
                EditError::Invalid { error: config, .. } => {
                    let field = field_of(&error, &choice, page.language);
                    let message = if field.is_empty() {
                        config.to_string()
                    } else {
                        config.message.clone()
                    };
                    (message, field)
                }
                EditError::Store(_) => (error.to_string(), ""),
            };
            let refusal = Refusal {
                suggestion,
                form,
                message,
                field,
            };
            render(
                &state,
                &viewer,
                &page,
                None,
                None,
                Some(refusal),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `POST …/faq/learn/{suggestion}/dismiss`.
pub async fn dismiss(
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, suggestion) = path.into_inner();
    let now = state.clock.now();
    match faq_learning::dismiss(&state.store, &page, &suggestion, &caller.name, now).await {
        Ok(()) => Ok(see_other(&format!(
            "{}/learn?done=dismissed",
            faq_href(&page.id)
        ))),
        Err(LearnError::NotOffered) => {
            let f = texts(viewer.lang);
            render(
                &state,
                &viewer,
                &page,
                None,
                Some(f.not_offered),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(LearnError::Store(error) | LearnError::Edit(EditError::Store(error))) => {
            Err(error.into())
        }
        Err(LearnError::Edit(error)) => Err(ApiError::BadRequest(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::page::ConfigError;

    fn invalid(field: &str) -> EditError {
        EditError::Invalid {
            error: ConfigError {
                field: field.into(),
                message: "x".into(),
            },
            entry: Some(7),
        }
    }

    #[test]
    fn a_new_entrys_errors_go_beside_their_fields() {
        let new = |language| Choice::NewEntry {
            id: "x".into(),
            language,
            answer: String::new(),
            page_answer: String::new(),
        };
        let cs = Language::Cs;
        assert_eq!(field_of(&invalid("faq.entries[7].id"), &new(cs), cs), "id");
        assert_eq!(
            field_of(
                &invalid("faq.entries[7].answers.cs"),
                &new(Language::En),
                cs
            ),
            "page_answer"
        );
        assert_eq!(
            field_of(
                &invalid("faq.entries[7].answers.en"),
                &new(Language::En),
                cs
            ),
            "answer"
        );
        assert_eq!(
            field_of(&invalid("faq.entries[7].answers.cs"), &new(cs), cs),
            "answer"
        );
        assert_eq!(
            field_of(&invalid("faq.entries[7].examples"), &new(cs), cs),
            ""
        );
        let example = Choice::Example {
            entry: "delivery".into(),
            language: cs,
        };
        assert_eq!(
            field_of(&invalid("faq.entries[7].id"), &example, cs),
            "entry"
        );
    }
}
