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
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::extract::{PageAdmin, PageAdminOf, PagePath};
use super::openapi::{PageConfigShown, PageConfigUpdate};
use crate::access::Role;
use crate::crisis::{self, CrisisError, Resolution, ResolutionError};
use crate::domain::decision::Decision;
use crate::domain::event::Channel;
use crate::domain::locale::Language;
use crate::domain::page::{PageFile, check_instant};
use crate::pages::{self, ChangeError};
use crate::simulate;
use crate::x_account::{Connection, XAccounts};

/// A configuration as the API shows it: everything but the secrets.
#[derive(Serialize, ToSchema)]
pub struct ShownPage {
    /// The configuration's version (numbered from 1 per page); null for a page that has
    /// none stored (imported before versions were kept).
    version: Option<u64>,
    #[schema(value_type = PageConfigShown)]
    config: Value,
    /// X accounts: the state of the account's OAuth connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    x_connection: Option<Connection>,
}

fn shown(page: &PageFile, version: Option<u64>) -> ShownPage {
    ShownPage {
        version,
        config: pages::without_secrets(page),
        x_connection: None,
    }
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

/// A page as listed.
#[derive(Serialize, ToSchema)]
pub struct PageSummary {
    id: String,
    channel: Channel,
    name: String,
}

/// The caller's pages.
#[derive(Serialize, ToSchema)]
pub struct PageList {
    pages: Vec<PageSummary>,
}

/// The caller's pages
///
/// `GET /api/pages`: the caller's pages.
#[utoipa::path(
    get,
    path = "/api/pages",
    operation_id = "list_pages",
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The pages the caller may see", body = PageList))
)]
pub async fn list(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pages = state
        .pages
        .list()
        .await?
        .into_iter()
        .filter(|page| caller.may_see(&page.id))
        .map(|page| PageSummary {
            id: page.id,
            channel: page.channel,
            name: page.name,
        })
        .collect();
    Ok(HttpResponse::Ok().json(PageList { pages }))
}

/// Create a page
///
/// `POST /api/pages`: a new page (the owner, or an admin for a page id of theirs).
#[utoipa::path(
    post,
    path = "/api/pages",
    operation_id = "create_page",
    tag = "admin",
    security(("bearer" = [])),
    request_body(content = PageFile, description = "The whole configuration, secrets included"),
    responses(
        (status = 201, description = "Saved as version 1", body = ShownPage),
        (status = 403, description = "The caller is an agent"),
        (status = 404, description = "The page id is not one the caller administers"),
        (status = 409, description = "The page exists; update it instead"),
        (status = 422, description = "The configuration does not validate; `field` names the part at fault"),
    )
)]
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

/// A page's configuration
///
/// `GET /api/pages/{id}`: the current configuration without its secrets.
#[utoipa::path(
    get,
    path = "/api/pages/{id}",
    operation_id = "show_page",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The configuration, without secrets", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
    )
)]
pub async fn show(
    PageAdmin { page, .. }: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let version = state.pages.latest_version(&page).await?;
    let mut body = shown(&page, version);
    body.x_connection = XAccounts::connection(&state.store, &page).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Replace a page's configuration
///
/// `PUT /api/pages/{id}`: replaces the whole configuration. The id and channel are the
/// page's; secrets left out are kept.
#[utoipa::path(
    put,
    path = "/api/pages/{id}",
    operation_id = "replace_page",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    request_body(content = PageConfigUpdate, description = "The whole configuration; `GET`'s `config` may be sent back as it is"),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 422, description = "The result does not validate; `field` names the part at fault"),
    )
)]
pub async fn replace(
    admin: PageAdmin,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let update = body.into_inner();
    change_document(&state, admin, |_| update).await
}

/// Change parts of a page's configuration
///
/// `PATCH /api/pages/{id}`: changes some parts (a JSON merge patch, RFC 7396: a part given
/// replaces the stored one, `null` removes it).
#[utoipa::path(
    patch,
    path = "/api/pages/{id}",
    operation_id = "patch_page",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    request_body(content = Object, description = "A JSON merge patch (RFC 7396) of the configuration (`PageConfigUpdate`)"),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 400, description = "The patch is not a JSON object; or the body does not parse"),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 422, description = "The result does not validate; `field` names the part at fault"),
    )
)]
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

/// Delete a page
///
/// `DELETE /api/pages/{id}`: the page stops being answered; its history (and its versions)
/// stay.
#[utoipa::path(
    delete,
    path = "/api/pages/{id}",
    operation_id = "delete_page",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
    )
)]
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

/// One saved version of a page's configuration.
#[derive(Serialize, ToSchema)]
pub struct VersionSummary {
    version: u64,
    /// Who saved it.
    by: String,
    at: chrono::DateTime<Utc>,
    /// The top-level parts that changed (`hours`, `faq`, …).
    changed: Vec<String>,
    /// This version deleted the page.
    deleted: bool,
}

/// A page's versions, oldest first.
#[derive(Serialize, ToSchema)]
pub struct VersionList {
    versions: Vec<VersionSummary>,
}

/// A page's versions
///
/// `GET /api/pages/{id}/versions`: who changed what and when, oldest first.
#[utoipa::path(
    get,
    path = "/api/pages/{id}/versions",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every version, oldest first", body = VersionList),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page (never saved), or not one of the caller's"),
    )
)]
pub async fn versions(
    PageAdminOf { id, .. }: PageAdminOf,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listed: Vec<VersionSummary> = state
        .pages
        .versions(&id)
        .await?
        .into_iter()
        .map(|version| VersionSummary {
            deleted: version.page.is_none(),
            version: version.version,
            by: version.by,
            at: version.at,
            changed: version.changed,
        })
        .collect();
    if listed.is_empty() {
        return Err(ApiError::NotFound("no such page".into()));
    }
    Ok(HttpResponse::Ok().json(VersionList { versions: listed }))
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

/// One version of a page's configuration
///
/// `GET /api/pages/{id}/versions/{n}`: the configuration as it was.
#[utoipa::path(
    get,
    path = "/api/pages/{id}/versions/{n}",
    tag = "admin",
    params(
        ("id" = String, Path, description = "The page's id"),
        ("n" = u64, Path, description = "The version's number"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The configuration as it was, without secrets", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page or version, the version deleted the page, or not one of the caller's pages"),
    )
)]
pub async fn show_version(
    PageAdminOf { id, .. }: PageAdminOf,
    path: web::Path<(String, u64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, number) = path.into_inner();
    let page = version_of(&state, &id, number).await?;
    Ok(HttpResponse::Ok().json(shown(&page, Some(number))))
}

/// Restore an earlier version
///
/// `POST /api/pages/{id}/versions/{n}/restore`: makes an earlier configuration the current
/// one, as a new version.
#[utoipa::path(
    post,
    path = "/api/pages/{id}/versions/{n}/restore",
    tag = "admin",
    params(
        ("id" = String, Path, description = "The page's id"),
        ("n" = u64, Path, description = "The version to restore"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page or version, the version deleted the page, or not one of the caller's pages"),
        (status = 422, description = "The old configuration no longer validates; `field` names the part at fault"),
    )
)]
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

/// Exactly one of the two.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideBody {
    away_until: Option<DateTime<Utc>>,
    open_until: Option<DateTime<Utc>>,
}

/// Away (or open) until a time
///
/// `PUT /api/pages/{id}/override {"away_until": t}` or `{"open_until": t}`: the page counts
/// as away (or open) until `t`, whatever its hours say. `DELETE` ends it.
#[utoipa::path(
    put,
    path = "/api/pages/{id}/override",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 400, description = "Not exactly one of the two, or the time is not in the future; or the body does not parse"),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 422, description = "The result does not validate; `field` names the part at fault"),
    )
)]
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

/// Back to the page's hours
///
/// `DELETE /api/pages/{id}/override`: back to the page's hours.
#[utoipa::path(
    delete,
    path = "/api/pages/{id}/override",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 422, description = "The result does not validate; `field` names the part at fault"),
    )
)]
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

/// A crisis: what to tell customers, and until when.
#[derive(Deserialize, ToSchema)]
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

/// Start crisis mode
///
/// `PUT /api/pages/{id}/crisis {"announcement": {…}, "until": t}`: crisis mode from now
/// until `t`.
#[utoipa::path(
    put,
    path = "/api/pages/{id}/crisis",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 422, description = "The result does not validate; `field` names the part at fault"),
    )
)]
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

/// End crisis mode
///
/// `DELETE /api/pages/{id}/crisis`: ends crisis mode now (it also ends by itself).
#[utoipa::path(
    delete,
    path = "/api/pages/{id}/crisis",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved as the next version", body = ShownPage),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 409, description = "The page is not in crisis mode"),
        (status = 422, description = "The result does not validate; `field` names the part at fault"),
    )
)]
pub async fn end_crisis(
    PageAdmin { caller, page }: PageAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let changed = crisis::end(&state.pages, &caller.name, &page, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(shown(&changed.page, Some(changed.version))))
}

/// Tell the crisis's customers it is over
///
/// `POST /api/pages/{id}/crisis/resolution {"text"}`: once the crisis is over, one message to
/// every customer who got the announcement and is still inside the channel's window for
/// automatic messages (Messenger: 24 hours since their last message). Once per crisis.
#[utoipa::path(
    post,
    path = "/api/pages/{id}/crisis/resolution",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    request_body = super::staff::TextBody,
    responses(
        (status = 200, description = "How many customers it was queued for", body = Resolution),
        (status = 400, description = "The text is empty; or the body does not parse"),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 409, description = "No crisis to resolve: none yet, still going on, or its message was sent already"),
        (status = 422, description = "The text is longer than the channel takes (`text_too_long`)"),
    )
)]
pub async fn crisis_resolution(
    PageAdmin { caller, page }: PageAdmin,
    body: web::Json<super::staff::TextBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let text = body.into_inner().text;
    let resolution: Resolution =
        crisis::send_resolution(&state.store, &page, &caller.name, &text, state.clock.now())
            .await?;
    Ok(HttpResponse::Ok().json(resolution))
}

/// A customer's message to decide on.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateBody {
    text: String,
    /// When the message was written and is decided on; now when absent.
    at: Option<DateTime<Utc>>,
    /// Another person holds the conversation.
    held_by: Option<String>,
}

/// The decision on a message, and when it is decided.
#[derive(Serialize, ToSchema)]
pub struct Simulated {
    at: chrono::DateTime<Utc>,
    decision: Decision,
}

/// Try a message
///
/// `POST /api/pages/{id}/simulate {"text", "at"?, "held_by"?}`: the decision frontdesk would
/// take on this message (reply, escalation, the rules that decided), without sending or
/// recording anything. The reply throttle is not consulted.
#[utoipa::path(
    post,
    path = "/api/pages/{id}/simulate",
    tag = "admin",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The decision frontdesk would take", body = Simulated),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "No such page, or not one of the caller's"),
        (status = 422, description = "`at` is outside 2000..2199, or the stored configuration does not validate"),
    )
)]
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
    Ok(HttpResponse::Ok().json(Simulated { at, decision }))
}
