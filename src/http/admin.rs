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
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::extract::{PageAdmin, PageAdminOf};
use crate::access::Role;
use crate::crisis::{self, CrisisError, Resolution, ResolutionError};
use crate::domain::locale::Language;
use crate::domain::page::{PageFile, check_instant};
use crate::pages::{self, ChangeError};
use crate::simulate;
use crate::x_account::XAccounts;

/// A configuration as the API shows it: everything but the secrets.
fn shown(page: &PageFile, version: Option<u64>) -> Value {
    json!({ "version": version, "config": pages::without_secrets(page) })
}

/// Saves a new page as `caller`; 422 naming the field when it does not validate.
async fn save_new(state: &AppState, caller: &Caller, page: &PageFile) -> Result<u64, ApiError> {
    let saved = state
        .pages
        .save(page, &caller.name, state.clock.now())
        .await
        .map_err(ChangeError::from)?;
    tracing::info!(page = %page.id, by = %caller.name, version = saved.version, "page configuration changed");
    Ok(saved.version)
}

/// `GET /api/pages`: the caller's pages.
pub async fn list(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pages: Vec<Value> = state
        .pages
        .list()
        .await?
        .into_iter()
        .filter(|page| caller.may_see(&page.id))
        .map(|page| json!({"id": page.id, "channel": page.channel, "name": page.name}))
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "pages": pages })))
}

/// `POST /api/pages`: a new page (the owner, or an admin for a page id of theirs).
pub async fn create(
    caller: Caller,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = pages::parse(body.into_inner()).map_err(ApiError::Invalid)?;
    caller.admin_of(&page.id)?;
    if caller.role < Role::Admin {
        return Err(ApiError::Forbidden(
            "creating a page needs the admin role".into(),
        ));
    }
    if state.pages.find(&page.id).await?.is_some() {
        return Err(ApiError::Conflict(
            "the page exists; update it instead".into(),
        ));
    }
    let version = save_new(&state, &caller, &page).await?;
    Ok(HttpResponse::Created().json(shown(&page, Some(version))))
}

/// `GET /api/pages/{id}`.
pub async fn show(
    PageAdmin { page, .. }: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let version = state.pages.latest_version(&page).await?;
    let mut body = shown(&page, version);
    if let Some(connection) = XAccounts::connection(&state.store, &page).await? {
        body["x_connection"] = json!(connection);
    }
    Ok(HttpResponse::Ok().json(body))
}

/// `PUT /api/pages/{id}`: replaces the whole configuration.
pub async fn replace(
    admin: PageAdmin,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let update = body.into_inner();
    change_document(&state, admin, |_| update).await
}

/// `PATCH /api/pages/{id}`: changes some parts (a JSON merge patch, RFC 7396: a part given
/// replaces the stored one, `null` removes it).
pub async fn patch(
    admin: PageAdmin,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner();
    change_document(&state, admin, |mut document| {
        json_patch::merge(&mut document, &patch);
        document
    })
    .await
}

/// Turns the stored configuration (as JSON) into the next one with `change` and saves it
/// (`pages.update`: identity and secrets kept, validated as a whole, or nothing saved).
async fn change_document(
    state: &AppState,
    PageAdmin {
        caller,
        page: current,
    }: PageAdmin,
    change: impl FnOnce(Value) -> Value,
) -> Result<HttpResponse, ApiError> {
    let updated = state
        .pages
        .update(&current, change, &caller.name, state.clock.now())
        .await
        .map_err(ApiError::from)?;
    let version = updated.saved.version;
    tracing::info!(page = %current.id, by = %caller.name, version, "page configuration changed");
    Ok(HttpResponse::Ok().json(shown(&updated.file, Some(version))))
}

/// Changes the stored configuration with `change` (which may refuse), validates and saves it.
async fn change_page(
    state: &AppState,
    PageAdmin {
        caller,
        page: current,
    }: PageAdmin,
    change: impl FnOnce(&mut PageFile, DateTime<Utc>) -> Result<(), ApiError>,
) -> Result<HttpResponse, ApiError> {
    let mut page = current.clone();
    change(&mut page, state.clock.now())?;
    let saved = state
        .pages
        .save_over(Some(&current), &page, &caller.name, state.clock.now())
        .await
        .map_err(ChangeError::from)?;
    tracing::info!(page = %page.id, by = %caller.name, version = saved.version, "page configuration changed");
    Ok(HttpResponse::Ok().json(shown(&page, Some(saved.version))))
}

/// `DELETE /api/pages/{id}`: the page stops being answered; its history stays.
pub async fn delete(
    PageAdmin { caller, page }: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state
        .pages
        .delete(page.channel, &page.id, &caller.name, state.clock.now())
        .await?;
    tracing::info!(page = %page.id, by = %caller.name, "page deleted");
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /api/pages/{id}/versions`: who changed what and when, oldest first.
pub async fn versions(
    PageAdminOf { id, .. }: PageAdminOf,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listed: Vec<Value> = state
        .pages
        .versions(&id)
        .await?
        .into_iter()
        .map(|version| {
            json!({
                "version": version.version,
                "by": version.by,
                "at": version.at,
                "changed": version.changed,
                "deleted": version.page.is_none(),
            })
        })
        .collect();
    if listed.is_empty() {
        return Err(ApiError::NotFound("no such page".into()));
    }
    Ok(HttpResponse::Ok().json(json!({ "versions": listed })))
}

async fn version_of(state: &AppState, id: &str, number: u64) -> Result<PageFile, ApiError> {
    state
        .pages
        .version(id, number)
        .await?
        .ok_or(ChangeError::NoSuchVersion)
        .and_then(|version| version.page.ok_or(ChangeError::VersionDeletedThePage))
        .map_err(ApiError::from)
}

/// `GET /api/pages/{id}/versions/{n}`: the configuration as it was.
pub async fn show_version(
    PageAdminOf { id, .. }: PageAdminOf,
    path: web::Path<(String, u64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, number) = path.into_inner();
    let page = version_of(&state, &id, number).await?;
    Ok(HttpResponse::Ok().json(shown(&page, Some(number))))
}

/// `POST /api/pages/{id}/versions/{n}/restore`: makes an earlier configuration the current
/// one, as a new version.
pub async fn restore(
    PageAdminOf { caller, id }: PageAdminOf,
    path: web::Path<(String, u64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, number) = path.into_inner();
    let restored = state
        .pages
        .restore(&id, number, &caller.name, state.clock.now())
        .await
        .map_err(ApiError::from)?;
    let version = restored.saved.version;
    tracing::info!(page = %id, by = %caller.name, restored = number, version, "page configuration restored");
    Ok(HttpResponse::Ok().json(shown(&restored.file, Some(version))))
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
    admin: PageAdmin,
    body: web::Json<OverrideBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    change_page(&state, admin, |page, now| {
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
    admin: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    change_page(&state, admin, |page, _| {
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

impl From<CrisisError> for ApiError {
    fn from(error: CrisisError) -> Self {
        match error {
            CrisisError::Invalid(error) => ApiError::Invalid(error),
            CrisisError::NotActive => ApiError::Conflict(error.to_string()),
            CrisisError::Store(error) => ApiError::Store(error),
        }
    }
}

impl From<ResolutionError> for ApiError {
    fn from(error: ResolutionError) -> Self {
        match error {
            ResolutionError::Empty => ApiError::BadRequest(error.to_string()),
            ResolutionError::TooLong(error) => error.into(),
            ResolutionError::Store(error) => error.into(),
            refused => ApiError::Conflict(refused.to_string()),
        }
    }
}

/// `PUT /api/pages/{id}/crisis {"announcement": {…}, "until": t}`: crisis mode from now
/// until `t`.
pub async fn start_crisis(
    PageAdmin { caller, page }: PageAdmin,
    body: web::Json<CrisisBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let changed = crisis::start(
        &state.pages,
        &caller.name,
        &page,
        body.announcement,
        body.until,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(shown(&changed.page, Some(changed.version))))
}

/// `DELETE /api/pages/{id}/crisis`: ends crisis mode now (it also ends by itself).
pub async fn end_crisis(
    PageAdmin { caller, page }: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let changed = crisis::end(&state.pages, &caller.name, &page, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(shown(&changed.page, Some(changed.version))))
}

/// `POST /api/pages/{id}/crisis/resolution {"text"}`: once the crisis is over, one message to
/// every customer who got the announcement and is still inside the channel's window for
/// automatic messages (Messenger: 24 hours since their last message). Once per crisis.
pub async fn crisis_resolution(
    PageAdmin { caller, page }: PageAdmin,
    body: web::Json<super::staff::TextBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let text = body.into_inner().text;
    let Resolution {
        sent,
        outside_window,
    } = crisis::send_resolution(&state.store, &page, &caller.name, &text, state.clock.now())
        .await?;
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
    PageAdmin { page, .. }: PageAdmin,
    body: web::Json<SimulateBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let validated = page.validate().map_err(ApiError::Invalid)?;
    let at = body.at.unwrap_or_else(|| state.clock.now());
    check_instant("at", at).map_err(ApiError::Invalid)?;
    let decision = simulate::simulate(
        &page,
        &validated,
        &state.locales,
        body.text,
        at,
        body.held_by.as_deref(),
    );
    Ok(HttpResponse::Ok().json(json!({ "at": at, "decision": decision })))
}
