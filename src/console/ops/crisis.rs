//! Crisis mode in the console (`/console/pages/{id}/crisis`): whether the page is in crisis
//! and until when, the announcement per language, who received it, and the forms to start
//! one (an announcement per language and an end time in the page's time zone), end it, and
//! send the resolution message once it is over. Every action is a `crate::crisis` use case,
//! as in the API; a refused form comes back with the reason beside its field.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::texts::{OpsTexts, language_name, texts};
use super::{Tabs, page_href};
use crate::console::format::When;
use crate::console::render::{Chrome, html_with_status, see_other};
use crate::console::session::Viewer;
use crate::console::views::{channel_label, conversation_href};
use crate::crisis::{self, CrisisError, ResolutionError, SentResolution};
use crate::domain::locale::Language;
use crate::domain::page::PageFile;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::PageAdmin;

/// Where the page stands.
pub enum State {
    None,
    Active { started: When, until: When },
    Ended { at: When },
}

/// A customer who received the announcement.
pub struct Recipient {
    pub href: String,
    pub customer: String,
    pub channel: &'static str,
}

/// One language's announcement field.
pub struct AnnouncementField {
    pub code: &'static str,
    pub name: &'static str,
    pub text: String,
}

/// What the forms hold (as typed, when one comes back refused).
#[derive(Default)]
pub struct Drafts {
    /// The page's language and English (or the page's language alone when it is English).
    pub announcements: Vec<AnnouncementField>,
    /// The other languages, folded away unless one of them is filled in.
    pub more_announcements: Vec<AnnouncementField>,
    pub until: String,
    pub resolution: String,
}

/// A form's refusal: which field (or `""` for the form as a whole) and why.
pub struct Refusal {
    pub form: &'static str,
    pub field: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "console/ops/crisis.html")]
pub struct CrisisPage<'a> {
    chrome: Chrome<'a>,
    o: &'static OpsTexts,
    tabs: Tabs,
    zone: String,
    state: State,
    announcement: Vec<(&'static str, String)>,
    recipients: Vec<Recipient>,
    sent: Option<(When, SentResolution)>,
    drafts: Drafts,
    done: Option<&'static str>,
    refusal: Option<Refusal>,
}

impl CrisisPage<'_> {
    fn is_active(&self) -> bool {
        matches!(self.state, State::Active { .. })
    }

    fn has_ended(&self) -> bool {
        matches!(self.state, State::Ended { .. })
    }

    fn error_for(&self, form: &str, field: &str) -> Option<&str> {
        self.refusal
            .as_ref()
            .filter(|r| r.form == form && r.field == field)
            .map(|r| r.message.as_str())
    }

    fn form_error(&self, form: &str) -> Option<&str> {
        self.error_for(form, "")
    }

    fn more_open(&self) -> bool {
        self.drafts
            .more_announcements
            .iter()
            .any(|field| !field.text.trim().is_empty())
    }
}

fn zone_of(page: &PageFile) -> Tz {
    page.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// The page's languages in the order the form offers them.
fn languages(page: &PageFile) -> Vec<Language> {
    let mut ordered = vec![page.language];
    if page.language != Language::En {
        ordered.push(Language::En);
    }
    for language in Language::ALL {
        if !ordered.contains(&language) {
            ordered.push(language);
        }
    }
    ordered
}

fn drafts(page: &PageFile, now: DateTime<Utc>, typed: Option<&[(String, String)]>) -> Drafts {
    let zone = zone_of(page);
    let field = |name: &str| {
        typed.and_then(|fields| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        })
    };
    // Four hours from now, on the hour.
    let later = (now + Duration::hours(4)).with_timezone(&zone);
    let default_until = later
        .with_minute(0)
        .unwrap_or(later)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut announcements: Vec<AnnouncementField> = languages(page)
        .into_iter()
        .map(|language| AnnouncementField {
            code: language.code(),
            name: language_name(language),
            text: field(&format!("announcement_{}", language.code())).unwrap_or_default(),
        })
        .collect();
    let first = if page.language == Language::En { 1 } else { 2 };
    let more_announcements = announcements.split_off(first.min(announcements.len()));
    Drafts {
        announcements,
        more_announcements,
        until: field("until").unwrap_or(default_until),
        resolution: field("text").unwrap_or_default(),
    }
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    page: &PageFile,
    typed: Option<&[(String, String)]>,
    refusal: Option<Refusal>,
    done: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let now = state.clock.now();
    let zone = zone_of(page);
    let when = |at| When::at(at, zone, now);
    let crisis_state = match &page.crisis {
        None => State::None,
        Some(crisis) if crisis.is_active(now) => State::Active {
            started: when(crisis.started_at),
            until: when(crisis.until),
        },
        Some(crisis) => State::Ended {
            at: when(crisis.until),
        },
    };
    let recipients = crisis::recipients(&state.store, page)
        .await?
        .into_iter()
        .map(|key| Recipient {
            href: conversation_href(&key),
            channel: channel_label(key.channel),
            customer: key.customer_id,
        })
        .collect();
    let sent = crisis::sent_resolution(&state.store, page)
        .await?
        .map(|sent| (when(sent.at), sent));
    let shown = CrisisPage {
        chrome: Chrome::of(viewer, o.crisis),
        o,
        tabs: Tabs::new(&page.id, &page.name, "crisis"),
        zone: zone.name().to_owned(),
        state: crisis_state,
        announcement: page
            .crisis
            .iter()
            .flat_map(|crisis| &crisis.announcement)
            .map(|(language, text)| (language_name(*language), text.clone()))
            .collect(),
        recipients,
        sent,
        drafts: drafts(page, now, typed),
        done,
        refusal,
    };
    Ok(html_with_status(&shown, status))
}

fn crisis_href(page: &PageFile) -> String {
    format!("{}/crisis", page_href(&page.id))
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

/// `GET /console/pages/{id}/crisis[?done=started|ended|resolved]`.
pub async fn page(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    query: web::Query<Done>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let done = match query.done.as_str() {
        "started" => Some(o.crisis_started),
        "ended" => Some(o.crisis_stopped),
        "resolved" => Some(o.resolution_sent),
        _ => None,
    };
    render(&state, &viewer, &page, None, None, done, StatusCode::OK).await
}

/// The end time typed in the page's time zone (`datetime-local`: `2026-11-24T18:00`).
fn until_of(text: &str, zone: Tz, o: &'static OpsTexts) -> Result<DateTime<Utc>, &'static str> {
    let text = text.trim();
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| o.until_unreadable)?;
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        // The hour that repeats when the clocks go back: its first occurrence.
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(o.until_gap),
    }
}

/// `POST /console/pages/{id}/crisis/start` (`announcement_<lang>`…, `until`).
pub async fn start(
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let fields = form.into_inner();
    let refused = |field: &str, message: String| Refusal {
        form: "start",
        field: field.to_owned(),
        message,
    };
    let until = fields
        .iter()
        .find(|(name, _)| name == "until")
        .map_or("", |(_, value)| value.as_str());
    let until = match until_of(until, zone_of(&page), o) {
        Ok(until) => until,
        Err(message) => {
            let refusal = refused("until", message.to_owned());
            return render(
                &state,
                &viewer,
                &page,
                Some(&fields),
                Some(refusal),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let announcement = Language::ALL
        .into_iter()
        .filter_map(|language| {
            let name = format!("announcement_{}", language.code());
            let text = fields.iter().find(|(n, _)| *n == name)?.1.clone();
            Some((language, text))
        })
        .collect();
    let now = state.clock.now();
    let refusal =
        match crisis::start(&state.pages, &caller.name, &page, announcement, until, now).await {
            Ok(_) => return Ok(see_other(&format!("{}?done=started", crisis_href(&page)))),
            Err(CrisisError::Invalid(error)) => match error.field.as_str() {
                "announcement" => refused("announcement", o.announcement_required.to_owned()),
                field if field.starts_with("announcement.") => refused(
                    field,
                    format!("{} {}", o.too_long_for_channel, error.message),
                ),
                "until" | "crisis.until" => refused("until", o.until_future.to_owned()),
                _ => refused("", format!("{} {error}", o.page_invalid)),
            },
            Err(CrisisError::NotActive) => refused("", o.not_active.to_owned()),
            Err(CrisisError::Store(error)) => return Err(error.into()),
        };
    render(
        &state,
        &viewer,
        &page,
        Some(&fields),
        Some(refusal),
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /console/pages/{id}/crisis/end`.
pub async fn end(
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let (status, message) =
        match crisis::end(&state.pages, &caller.name, &page, state.clock.now()).await {
            Ok(_) => return Ok(see_other(&format!("{}?done=ended", crisis_href(&page)))),
            Err(CrisisError::NotActive) => (StatusCode::CONFLICT, o.not_active.to_owned()),
            Err(CrisisError::Invalid(error)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{} {error}", o.page_invalid),
            ),
            Err(CrisisError::Store(error)) => return Err(error.into()),
        };
    let refusal = Refusal {
        form: "end",
        field: String::new(),
        message,
    };
    render(&state, &viewer, &page, None, Some(refusal), None, status).await
}

#[derive(Deserialize)]
pub struct ResolutionForm {
    #[serde(default)]
    text: String,
}

/// `POST /console/pages/{id}/crisis/resolution` (`text`): once per crisis, after it ended.
pub async fn resolution(
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    form: web::Form<ResolutionForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let text = form.into_inner().text;
    let sent =
        crisis::send_resolution(&state.store, &page, &caller.name, &text, state.clock.now()).await;
    let (status, field, message) = match sent {
        Ok(_) => return Ok(see_other(&format!("{}?done=resolved", crisis_href(&page)))),
        Err(ResolutionError::Empty) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "text",
            o.text_required.to_owned(),
        ),
        Err(ResolutionError::TooLong(error)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "text",
            format!("{} {error}", o.too_long_for_channel),
        ),
        Err(ResolutionError::NoCrisis) => (StatusCode::CONFLICT, "", o.not_active.to_owned()),
        Err(ResolutionError::StillActive) => {
            (StatusCode::CONFLICT, "", o.resolution_after_end.to_owned())
        }
        Err(ResolutionError::AlreadySent) => (StatusCode::CONFLICT, "", o.already_sent.to_owned()),
        Err(ResolutionError::Store(error)) => return Err(error.into()),
    };
    let typed = [("text".to_owned(), text)];
    let refusal = Refusal {
        form: "resolution",
        field: field.to_owned(),
        message,
    };
    render(
        &state,
        &viewer,
        &page,
        Some(&typed),
        Some(refusal),
        None,
        status,
    )
    .await
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::console::i18n::Lang;

    #[test]
    fn the_end_time_is_read_in_the_page_zone() {
        let o = texts(Lang::En);
        let prague = chrono_tz::Europe::Prague;
        assert_eq!(
            until_of("2026-11-24T18:00", prague, o),
            Ok(Utc.with_ymd_and_hms(2026, 11, 24, 17, 0, 0).unwrap())
        );
        assert_eq!(
            until_of(" 2026-07-01T08:30:00 ", prague, o),
            Ok(Utc.with_ymd_and_hms(2026, 7, 1, 6, 30, 0).unwrap())
        );
        assert_eq!(
            until_of("2026-10-25T02:30", prague, o),
            Ok(Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()),
            "the repeated hour: its first occurrence"
        );
        assert_eq!(until_of("2026-03-29T02:30", prague, o), Err(o.until_gap));
        assert_eq!(until_of("tomorrow", prague, o), Err(o.until_unreadable));
        assert_eq!(until_of("", prague, o), Err(o.until_unreadable));
    }
}
