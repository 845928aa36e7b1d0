//! The staff API: the human queue and the work on a conversation. Every route takes a
//! `Caller` (the bearer token's owner, see `auth`), checked by the extractor before the handler runs; a
//! token never sees another page's conversations (404, so page ids do not leak).
//!
//! Conversations are addressed as `/api/conversations/{channel}/{page}/{customer}`.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ConversationAccess, visible_conversation};
use super::limits;
use crate::domain::conversation::{Change, Conversation, Note, OutboundReply, ReplyRoute, Status};
use crate::domain::event::{Channel, ConversationKey};
use crate::domain::figures::{self, DayKey, Figure, Recorded};
use crate::domain::linking;
use crate::domain::locale::fill;
use crate::domain::page::Page;
use crate::domain::schedule::Schedule;
use crate::domain::window::{self, PersonReply};
use crate::store::{Changed, Store};

#[derive(Deserialize)]
pub struct QueueQuery {
    order: Option<Order>,
    page: Option<String>,
    status: Option<Status>,
    label: Option<String>,
    assignee: Option<String>,
    channel: Option<Channel>,
}

/// `GET /api/queue[?page=ID][&status=…][&label=…][&assignee=…][&channel=…]`: conversations
/// waiting for a person on one page, or on all of the caller's pages; high priority first,
/// then the longest waiting.
pub async fn list_queue(
    staff: Caller,
    query: web::Query<QueueQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let pages = staff.pages_for(query.page.as_deref(), &state.store).await?;
    let mut conversations = Vec::new();
    for page in &pages {
        conversations.extend(state.store.queue(page).await?);
    }
    conversations.retain(|c| {
        query.status.is_none_or(|s| c.status == s)
            && query.label.as_ref().is_none_or(|l| c.labels.contains(l))
            && query
                .assignee
                .as_ref()
                .is_none_or(|a| c.assignee.as_ref() == Some(a))
            && query.channel.is_none_or(|ch| c.key.channel == ch)
    });
    let now = state.clock.now();
    let mut listed = Vec::with_capacity(conversations.len());
    for conversation in conversations {
        let key = &conversation.key;
        let page = state.pages.get(key.channel, &key.page_id).await?;
        let linked = linked_keys(&staff, &state, key).await?;
        listed.push(Listed::new(conversation, page.as_deref(), now, linked));
    }
    match query.order {
        Some(Order::Window) => {
            listed.sort_by_key(|l| l.window_closes_at.unwrap_or(DateTime::<Utc>::MAX_UTC))
        }
        None => listed.sort_by(|a, b| {
            let (a, b) = (&a.conversation, &b.conversation);
            b.priority
                .cmp(&a.priority)
                .then(a.created_at.cmp(&b.created_at))
        }),
    }
    // One customer's conversations on several channels side by side.
    let listed = linking::together(listed, |l| &l.conversation.key, |l| &l.linked);
    let page = query.page.clone();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "page": page, "conversations": listed })))
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// The reply window that closes first comes first.
    Window,
}

/// A queued conversation with what the team needs to plan: when a first response is due
/// (in the page's working time) and when the channel's reply window closes.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    conversation: Conversation,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_response_due: Option<DateTime<Utc>>,
    overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    window_closes_at: Option<DateTime<Utc>>,
    /// The window closes within `WINDOW_WARNING`.
    window_closing: bool,
    /// The same customer's conversations on other channels or pages (linked contacts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    linked: Vec<ConversationKey>,
}

/// How long before a reply window closes a conversation is flagged.
const WINDOW_WARNING: Duration = Duration::hours(2);

impl Listed {
    fn new(
        conversation: Conversation,
        page: Option<&Page>,
        now: DateTime<Utc>,
        linked: Vec<ConversationKey>,
    ) -> Self {
        let times = QueueTimes::of(&conversation, page, now);
        Listed {
            first_response_due: times.first_response_due,
            overdue: times.overdue,
            window_closes_at: times.window_closes_at,
            window_closing: times.window_closing,
            conversation,
            linked,
        }
    }
}

/// When a queued conversation's first response is due and when its reply window closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueTimes {
    pub first_response_due: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub window_closes_at: Option<DateTime<Utc>>,
    /// The window closes within `WINDOW_WARNING`.
    pub window_closing: bool,
}

impl QueueTimes {
    /// Computed from stored times, which may be anything a platform sent before they were
    /// checked: every sum saturates instead of overflowing.
    pub fn of(conversation: &Conversation, page: Option<&Page>, now: DateTime<Utc>) -> Self {
        let first_response_due = page
            .and_then(|p| {
                Some((
                    p,
                    p.first_response?,
                    conversation.awaiting_first_response_since()?,
                ))
            })
            .and_then(|(p, target, since)| p.schedule.add_working_time(since, target));
        let window_closes_at = crate::domain::window::closes_at(
            conversation.key.channel,
            conversation.last_customer_message_at(),
            now,
        );
        QueueTimes {
            overdue: first_response_due.is_some_and(|due| due < now),
            first_response_due,
            window_closing: window_closes_at.is_some_and(|closes| {
                closes > now && closes.signed_duration_since(now) <= WINDOW_WARNING
            }),
            window_closes_at,
        }
    }
}

/// `GET /api/conversations/{channel}/{page}/{customer}`: one conversation, queued or not,
/// with the conversations of the same customer elsewhere (linked contacts the caller may see).
pub async fn show(
    ConversationAccess {
        caller: staff,
        conversation,
    }: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let linked_keys = linked_keys(&staff, &state, &conversation.key).await?;
    let suggested_links = suggested_links(&staff, &state, &conversation, &linked_keys).await?;
    let mut linked = Vec::new();
    for key in linked_keys {
        if let Some(other) = state.store.conversation(&key).await? {
            linked.push(serde_json::json!({
                "channel": key.channel,
                "page_id": key.page_id,
                "customer_id": key.customer_id,
                "status": other.status,
                "last_customer_message_at": other.last_customer_message_at(),
            }));
        }
    }
    Ok(HttpResponse::Ok().json(Shown {
        conversation,
        linked,
        suggested_links,
    }))
}

#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    conversation: Conversation,
    linked: Vec<serde_json::Value>,
    /// Queued conversations on other channels whose customer wrote at nearly the same time:
    /// maybe the same person, for a person to confirm with `POST …/links`.
    suggested_links: Vec<linking::Suggestion>,
}

/// Link suggestions for `conversation` among the queued conversations of the caller's pages
/// (see `domain::linking`). Webhooks carry no customer names, so timing decides.
async fn suggested_links(
    staff: &Caller,
    state: &AppState,
    conversation: &Conversation,
    linked: &[ConversationKey],
) -> Result<Vec<linking::Suggestion>, ApiError> {
    let mut pages: Vec<String> = state
        .store
        .list_pages()
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| staff.may_see(id))
        .collect();
    pages.sort();
    pages.dedup();
    let mut candidates = Vec::new();
    for page in &pages {
        candidates.extend(state.store.queue(page).await?);
    }
    Ok(linking::suggest(conversation, &candidates, linked, |_| {
        None
    }))
}

/// The contacts linked to `key` that the caller may see.
async fn linked_keys(
    staff: &Caller,
    state: &AppState,
    key: &ConversationKey,
) -> Result<Vec<ConversationKey>, ApiError> {
    let mut linked = state.store.linked(key).await?;
    linked.retain(|k| staff.may_see(&k.page_id));
    Ok(linked)
}

#[derive(Deserialize)]
pub struct LinkBody {
    channel: Channel,
    page: String,
    customer: String,
}

/// `POST …/links {"channel", "page", "customer"}`: the same customer wrote on another channel
/// or page; both conversations show each other from now on. Both must be the caller's.
pub async fn link(
    this: ConversationAccess,
    body: web::Json<LinkBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    set_link(this, body.into_inner(), state, true).await
}

/// `POST …/unlink {"channel", "page", "customer"}`: undoes a link.
pub async fn unlink(
    this: ConversationAccess,
    body: web::Json<LinkBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    set_link(this, body.into_inner(), state, false).await
}

async fn set_link(
    ConversationAccess {
        caller: staff,
        conversation: this,
    }: ConversationAccess,
    body: LinkBody,
    state: web::Data<AppState>,
    linked: bool,
) -> Result<HttpResponse, ApiError> {
    let other = ConversationKey {
        channel: body.channel,
        page_id: body.page,
        customer_id: body.customer,
    };
    let other = visible_conversation(&staff, &state, other).await?;
    if this.key == other.key {
        return Err(ApiError::BadRequest(
            "a conversation cannot be linked to itself".into(),
        ));
    }
    state.store.set_link(&this.key, &other.key, linked).await?;
    tracing::info!(staff = %staff.name, a = %this.key, b = %other.key, linked, "contacts linked");
    let linked = linked_keys(&staff, &state, &this.key).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "linked": linked })))
}

async fn change(
    ConversationAccess {
        caller: staff,
        conversation,
    }: ConversationAccess,
    state: &AppState,
    change: Change,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    match state
        .store
        .change_conversation(&conversation.key, &change, now)
        .await?
    {
        Changed::Done => {}
        Changed::Refused(refused) => return Err(ApiError::Conflict(refused.to_string())),
        Changed::NotFound => return Err(ApiError::NotFound("no such conversation".into())),
    }
    if change == Change::Resolve {
        record(state, &conversation, now, figures::resolution).await?;
    }
    tracing::info!(staff = %staff.name, conversation = %conversation.key, ?change, "conversation changed");
    let changed = state.store.conversation(&conversation.key).await?;
    Ok(HttpResponse::Ok().json(changed))
}

/// Records a service-level figure (first response, resolution) of `conversation` as it was
/// before the change at `now`, on the page's working time.
async fn record(
    state: &AppState,
    conversation: &Conversation,
    now: DateTime<Utc>,
    figure: fn(&Conversation, &Schedule, DateTime<Utc>) -> Option<Figure>,
) -> Result<(), ApiError> {
    let key = &conversation.key;
    let Some(page) = state.pages.get(key.channel, &key.page_id).await? else {
        return Ok(());
    };
    if let Some(figure) = figure(conversation, &page.schedule, now) {
        let key = DayKey::at(&page.id, key.channel, &page.schedule, now);
        state
            .store
            .record_figures(&[Recorded { key, figure }])
            .await?;
    }
    Ok(())
}

/// `POST …/claim`: take the conversation; 409 when someone else has it.
pub async fn claim(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let name = access.caller.name.clone();
    change(access, &state, Change::Claim { staff: name }).await
}

/// `POST …/release`: give it back to the queue.
pub async fn release(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(access, &state, Change::Release).await
}

#[derive(Deserialize)]
pub struct AssignBody {
    to: String,
}

/// `POST …/assign {"to": "Petr"}`: hand it to a colleague.
pub async fn assign(
    access: ConversationAccess,
    body: web::Json<AssignBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let to = body.into_inner().to;
    if to.trim().is_empty() {
        return Err(ApiError::BadRequest("to must name a colleague".into()));
    }
    change(access, &state, Change::Assign { to }).await
}

/// `POST …/resolve`.
pub async fn resolve(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(access, &state, Change::Resolve).await
}

/// `POST …/reopen`.
pub async fn reopen(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(access, &state, Change::Reopen).await
}

#[derive(Deserialize)]
pub struct TextBody {
    pub text: String,
}

fn required_text(body: TextBody) -> Result<String, ApiError> {
    if body.text.trim().is_empty() {
        return Err(ApiError::BadRequest("text must not be empty".into()));
    }
    Ok(body.text)
}

/// `POST …/notes {"text": …}`: a note about the customer.
pub async fn add_note(
    ConversationAccess {
        caller: staff,
        conversation,
    }: ConversationAccess,
    body: web::Json<TextBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let text = required_text(body.into_inner())?;
    limits::check_length(&text, limits::MAX_NOTE_CHARS, "the note")?;
    let note = Note {
        author: staff.name.clone(),
        text,
        at: state.clock.now(),
    };
    state.store.add_note(&conversation.key, &note).await?;
    Ok(HttpResponse::Created().json(note))
}

#[derive(Deserialize)]
pub struct LabelsBody {
    #[serde(default)]
    add: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
}

/// `POST …/labels {"add": […], "remove": […]}`.
pub async fn change_labels(
    ConversationAccess { conversation, .. }: ConversationAccess,
    body: web::Json<LabelsBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    state
        .store
        .change_labels(&conversation.key, &body.add, &body.remove)
        .await?;
    Ok(HttpResponse::Ok().json(state.store.conversation(&conversation.key).await?))
}

/// `POST …/reply {"text": …}`: sent through the customer's channel, signed per the page's
/// rule; 202 once it is in the outbox (its delivery shows in the conversation).
pub async fn reply(
    ConversationAccess {
        caller: staff,
        conversation,
    }: ConversationAccess,
    body: web::Json<TextBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let text = required_text(body.into_inner())?;
    let key = conversation.key.clone();
    let page = state
        .pages
        .get(key.channel, &key.page_id)
        .await?
        .ok_or_else(|| ApiError::NotFound("the page is no longer configured".into()))?;
    let now = state.clock.now();
    let human_agent =
        match window::person_reply(key.channel, conversation.last_customer_message_at(), now) {
            PersonReply::Standard => false,
            PersonReply::HumanAgent => true,
            PersonReply::NotOpened => {
                return Err(ApiError::WindowClosed(
                    "the customer has not written yet".into(),
                ));
            }
            PersonReply::Closed => {
                return Err(ApiError::WindowClosed(
                    "the customer last wrote more than 7 days ago; Meta allows no reply now".into(),
                ));
            }
        };
    let signature = fill(&page.staff_signature, &[("agent", &staff.name)]);
    let text = format!("{}\n{}", text.trim_end(), signature);
    limits::check_message(
        key.channel,
        &text,
        &format!("the reply with the signature ({} message)", key.channel),
    )?;
    let reply = OutboundReply {
        id: format!("staff:{}", uuid::Uuid::new_v4()),
        conversation: key,
        text,
        created_at: now,
        route: ReplyRoute::Direct,
        quick_replies: Vec::new(),
        human_agent,
        by: Some(staff.name.clone()),
        answers_message_at: None,
        failed_attempts: 0,
    };
    if !state.store.commit_outbound(&reply).await? {
        return Err(ApiError::NotFound("no such conversation".into()));
    }
    record(&state, &conversation, now, figures::first_response).await?;
    tracing::info!(staff = %staff.name, conversation = %reply.conversation, human_agent, "staff reply queued");
    Ok(HttpResponse::Accepted()
        .json(serde_json::json!({ "id": reply.id, "human_agent": human_agent })))
}
