//! The staff API: the human queue and the work on a conversation. Every route takes a
//! `Caller` (the bearer token's owner, see `auth`), checked by the extractor before the handler runs; a
//! token never sees another page's conversations (404, so page ids do not leak).
//!
//! Conversations are addressed as `/api/conversations/{channel}/{page}/{customer}`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ConversationAccess, ConversationPath, visible_conversation};
use crate::domain::conversation::{Change, Conversation, Note, Status};
use crate::domain::event::{Channel, ConversationKey};
use crate::queue::{self, Details, Filter, Listed, Order, Refused};
use crate::store::ConversationStore;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// `priority` (the default: high priority first, then the longest waiting), `waiting`
    /// (the longest waiting first) or `window` (the reply window that closes first).
    order: Option<Order>,
    /// One of the caller's pages; all of them when absent (404 for a page not theirs).
    page: Option<String>,
    status: Option<Status>,
    /// Only conversations with this label.
    label: Option<String>,
    /// Only conversations this person holds.
    assignee: Option<String>,
    /// Only conversations nobody holds.
    #[serde(default)]
    unassigned: bool,
    channel: Option<Channel>,
}

/// The queue as `GET /api/queue` answers it.
#[derive(Serialize, ToSchema)]
pub struct QueueListing {
    /// The page asked for; null when the listing covers all of the caller's pages.
    page: Option<String>,
    conversations: Vec<Listed>,
}

/// Conversations waiting for a person
///
/// `GET /api/queue[?page=ID][&status=…][&label=…][&assignee=…][&channel=…]`: conversations
/// waiting for a person on one page, or on all of the caller's pages; high priority first,
/// then the longest waiting.
#[utoipa::path(
    get,
    path = "/api/queue",
    tag = "staff",
    params(QueueQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversations, each with its due and window times", body = QueueListing),
        (status = 404, description = "`page` is not one of the caller's pages"),
    )
)]
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
    Ok(HttpResponse::Ok().json(QueueListing {
        page: query.page,
        conversations: listed,
    }))
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

/// One conversation with its linked contacts
///
/// `GET /api/conversations/{channel}/{page}/{customer}`: one conversation, queued or not,
/// with the conversations of the same customer elsewhere (linked contacts the caller may see).
#[utoipa::path(
    get,
    path = "/api/conversations/{channel}/{page}/{customer}",
    operation_id = "show_conversation",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation, its linked contacts and suggested links", body = Details),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
    )
)]
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

/// Another conversation of the caller's pages.
#[derive(Deserialize, ToSchema)]
pub struct LinkBody {
    channel: Channel,
    page: String,
    customer: String,
}

/// The conversations linked to this one after the change.
#[derive(Serialize, ToSchema)]
pub struct Links {
    linked: Vec<ConversationKey>,
}

/// Link another conversation of the same customer
///
/// `POST …/links {"channel", "page", "customer"}`: the same customer wrote on another channel
/// or page; both conversations show each other from now on. Both must be the caller's.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/links",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversations now linked to this one", body = Links),
        (status = 400, description = "A conversation cannot be linked to itself; or the body does not parse"),
        (status = 404, description = "Either conversation does not exist or is not the caller's"),
    )
)]
pub async fn link(
    this: ConversationAccess,
    body: web::Json<LinkBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    set_link(this, body.into_inner(), state, true).await
}

/// Undo a link
///
/// `POST …/unlink {"channel", "page", "customer"}`: undoes a link.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/unlink",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversations still linked to this one", body = Links),
        (status = 400, description = "A conversation cannot be linked to itself; or the body does not parse"),
        (status = 404, description = "Either conversation does not exist or is not the caller's"),
    )
)]
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
    Ok(HttpResponse::Ok().json(Links { linked: now_linked }))
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

/// Take a conversation
///
/// `POST …/claim`: take the conversation; 409 when someone else has it.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/claim",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation after the change", body = Option<Conversation>),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
        (status = 409, description = "The change does not apply to the conversation as it stands (someone else holds it, it is resolved, …)"),
    )
)]
pub async fn claim(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let name = access.caller.name.clone();
    change(access, &state, Change::Claim { staff: name }).await
}

/// Give a conversation back to the queue
///
/// `POST …/release`: give it back to the queue.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/release",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation after the change", body = Option<Conversation>),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
        (status = 409, description = "The change does not apply to the conversation as it stands (someone else holds it, it is resolved, …)"),
    )
)]
pub async fn release(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(access, &state, Change::Release).await
}

/// Who takes the conversation over.
#[derive(Deserialize, ToSchema)]
pub struct AssignBody {
    /// The colleague's name, as on their token.
    to: String,
}

/// Hand a conversation to a colleague
///
/// `POST …/assign {"to": "Petr"}`: hand it to a colleague.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/assign",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation after the change", body = Option<Conversation>),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
        (status = 409, description = "The change does not apply to the conversation as it stands (someone else holds it, it is resolved, …)"),
        (status = 400, description = "`to` is empty; or the body does not parse"),
    )
)]
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

/// Resolve a conversation
///
/// `POST …/resolve`.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/resolve",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation after the change", body = Option<Conversation>),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
        (status = 409, description = "The change does not apply to the conversation as it stands (someone else holds it, it is resolved, …)"),
    )
)]
pub async fn resolve(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(access, &state, Change::Resolve).await
}

/// Reopen a resolved conversation
///
/// `POST …/reopen`.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/reopen",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation after the change", body = Option<Conversation>),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
        (status = 409, description = "The change does not apply to the conversation as it stands (someone else holds it, it is resolved, …)"),
    )
)]
pub async fn reopen(
    access: ConversationAccess,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change(access, &state, Change::Reopen).await
}

/// A text a person wrote.
#[derive(Deserialize, ToSchema)]
pub struct TextBody {
    pub text: String,
}

/// Add a note about the customer
///
/// `POST …/notes {"text": …}`: a note about the customer.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/notes",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The note as kept", body = Note),
        (status = 400, description = "The text is empty; or the body does not parse"),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
        (status = 422, description = "The text is longer than a note may be (`text_too_long`)"),
    )
)]
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

/// Labels to add and to remove.
#[derive(Deserialize, ToSchema)]
pub struct LabelsBody {
    #[serde(default)]
    add: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
}

/// Add and remove labels
///
/// `POST …/labels {"add": […], "remove": […]}`.
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/labels",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The conversation with its labels", body = Option<Conversation>),
        (status = 404, description = "No such conversation, or not on the caller's pages"),
    )
)]
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

/// A reply queued for sending.
#[derive(Serialize, ToSchema)]
pub struct ReplyQueued {
    /// The reply's id; its delivery shows on the message with this id in the conversation.
    id: String,
    /// Sent with Meta's `HUMAN_AGENT` tag (outside the 24-hour window).
    human_agent: bool,
}

/// Reply to the customer
///
/// `POST …/reply {"text": …}`: sent through the customer's channel, signed per the page's
/// rule; 202 once it is in the outbox (its delivery shows in the conversation).
#[utoipa::path(
    post,
    path = "/api/conversations/{channel}/{page}/{customer}/reply",
    tag = "staff",
    params(ConversationPath),
    security(("bearer" = [])),
    responses(
        (status = 202, description = "The reply is in the outbox", body = ReplyQueued),
        (status = 400, description = "The text is empty; or the body does not parse"),
        (status = 404, description = "No such conversation, its page is no longer configured, or not on the caller's pages"),
        (status = 422, description = "The channel's reply window is closed (`window_closed`) or the text is longer than the channel takes (`text_too_long`)"),
    )
)]
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
    Ok(HttpResponse::Accepted().json(ReplyQueued {
        id: reply.id,
        human_agent,
    }))
}
