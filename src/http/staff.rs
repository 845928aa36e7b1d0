//! The staff API: the human queue and the work on a conversation. Every route takes a
//! `Caller` (the bearer token's owner, see `auth`), checked by the extractor before the handler runs; a
//! token never sees another page's conversations (404, so page ids do not leak).
//!
//! Conversations are addressed as `/api/conversations/{channel}/{page}/{customer}`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ConversationAccess, visible_conversation};
use crate::domain::conversation::{Change, Status};
use crate::domain::event::{Channel, ConversationKey};
use crate::queue::{self, Filter, Order, Refused};
use crate::store::Store;

#[derive(Deserialize)]
pub struct QueueQuery {
    order: Option<Order>,
    page: Option<String>,
    status: Option<Status>,
    label: Option<String>,
    assignee: Option<String>,
    #[serde(default)]
    unassigned: bool,
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
    let query = query.into_inner();
    let pages = staff.pages_for(query.page.as_deref(), &state.pages).await?;
    let filter = Filter {
        status: query.status,
        label: query.label,
        assignee: query.assignee,
        unassigned: query.unassigned,
        channel: query.channel,
    };
    let listed = queue::list(
        &state.store,
        &state.pages,
        &pages,
        &filter,
        query.order,
        |page| staff.may_see(page),
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "page": query.page, "conversations": listed })))
}

/// A refused use case as the API answers it.
fn refused(refused: Refused) -> ApiError {
    match refused {
        Refused::Transition(refused) => ApiError::Conflict(refused.to_string()),
        Refused::NotFound => ApiError::NotFound("no such conversation".into()),
        Refused::PageGone => ApiError::NotFound("the page is no longer configured".into()),
        window @ (Refused::WindowNotOpened | Refused::WindowClosed) => {
            ApiError::WindowClosed(window.to_string())
        }
        Refused::Empty(what) => ApiError::BadRequest(format!("{what} must not be empty")),
        Refused::TooLong(error) => error.into(),
        Refused::Store(error) => error.into(),
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
    let details = queue::details(&state.store, &state.pages, conversation, |page| {
        staff.may_see(page)
    })
    .await?;
    Ok(HttpResponse::Ok().json(details))
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
    let now_linked = queue::set_link(&state.store, &this.key, &other.key, linked, |page| {
        staff.may_see(page)
    })
    .await?;
    tracing::info!(staff = %staff.name, a = %this.key, b = %other.key, linked, "contacts linked");
    Ok(HttpResponse::Ok().json(serde_json::json!({ "linked": now_linked })))
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
    let changed = queue::change(&state.store, &state.pages, &conversation, &change, now)
        .await
        .map_err(refused)?;
    tracing::info!(staff = %staff.name, conversation = %conversation.key, change = %change, "conversation changed");
    Ok(HttpResponse::Ok().json(changed))
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

/// `POST …/notes {"text": …}`: a note about the customer.
pub async fn add_note(
    ConversationAccess {
        caller: staff,
        conversation,
    }: ConversationAccess,
    body: web::Json<TextBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let note = queue::add_note(&state.store, &conversation, &staff.name, &body.text, now)
        .await
        .map_err(refused)?;
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
    let now = state.clock.now();
    let reply = queue::reply(
        &state.store,
        &state.pages,
        &conversation,
        &staff.name,
        &body.text,
        now,
    )
    .await
    .map_err(refused)?;
    let human_agent = reply.human_agent;
    tracing::info!(staff = %staff.name, conversation = %reply.conversation, human_agent, "staff reply queued");
    Ok(HttpResponse::Accepted()
        .json(serde_json::json!({ "id": reply.id, "human_agent": human_agent })))
}
