//! The admin API: a page's configuration, its versions, the away/open override and the
//! simulator. Admins reach only their own pages (404 otherwise, so page ids do not leak);
//! agents get 403 on their own pages; the owner reaches every page and creates new ones.
//!
//! A page is addressed by its id (`/api/pages/{id}`); its channel is the one it was created
//! on. Updates are validated as a whole and saved as a new version, or not at all. The page's
//! access token is write-only: no response carries it.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::access::Role;
use crate::domain::conversation::OutboundReply;
use crate::domain::event::{Channel, ConversationKey, Inbound, InboundKind};
use crate::domain::locale::Language;
use crate::domain::page::{ConfigError, Crisis, PageFile, check_instant};
use crate::domain::policy::decide;
use crate::pages::SaveError;
use crate::store::Store;
use crate::x_account::XAccounts;

/// The page `id` as stored, if the caller may configure it.
async fn find(state: &AppState, caller: &Caller, id: &str) -> Result<PageFile, ApiError> {
    caller.admin_of(id)?;
    for channel in Channel::ALL {
        if let Some(page) = state.store.load_page(channel, id).await? {
            return Ok(page);
        }
    }
    Err(ApiError::NotFound("no such page".into()))
}

/// A configuration as the API shows it: everything but the access token.
fn shown(page: &PageFile, version: Option<u64>) -> Value {
    let mut value = serde_json::to_value(page).unwrap_or_default();
    if let Some(fields) = value.as_object_mut() {
        fields.remove("access_token");
        fields.insert(
            "access_token_set".into(),
            Value::Bool(!page.access_token.expose_secret().is_empty()),
        );
        if fields.remove("refresh_token").is_some() {
            fields.insert("refresh_token_set".into(), Value::Bool(true));
        }
    }
    json!({ "version": version, "config": value })
}

/// Reads a configuration from JSON, naming the field at fault.
fn parse(value: Value) -> Result<PageFile, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let field = error.path().to_string();
        ApiError::Invalid(ConfigError {
            field: if field == "." { String::new() } else { field },
            message: error.into_inner().to_string(),
        })
    })
}

/// Saves a new version as `caller`; 422 naming the field when it does not validate.
async fn save(state: &AppState, caller: &Caller, page: &PageFile) -> Result<u64, ApiError> {
    match state
        .pages
        .save(page, &caller.name, state.clock.now())
        .await
    {
        Ok((_, version)) => {
            tracing::info!(page = %page.id, by = %caller.name, version, "page configuration changed");
            Ok(version)
        }
        Err(SaveError::Invalid(error)) => Err(ApiError::Invalid(error)),
        Err(SaveError::Store(error)) => Err(error.into()),
    }
}

async fn latest_version(state: &AppState, page: &PageFile) -> Result<Option<u64>, ApiError> {
    let versions = state.store.page_versions(page.channel, &page.id).await?;
    Ok(versions.last().map(|v| v.version))
}

/// `GET /api/pages`: the caller's pages.
pub async fn list(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut pages = Vec::new();
    for (channel, id) in state.store.list_pages().await? {
        if !caller.may_see(&id) {
            continue;
        }
        if let Some(page) = state.store.load_page(channel, &id).await? {
            pages.push(json!({"id": id, "channel": channel, "name": page.name}));
        }
    }
    Ok(HttpResponse::Ok().json(json!({ "pages": pages })))
}

/// `POST /api/pages`: a new page (the owner, or an admin for a page id of theirs).
pub async fn create(
    caller: Caller,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = parse(body.into_inner())?;
    caller.admin_of(&page.id)?;
    if caller.role < Role::Admin {
        return Err(ApiError::Forbidden(
            "creating a page needs the admin role".into(),
        ));
    }
    for channel in Channel::ALL {
        if state.store.load_page(channel, &page.id).await?.is_some() {
            return Err(ApiError::Conflict(
                "the page exists; update it instead".into(),
            ));
        }
    }
    let version = save(&state, &caller, &page).await?;
    Ok(HttpResponse::Created().json(shown(&page, Some(version))))
}

/// `GET /api/pages/{id}`.
pub async fn show(
    caller: Caller,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = find(&state, &caller, &id).await?;
    let version = latest_version(&state, &page).await?;
    let mut body = shown(&page, version);
    if let Some(connection) = XAccounts::connection(&state.store, &page).await? {
        body["x_connection"] = json!(connection);
    }
    Ok(HttpResponse::Ok().json(body))
}

/// Puts the stored id, channel and (when the update leaves it out) access token into an
/// updated configuration: the path names the page, and the token is write-only.
fn keep_identity(update: &mut Value, current: &PageFile) -> Result<(), ApiError> {
    let fields = update
        .as_object_mut()
        .ok_or_else(|| ApiError::BadRequest("a page configuration is a JSON object".into()))?;
    fields.insert("id".into(), json!(current.id));
    fields.insert("channel".into(), json!(current.channel));
    if !fields.contains_key("access_token") {
        fields.insert(
            "access_token".into(),
            json!(current.access_token.expose_secret()),
        );
    }
    if let (false, Some(refresh)) = (fields.contains_key("refresh_token"), &current.refresh_token) {
        fields.insert("refresh_token".into(), json!(refresh.expose_secret()));
    }
    fields.remove("access_token_set");
    fields.remove("refresh_token_set");
    Ok(())
}

/// `PUT /api/pages/{id}`: replaces the whole configuration.
pub async fn replace(
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let update = body.into_inner();
    change_document(&state, &caller, &id, |_| update).await
}

/// `PATCH /api/pages/{id}`: changes some parts (a JSON merge patch, RFC 7396: a part given
/// replaces the stored one, `null` removes it).
pub async fn patch(
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner();
    change_document(&state, &caller, &id, |mut document| {
        json_patch::merge(&mut document, &patch);
        document
    })
    .await
}

/// Turns the stored configuration (as JSON) into the next one with `change`, keeps the
/// page's identity and token, validates and saves it.
async fn change_document(
    state: &AppState,
    caller: &Caller,
    id: &str,
    change: impl FnOnce(Value) -> Value,
) -> Result<HttpResponse, ApiError> {
    let current = find(state, caller, id).await?;
    let mut document = change(serde_json::to_value(&current).unwrap_or_default());
    keep_identity(&mut document, &current)?;
    let page = parse(document)?;
    let version = save(state, caller, &page).await?;
    Ok(HttpResponse::Ok().json(shown(&page, Some(version))))
}

/// Changes the stored configuration with `change` (which may refuse), validates and saves it.
async fn change_page(
    state: &AppState,
    caller: &Caller,
    id: &str,
    change: impl FnOnce(&mut PageFile, DateTime<Utc>) -> Result<(), ApiError>,
) -> Result<HttpResponse, ApiError> {
    let mut page = find(state, caller, id).await?;
    change(&mut page, state.clock.now())?;
    let version = save(state, caller, &page).await?;
    Ok(HttpResponse::Ok().json(shown(&page, Some(version))))
}

/// `DELETE /api/pages/{id}`: the page stops being answered; its history stays.
pub async fn delete(
    caller: Caller,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = find(&state, &caller, &id).await?;
    state
        .pages
        .delete(page.channel, &page.id, &caller.name, state.clock.now())
        .await?;
    tracing::info!(page = %page.id, by = %caller.name, "page deleted");
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /api/pages/{id}/versions`: who changed what and when, oldest first.
pub async fn versions(
    caller: Caller,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.admin_of(&id)?;
    let mut listed = Vec::new();
    for channel in Channel::ALL {
        for version in state.store.page_versions(channel, &id).await? {
            listed.push(json!({
                "version": version.version,
                "by": version.by,
                "at": version.at,
                "changed": version.changed,
                "deleted": version.page.is_none(),
            }));
        }
    }
    if listed.is_empty() {
        return Err(ApiError::NotFound("no such page".into()));
    }
    Ok(HttpResponse::Ok().json(json!({ "versions": listed })))
}

async fn version_of(
    state: &AppState,
    caller: &Caller,
    id: &str,
    number: u64,
) -> Result<PageFile, ApiError> {
    caller.admin_of(id)?;
    for channel in Channel::ALL {
        let versions = state.store.page_versions(channel, id).await?;
        if let Some(version) = versions.into_iter().find(|v| v.version == number) {
            return version
                .page
                .ok_or_else(|| ApiError::NotFound("that version deleted the page".into()));
        }
    }
    Err(ApiError::NotFound("no such version".into()))
}

/// `GET /api/pages/{id}/versions/{n}`: the configuration as it was.
pub async fn show_version(
    caller: Caller,
    path: web::Path<(String, u64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    let page = version_of(&state, &caller, &id, number).await?;
    Ok(HttpResponse::Ok().json(shown(&page, Some(number))))
}

/// `POST /api/pages/{id}/versions/{n}/restore`: makes an earlier configuration the current
/// one, as a new version.
pub async fn restore(
    caller: Caller,
    path: web::Path<(String, u64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    let page = version_of(&state, &caller, &id, number).await?;
    let version = save(&state, &caller, &page).await?;
    tracing::info!(page = %id, by = %caller.name, restored = number, "page configuration restored");
    Ok(HttpResponse::Ok().json(shown(&page, Some(version))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideBody {
    away_until: Option<DateTime<Utc>>,
    open_until: Option<DateTime<Utc>>,
}

/// `PUT /api/pages/{id}/override {"away_until": t}` or `{"open_until": t}`: the page counts
/// as away (or open) until `t`, whatever its hours say. `DELETE` ends it.
pub async fn set_override(
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<OverrideBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    change_page(&state, &caller, &id, |page, now| {
        let until = match (body.away_until, body.open_until) {
            (Some(until), None) | (None, Some(until)) => until,
            _ => {
                return Err(ApiError::BadRequest(
                    "give exactly one of away_until and open_until".into(),
                ));
            }
        };
        for (field, until) in [
            ("away_until", body.away_until),
            ("open_until", body.open_until),
        ] {
            if let Some(until) = until {
                check_instant(field, until).map_err(ApiError::Invalid)?;
            }
        }
        if until <= now {
            return Err(ApiError::BadRequest(
                "the instant must be in the future".into(),
            ));
        }
        page.away_until = body.away_until;
        page.open_until = body.open_until;
        Ok(())
    })
    .await
}

/// `DELETE /api/pages/{id}/override`: back to the page's hours.
pub async fn clear_override(
    caller: Caller,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change_page(&state, &caller, &id, |page, _| {
        page.away_until = None;
        page.open_until = None;
        Ok(())
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisBody {
    /// The announcement per language (`{"cs": "…", "en": "…"}`).
    announcement: BTreeMap<Language, String>,
    until: DateTime<Utc>,
}

/// `PUT /api/pages/{id}/crisis {"announcement": {…}, "until": t}`: crisis mode from now
/// until `t`.
pub async fn start_crisis(
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<CrisisBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    check_instant("until", body.until).map_err(ApiError::Invalid)?;
    change_page(&state, &caller, &id, |page, now| {
        page.crisis = Some(Crisis {
            announcement: body.announcement,
            started_at: now,
            until: body.until,
        });
        Ok(())
    })
    .await
}

/// `DELETE /api/pages/{id}/crisis`: ends crisis mode now (it also ends by itself).
pub async fn end_crisis(
    caller: Caller,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change_page(&state, &caller, &id, |page, now| {
        match page.crisis.as_mut() {
            Some(crisis) if crisis.is_active(now) => {
                crisis.until = now;
                Ok(())
            }
            _ => Err(ApiError::Conflict("the page is not in crisis mode".into())),
        }
    })
    .await
}

/// `POST /api/pages/{id}/crisis/resolution {"text"}`: once the crisis is over, one message to
/// every customer who got the announcement and is still inside the channel's window for
/// automatic messages (Messenger: 24 hours since their last message). Once per crisis.
pub async fn crisis_resolution(
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<super::staff::TextBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = find(&state, &caller, &id).await?;
    let text = body.into_inner().text;
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest("text must not be empty".into()));
    }
    super::limits::check_message(page.channel, &text, "the resolution message")?;
    let now = state.clock.now();
    let crisis = page
        .crisis
        .as_ref()
        .ok_or_else(|| ApiError::Conflict("the page has had no crisis".into()))?;
    if crisis.is_active(now) {
        return Err(ApiError::Conflict("end the crisis first".into()));
    }
    let crisis_id = crisis.id(&page.id);
    let once = format!("{crisis_id}:resolution");
    if !state
        .store
        .claim_once(
            &once,
            &uuid::Uuid::new_v4().to_string(),
            crate::store::DEDUPE_WINDOW * 30,
        )
        .await?
    {
        return Err(ApiError::Conflict(
            "the resolution message of this crisis went out already".into(),
        ));
    }
    let (mut sent, mut outside_window) = (0, 0);
    for member in state.store.members(&crisis_id).await? {
        let Ok(key) = serde_json::from_str::<ConversationKey>(&member) else {
            continue;
        };
        let Some(conversation) = state.store.conversation(&key).await? else {
            continue;
        };
        let inside = match key.channel {
            Channel::Messenger | Channel::Instagram => conversation
                .last_customer_message_at()
                .is_some_and(|last| now - last < chrono::Duration::hours(24)),
            Channel::X => true,
        };
        if !inside {
            outside_window += 1;
            continue;
        }
        let reply = OutboundReply::automatic(
            format!("{crisis_id}:resolution:{}", uuid::Uuid::new_v4()),
            key,
            text.clone(),
            now,
        );
        if state.store.commit_outbound(&reply).await? {
            sent += 1;
        }
    }
    tracing::info!(page = %page.id, by = %caller.name, sent, outside_window, "crisis resolution sent");
    Ok(HttpResponse::Ok().json(json!({ "sent": sent, "outside_window": outside_window })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateBody {
    text: String,
    /// When the message was written and is decided on; now when absent.
    at: Option<DateTime<Utc>>,
    /// Another person holds the conversation.
    held_by: Option<String>,
}

/// `POST /api/pages/{id}/simulate {"text", "at"?, "held_by"?}`: the decision frontdesk would
/// take on this message (reply, escalation, the rules that decided), without sending or
/// recording anything. The reply throttle is not consulted.
pub async fn simulate(
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<SimulateBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let file = find(&state, &caller, &id).await?;
    let page = file.validate().map_err(ApiError::Invalid)?;
    let body = body.into_inner();
    let at = body.at.unwrap_or_else(|| state.clock.now());
    check_instant("at", at).map_err(ApiError::Invalid)?;
    let event = simulated_event(&file, body.text, at);
    let decision = decide(&page, &state.locales, &event, at, body.held_by.as_deref());
    Ok(HttpResponse::Ok().json(json!({ "at": at, "decision": decision })))
}

/// A customer's text message to `page`, written at `at`, as the simulator feeds it to
/// `decide`.
pub fn simulated_event(page: &PageFile, text: String, at: DateTime<Utc>) -> Inbound {
    Inbound {
        channel: page.channel,
        page_id: page.id.clone(),
        customer_id: "simulated-customer".into(),
        message_id: "simulated-message".into(),
        sent_at: at,
        verified_by_app: None,
        kind: InboundKind::Message {
            text: Some(text),
            attachments: Vec::new(),
            quick_reply: None,
        },
    }
}
