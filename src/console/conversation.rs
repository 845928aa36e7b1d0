//! One conversation in the console: its whole history with why the bot said what it said and
//! what became of each delivery, the reply window, and the work on it (claim, release, assign,
//! resolve, reopen, notes, labels, a reply). Every action is a `queue` use case behind the
//! API's `ConversationAccess`; an htmx request gets the conversation panel back (with the
//! error beside the field that caused it), a plain form post is sent back to the page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::format::When;
use super::i18n::{Lang, Texts};
use super::live::live_id;
use super::reasons::describe;
use super::render::{Chrome, html_with_status, is_htmx, see_other};
use super::session::Viewer;
use super::views::{WindowView, channel_label, conversation_href, status_label};
use crate::domain::conversation::{Author, Change, ChangeError, Conversation, Delivery, Status};
use crate::domain::decision::Priority;
use crate::domain::limits::{self, Unit};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::ConversationAccess;
use crate::queue::{self, Refused};
use crate::store::ConversationStore;

/// One entry of the history: a message or a note.
pub struct Entry {
    pub kind: &'static str,
    pub who: String,
    pub text: String,
    pub at: When,
    /// Why the bot sent it (automatic messages).
    pub why: Vec<String>,
    pub delivery: Option<DeliveryView>,
}

pub struct DeliveryView {
    pub class: &'static str,
    pub label: &'static str,
    pub detail: String,
}

impl DeliveryView {
    fn of(delivery: &Delivery, t: &Texts, zone: chrono_tz::Tz, now: DateTime<Utc>) -> Self {
        match delivery {
            Delivery::Pending => DeliveryView {
                class: "pending",
                label: t.delivery_pending,
                detail: String::new(),
            },
            Delivery::Sent { at, .. } => DeliveryView {
                class: "sent",
                label: t.delivery_sent,
                detail: When::at(*at, zone, now).local,
            },
            Delivery::Retrying {
                attempts,
                error,
                next_attempt_at,
            } => DeliveryView {
                class: "retrying",
                label: t.delivery_retrying,
                detail: format!(
                    "{attempts} {} · {error} · {} {}",
                    t.attempts,
                    t.next_attempt,
                    When::at(*next_attempt_at, zone, now).local
                ),
            },
            Delivery::Failed {
                error, attempts, ..
            } => DeliveryView {
                class: "failed",
                label: t.delivery_failed,
                detail: format!("{error} ({attempts} {})", t.attempts),
            },
        }
    }
}

/// A conversation as the panel shows it.
pub struct Panel {
    pub href: String,
    pub live_id: String,
    pub customer: String,
    pub channel_name: &'static str,
    pub page_name: String,
    pub status: Status,
    pub status_label: &'static str,
    pub resolved: bool,
    pub high_priority: bool,
    pub labels: Vec<String>,
    pub holder: Option<String>,
    pub held_by_me: bool,
    pub entries: Vec<Entry>,
    pub window: WindowView,
    pub limit: usize,
    pub limit_unit: &'static str,
    /// Why the reply box is disabled, if it is.
    pub reply_refusal: Option<&'static str>,
    pub linked: Vec<(String, String)>,
    pub zone: String,
    /// Export and erase the customer (administrators only).
    pub customer_data: Option<super::privacy::CustomerDataLinks>,
}

impl Outcome {
    /// What was typed into `field`, when the error is that field's.
    pub fn draft_for(&self, field: &str) -> &str {
        if self.field == field { &self.draft } else { "" }
    }
}

/// What the last action left to say: an error beside a field, or a notice.
#[derive(Default)]
pub struct Outcome {
    pub error: Option<String>,
    /// The field the error belongs to: `reply`, `note`, `assign`, `label` or `` (the panel).
    pub field: &'static str,
    pub notice: Option<&'static str>,
    /// What the person had typed, given back after an error.
    pub draft: String,
}

async fn panel(
    state: &AppState,
    viewer: &Viewer,
    conversation: &Conversation,
    may_see: impl Fn(&str) -> bool,
) -> Result<Panel, ApiError> {
    let t = viewer.lang.texts();
    let now = state.clock.now();
    let key = &conversation.key;
    let page = state.pages.get(key.channel, &key.page_id).await?;
    let zone = page
        .as_ref()
        .map_or(chrono_tz::UTC, |p| p.schedule.time_zone);
    let mut entries: Vec<(DateTime<Utc>, Entry)> = Vec::new();
    for message in &conversation.messages {
        let (kind, who) = match message.author {
            Author::Customer => ("customer", t.from_customer.to_owned()),
            Author::Bot => ("bot", t.from_bot.to_owned()),
            Author::Staff => (
                "staff",
                message
                    .by
                    .clone()
                    .unwrap_or_else(|| t.from_staff.to_owned()),
            ),
        };
        // A reply's id is `reply:<the customer message's id>`; that message holds the
        // decision, and so why the bot answered as it did.
        let why = match message.author {
            Author::Bot => message
                .id
                .strip_prefix("reply:")
                .and_then(|answered| conversation.messages.iter().find(|m| m.id == answered))
                .and_then(|m| m.decision.as_ref())
                .or(message.decision.as_ref())
                .map(|d| {
                    d.reasons
                        .iter()
                        .map(|r| describe(r, viewer.lang, zone))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        entries.push((
            message.at,
            Entry {
                kind,
                who,
                text: message.text.clone(),
                at: When::at(message.at, zone, now),
                why,
                delivery: message
                    .delivery
                    .as_ref()
                    .map(|d| DeliveryView::of(d, t, zone, now)),
            },
        ));
    }
    for note in &conversation.notes {
        entries.push((
            note.at,
            Entry {
                kind: "note",
                who: note.author.clone(),
                text: note.text.clone(),
                at: When::at(note.at, zone, now),
                why: Vec::new(),
                delivery: None,
            },
        ));
    }
    entries.sort_by_key(|(at, _)| *at);
    let window = WindowView::of(
        key.channel,
        conversation.last_customer_message_at(),
        queue::QueueTimes::of(conversation, page.as_deref(), now).window_closing,
        zone,
        now,
    );
    let (limit, unit) = limits::message_limit(key.channel);
    let mut linked = Vec::new();
    for other in queue::linked_keys(&state.store, key, may_see).await? {
        let label = format!("{} · {}", channel_label(other.channel), other.customer_id);
        linked.push((conversation_href(&other), label));
    }
    Ok(Panel {
        href: conversation_href(key),
        live_id: live_id(key),
        customer: key.customer_id.clone(),
        channel_name: channel_label(key.channel),
        page_name: page
            .as_ref()
            .map_or_else(|| key.page_id.clone(), |p| p.name.clone()),
        status: conversation.status,
        status_label: status_label(conversation.status, t),
        resolved: conversation.status == Status::Resolved,
        high_priority: conversation.priority == Priority::High,
        labels: conversation.labels.iter().cloned().collect(),
        holder: conversation.assignee.clone(),
        held_by_me: conversation.assignee.as_deref() == Some(viewer.name.as_str()),
        entries: entries.into_iter().map(|(_, e)| e).collect(),
        reply_refusal: if page.is_none() {
            Some(t.reply_page_gone)
        } else {
            window.refusal(t)
        },
        window,
        limit,
        limit_unit: match unit {
            Unit::Characters => t.characters,
            Unit::Bytes => t.bytes,
        },
        linked,
        zone: zone.name().to_owned(),
        customer_data: super::privacy::CustomerDataLinks::for_viewer(viewer, key),
    })
}

#[derive(askama::Template)]
#[template(path = "console/conversation.html")]
struct ConversationPage<'a> {
    chrome: Chrome<'a>,
    panel: Panel,
    outcome: Outcome,
}

#[derive(askama::Template)]
#[template(path = "console/_conversation.html")]
struct ConversationPanel<'a> {
    chrome: Chrome<'a>,
    panel: Panel,
    outcome: Outcome,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    access: &ConversationAccess,
    outcome: Outcome,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    // After a change, show the conversation as it is now (the access holds it as it was).
    let conversation = state
        .store
        .conversation(&access.conversation.key)
        .await?
        .unwrap_or_else(|| access.conversation.clone());
    let panel = panel(state, viewer, &conversation, |p| access.caller.may_see(p)).await?;
    let title = format!("{} · {}", panel.customer, panel.channel_name);
    let chrome = Chrome::of(viewer, &title);
    if is_htmx(req) {
        return Ok(html_with_status(
            &ConversationPanel {
                chrome,
                panel,
                outcome,
            },
            status,
        ));
    }
    Ok(html_with_status(
        &ConversationPage {
            chrome,
            panel,
            outcome,
        },
        status,
    ))
}

/// `GET /console/c/{channel}/{page}/{customer}`.
pub async fn show(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    render(
        &req,
        &state,
        &viewer,
        &access,
        Outcome::default(),
        StatusCode::OK,
    )
    .await
}

/// A refused use case in the viewer's words, with the status the API would answer.
fn refusal(refused: Refused, lang: Lang) -> Result<(String, StatusCode), ApiError> {
    let t = lang.texts();
    Ok(match refused {
        Refused::Transition(ChangeError::HeldBy(holder)) => (
            format!("{} {holder}", t.colleague_holds_it),
            StatusCode::CONFLICT,
        ),
        Refused::Transition(error @ ChangeError::Resolved) => {
            (error.to_string(), StatusCode::CONFLICT)
        }
        Refused::NotFound => return Err(ApiError::NotFound("no such conversation".into())),
        Refused::PageGone => (
            t.reply_page_gone.to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Refused::WindowNotOpened => (
            t.reply_not_opened.to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Refused::WindowClosed => (
            t.reply_window_closed.to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Refused::Empty(_) => (String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Refused::TooLong(too_long) => (
            format!(
                "{} {} {} ({})",
                t.reply_limit,
                too_long.max,
                match too_long.unit {
                    Unit::Characters => t.characters,
                    Unit::Bytes => t.bytes,
                },
                too_long.length
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Refused::Store(error) => return Err(error.into()),
    })
}

/// Answers an action: the panel (htmx) or back to the page (a plain form), with what went
/// wrong beside `field`.
async fn answer(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    access: &ConversationAccess,
    result: Result<(), Refused>,
    field: &'static str,
    draft: &str,
) -> Result<HttpResponse, ApiError> {
    let (outcome, status) = match result {
        Ok(()) => (
            Outcome {
                notice: Some(viewer.lang.texts().done),
                ..Outcome::default()
            },
            StatusCode::OK,
        ),
        Err(refused) => {
            let empty = matches!(refused, Refused::Empty(_));
            let (mut message, status) = refusal(refused, viewer.lang)?;
            if empty {
                message = format!("{} ✗", viewer.lang.texts().reply);
            }
            (
                Outcome {
                    error: Some(message),
                    field,
                    draft: draft.to_owned(),
                    notice: None,
                },
                status,
            )
        }
    };
    if !is_htmx(req) && status.is_success() {
        return Ok(see_other(&conversation_href(&access.conversation.key)));
    }
    render(req, state, viewer, access, outcome, status).await
}

async fn change(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    state: web::Data<AppState>,
    change: Change,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let result = queue::change(
        &state.store,
        &state.pages,
        &access.conversation,
        &change,
        now,
    )
    .await
    .map(|_| ());
    if result.is_ok() {
        tracing::info!(staff = %viewer.name, conversation = %access.conversation.key, change = %change, "conversation changed in the console");
    }
    let field = match change {
        Change::Assign { .. } => "assign",
        _ => "",
    };
    answer(&req, &state, &viewer, &access, result, field, "").await
}

/// `POST …/claim`.
pub async fn claim(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let staff = access.caller.name.clone();
    change(req, viewer, access, state, Change::Claim { staff }).await
}

/// `POST …/release`.
pub async fn release(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(req, viewer, access, state, Change::Release).await
}

/// `POST …/resolve`.
pub async fn resolve(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(req, viewer, access, state, Change::Resolve).await
}

/// `POST …/reopen`.
pub async fn reopen(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(req, viewer, access, state, Change::Reopen).await
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    to: String,
}

/// `POST …/assign` (`to`): hands it to a colleague.
pub async fn assign(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    form: web::Form<AssignForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let to = form.into_inner().to.trim().to_owned();
    if to.is_empty() || to.chars().count() > 100 {
        let result = Err(Refused::Empty("to"));
        return answer(&req, &state, &viewer, &access, result, "assign", &to).await;
    }
    change(req, viewer, access, state, Change::Assign { to }).await
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    text: String,
}

/// `POST …/notes` (`text`).
pub async fn add_note(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    form: web::Form<TextForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let text = form.into_inner().text;
    let now = state.clock.now();
    let result = queue::add_note(&state.store, &access.conversation, &viewer.name, &text, now)
        .await
        .map(|_| ());
    answer(&req, &state, &viewer, &access, result, "note", &text).await
}

/// `POST …/reply` (`text`): sent through the customer's channel, signed per the page.
pub async fn reply(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    form: web::Form<TextForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let text = form.into_inner().text;
    let now = state.clock.now();
    let result = queue::reply(
        &state.store,
        &state.pages,
        &access.conversation,
        &viewer.name,
        &text,
        now,
    )
    .await;
    if let Ok(reply) = &result {
        tracing::info!(staff = %viewer.name, conversation = %reply.conversation, human_agent = reply.human_agent, "staff reply queued from the console");
    }
    answer(
        &req,
        &state,
        &viewer,
        &access,
        result.map(|_| ()),
        "reply",
        &text,
    )
    .await
}

#[derive(Deserialize)]
pub struct LabelForm {
    #[serde(default)]
    add: String,
    #[serde(default)]
    remove: String,
}

/// `POST …/labels` (`add` or `remove`).
pub async fn change_labels(
    req: HttpRequest,
    viewer: Viewer,
    access: ConversationAccess,
    form: web::Form<LabelForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let (add, remove) = (form.add.trim().to_owned(), form.remove.trim().to_owned());
    if add.chars().count() > 100 || (add.is_empty() && remove.is_empty()) {
        let result = Err(Refused::Empty("label"));
        return answer(&req, &state, &viewer, &access, result, "label", &add).await;
    }
    let added: Vec<String> = (!add.is_empty()).then_some(add).into_iter().collect();
    let removed: Vec<String> = (!remove.is_empty()).then_some(remove).into_iter().collect();
    state
        .store
        .change_labels(&access.conversation.key, &added, &removed)
        .await?;
    answer(&req, &state, &viewer, &access, Ok(()), "label", "").await
}

#[cfg(test)]
mod tests {
    use askama::Template;
    use chrono::TimeZone;

    use super::*;
    use crate::domain::window::PersonReply;

    fn viewer() -> Viewer {
        Viewer {
            name: "Jana".into(),
            role: crate::access::Role::Agent,
            lang: Lang::En,
            csrf: "csrf-token".into(),
        }
    }

    fn panel(state: PersonReply, holder: Option<&str>, status: Status) -> Panel {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        let zone = chrono_tz::Europe::Prague;
        let t = Lang::En.texts();
        let window = WindowView {
            state,
            windowless: false,
            closes: Some(When::at(now, zone, now)),
            closing_soon: false,
        };
        Panel {
            href: "/console/c/messenger/1/2".into(),
            live_id: "c-1".into(),
            customer: "2".into(),
            channel_name: "Messenger",
            page_name: "Shop".into(),
            status,
            status_label: status_label(status, t),
            resolved: status == Status::Resolved,
            high_priority: true,
            labels: vec!["vip".into()],
            holder: holder.map(str::to_owned),
            held_by_me: holder == Some("Jana"),
            entries: vec![Entry {
                kind: "bot",
                who: "frontdesk".into(),
                text: "We are closed <now>".into(),
                at: When::at(now, zone, now),
                why: vec!["closed (weekly hours)".into()],
                delivery: Some(DeliveryView::of(
                    &Delivery::Failed {
                        at: now,
                        error: "(#551) This person isn't available".into(),
                        attempts: 1,
                    },
                    t,
                    zone,
                    now,
                )),
            }],
            reply_refusal: window.refusal(t),
            window,
            limit: 2000,
            limit_unit: t.characters,
            linked: Vec::new(),
            zone: "Europe/Prague".into(),
            customer_data: None,
        }
    }

    fn render(panel: Panel, outcome: Outcome) -> String {
        let viewer = viewer();
        ConversationPanel {
            chrome: Chrome::of(&viewer, "x"),
            panel,
            outcome,
        }
        .render()
        .unwrap()
    }

    #[test]
    fn a_closed_window_disables_the_reply_and_says_why() {
        let html = render(
            panel(PersonReply::Closed, None, Status::New),
            Outcome::default(),
        );
        assert!(html.contains("more than 7 days ago"));
        assert!(html.contains("<textarea id=\"reply-text\" name=\"text\" rows=\"4\" disabled"));
        let open = render(
            panel(PersonReply::Standard, None, Status::New),
            Outcome::default(),
        );
        assert!(!open.contains("more than 7 days ago"));
        assert!(open.contains("At most 2000 characters"));
    }

    #[test]
    fn the_human_agent_window_is_announced() {
        let html = render(
            panel(PersonReply::HumanAgent, Some("Jana"), Status::Assigned),
            Outcome::default(),
        );
        assert!(html.contains("HUMAN_AGENT tag"));
        assert!(html.contains("You hold this conversation."));
        assert!(html.contains("id=\"release\""));
        assert!(!html.contains("id=\"claim\""));
    }

    #[test]
    fn a_colleague_holding_it_is_said_at_once() {
        let html = render(
            panel(PersonReply::Standard, Some("Petr"), Status::Assigned),
            Outcome::default(),
        );
        assert!(html.contains("A colleague holds this conversation: Petr"));
        assert!(html.contains("id=\"claim\""));
    }

    #[test]
    fn a_resolved_conversation_offers_reopen_and_no_reply() {
        let html = render(
            panel(PersonReply::Standard, None, Status::Resolved),
            Outcome::default(),
        );
        assert!(html.contains("id=\"reopen\""));
        assert!(!html.contains("id=\"resolve\""));
        assert!(!html.contains("id=\"reply-form\""));
    }

    #[test]
    fn deliveries_reasons_and_text_are_shown_escaped() {
        let html = render(
            panel(PersonReply::Standard, None, Status::New),
            Outcome::default(),
        );
        assert!(html.contains("delivery-failed"));
        assert!(
            html.contains("This person isn&#39;t available") || html.contains("isn't available")
        );
        assert!(html.contains("closed (weekly hours)"));
        assert!(html.contains("We are closed &#60;now&#62;") || html.contains("&lt;now&gt;"));
    }

    #[test]
    fn only_administrators_see_export_and_erase() {
        let agent = render(
            panel(PersonReply::Standard, None, Status::New),
            Outcome::default(),
        );
        assert!(!agent.contains("erase-customer-link"));
        let mut admin = viewer();
        admin.role = crate::access::Role::Admin;
        let mut with_links = panel(PersonReply::Standard, None, Status::New);
        let key = crate::domain::event::ConversationKey {
            channel: crate::domain::event::Channel::Messenger,
            page_id: "1".into(),
            customer_id: "2".into(),
        };
        with_links.customer_data =
            crate::console::privacy::CustomerDataLinks::for_viewer(&admin, &key);
        let html = render(with_links, Outcome::default());
        assert!(
            html.contains(
                "href=\"/console/customers/messenger/2/erase\" id=\"erase-customer-link\""
            )
        );
        assert!(html.contains("href=\"/console/customers/messenger/2/export\""));
    }

    #[test]
    fn a_refused_reply_keeps_the_draft_beside_its_error() {
        let outcome = Outcome {
            error: Some("At most 2000 characters (2100)".into()),
            field: "reply",
            notice: None,
            draft: "my long draft".into(),
        };
        let html = render(panel(PersonReply::Standard, None, Status::New), outcome);
        assert!(html.contains("id=\"reply-error\""));
        assert!(html.contains("my long draft</textarea>"));
        assert!(html.contains("aria-invalid=\"true\""));
    }
}
