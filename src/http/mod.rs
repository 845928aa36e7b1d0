//! The HTTP surface: platform webhooks and the staff API. Handlers get everything from
//! `AppState`; authentication lives in the `auth::Caller` extractor.

pub mod admin;
pub mod auth;
pub mod error;
pub mod extract;
pub mod limits;
pub mod observe;
pub mod openapi;
pub mod privacy;
pub mod staff;
pub mod stats;
pub mod tokens;
pub mod webhooks;

use actix_web::{HttpResponse, web};
use secrecy::SecretString;

use crate::channels::signature::AppKeys;
use std::sync::Arc;

use crate::clock::Clock;
use crate::domain::locale::Locales;
use crate::metrics::Metrics;
use crate::pages::PageDirectory;
use crate::store::AnyStore;
use crate::store::{ConversationStore, StreamStore};

/// Largest body accepted, webhook or API; Meta batches can be large (protocols.md §A.2).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What handlers share.
pub struct AppState {
    pub store: AnyStore,
    pub clock: Clock,
    pub messenger_apps: Vec<AppKeys>,
    pub messenger_verify_token: Option<SecretString>,
    pub x_apps: Vec<AppKeys>,
    /// The Meta apps (Facebook Login) and Instagram apps (Instagram Login) whose secrets
    /// sign Instagram deliveries.
    pub instagram_apps: Vec<AppKeys>,
    pub instagram_verify_token: Option<SecretString>,
    pub staff: Vec<auth::StaffCredential>,
    pub metrics: Arc<Metrics>,
    pub pages: PageDirectory,
    pub locales: Arc<Locales>,
    pub x_accounts: crate::x_account::XAccounts,
    /// Cancelled when the process stops: long-lived responses (the console's live updates)
    /// end then, so they do not hold up the drain.
    pub shutdown: tokio_util::sync::CancellationToken,
    /// The key of the erasures' audit log (`privacy.audit_key`); erasure is refused without.
    pub audit_key: Option<crate::privacy::AuditKey>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .route("/health", web::get().to(health))
        .route("/ready", web::get().to(ready))
        .route("/metrics", web::get().to(metrics))
        .service(
            web::resource("/webhooks/messenger")
                .route(web::get().to(webhooks::messenger_handshake))
                .route(web::post().to(webhooks::messenger_event)),
        )
        .service(
            web::resource("/webhooks/instagram")
                .route(web::get().to(webhooks::instagram_handshake))
                .route(web::post().to(webhooks::instagram_event)),
        )
        .service(
            web::resource("/webhooks/x")
                .route(web::get().to(webhooks::x_crc))
                .route(web::post().to(webhooks::x_event)),
        )
        .app_data(
            web::QueryConfig::default()
                .error_handler(|error, _| error::ApiError::BadRequest(error.to_string()).into()),
        )
        .app_data(
            web::JsonConfig::default()
                .limit(MAX_BODY_BYTES)
                .error_handler(|error, _| {
                    use actix_web::error::JsonPayloadError;
                    match error {
                        JsonPayloadError::Overflow { .. }
                        | JsonPayloadError::OverflowKnownLength { .. } => {
                            error::ApiError::TooLarge(format!(
                                "the body is larger than {MAX_BODY_BYTES} bytes"
                            ))
                            .into()
                        }
                        error => error::ApiError::BadRequest(error.to_string()).into(),
                    }
                }),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|error, _| error::ApiError::BadRequest(error.to_string()).into()),
        )
        .route("/api/queue", web::get().to(staff::list_queue))
        .route("/api/openapi.json", web::get().to(openapi))
        .route("/api/stats", web::get().to(stats::stats))
        .route("/api/customers/erasures", web::get().to(privacy::erasures))
        .service(
            web::resource("/api/customers/{channel}/{customer}")
                .route(web::get().to(privacy::export))
                .route(web::delete().to(privacy::erase)),
        )
        .service(
            web::resource("/api/pages")
                .route(web::get().to(admin::list))
                .route(web::post().to(admin::create)),
        )
        .service(
            web::scope("/api/pages/{id}")
                .route("", web::get().to(admin::show))
                .route("", web::put().to(admin::replace))
                .route("", web::patch().to(admin::patch))
                .route("", web::delete().to(admin::delete))
                .route("/versions", web::get().to(admin::versions))
                .route("/versions/{n}", web::get().to(admin::show_version))
                .route("/versions/{n}/restore", web::post().to(admin::restore))
                .route("/override", web::put().to(admin::set_override))
                .route("/override", web::delete().to(admin::clear_override))
                .route("/simulate", web::post().to(admin::simulate))
                .route("/crisis", web::put().to(admin::start_crisis))
                .route("/crisis", web::delete().to(admin::end_crisis))
                .route(
                    "/crisis/resolution",
                    web::post().to(admin::crisis_resolution),
                )
                .route("/tokens", web::get().to(tokens::list))
                .route("/tokens", web::post().to(tokens::create))
                .route("/tokens/{token_id}", web::delete().to(tokens::revoke)),
        )
        .service(
            web::scope("/api/conversations/{channel}/{page}/{customer}")
                .route("", web::get().to(staff::show))
                .route("/claim", web::post().to(staff::claim))
                .route("/release", web::post().to(staff::release))
                .route("/assign", web::post().to(staff::assign))
                .route("/resolve", web::post().to(staff::resolve))
                .route("/reopen", web::post().to(staff::reopen))
                .route("/notes", web::post().to(staff::add_note))
                .route("/labels", web::post().to(staff::change_labels))
                .route("/reply", web::post().to(staff::reply))
                .route("/links", web::post().to(staff::link))
                .route("/unlink", web::post().to(staff::unlink)),
        );
}

/// This description
///
/// `GET /api/openapi.json`: the API's OpenAPI 3.1 description, generated from the code
/// (`openapi::document`; committed as `api/openapi.json`).
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "operations",
    responses((status = 200, description = "The OpenAPI document", body = Object))
)]
async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(openapi::document_json())
}

/// The routes whose request metrics start at zero: every operation the API's description
/// lists, the webhooks and `/health`, `/ready`, `/metrics` included (its path templates are
/// actix-web's route patterns). The console's routes are counted once they are used.
pub fn known_routes() -> Vec<(String, String)> {
    let mut routes = Vec::new();
    let described = openapi::document();
    if let Some(paths) = described["paths"].as_object() {
        for (route, operations) in paths {
            for method in operations.as_object().into_iter().flat_map(|o| o.keys()) {
                if matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
                ) {
                    routes.push((method.to_uppercase(), route.clone()));
                }
            }
        }
    }
    routes
}

/// Liveness
///
/// `GET /health`: the process is alive and serving HTTP. It asks nothing of the store, so
/// a store outage does not get a healthy process restarted (that is what `/ready` is for).
#[utoipa::path(
    get,
    path = "/health",
    tag = "operations",
    responses((status = 200, description = "`ok`", body = String, content_type = "text/plain"))
)]
async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

/// Readiness
///
/// `GET /ready`: whether this instance can do its work now: 200 when the store answers and
/// the process is not shutting down, else 503 (with `Retry-After`) naming the part that is
/// not ready: `{"ready": false, "checks": {"store": "…", "serving": "ok"}}`.
#[utoipa::path(
    get,
    path = "/ready",
    tag = "operations",
    responses(
        (status = 200, description = "Ready: `{\"ready\": true, \"checks\": {\"store\": \"ok\", \"serving\": \"ok\"}}`", body = Object),
        (status = 503, description = "Not ready; each check says `ok` or why not", body = Object,
            headers(("Retry-After" = u32, description = "Seconds to wait before asking again")))
    )
)]
async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let store = match state.store.backlog().await {
        Ok(_) => "ok".to_owned(),
        Err(error) => {
            tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "not ready: the store does not answer");
            format!("not ready: {}", crate::telemetry::ErrorChain(&error))
        }
    };
    let serving = if state.shutdown.is_cancelled() {
        "not ready: shutting down"
    } else {
        "ok"
    };
    let ready = store == "ok" && serving == "ok";
    let body = serde_json::json!({
        "ready": ready,
        "checks": { "store": store, "serving": serving },
    });
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header((actix_web::http::header::RETRY_AFTER, "5"))
            .json(body)
    }
}

/// Prometheus metrics
///
/// `GET /metrics`: Prometheus text format. No secrets; page ids appear as labels, so keep it
/// on an internal network.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses(
        (status = 200, description = "The metrics in Prometheus text format 0.0.4", body = String, content_type = "text/plain; version=0.0.4"),
        (status = 503, description = "The store is unavailable (`store_unavailable`)"),
    )
)]
async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, error::ApiError> {
    for page in state.pages.ids().await? {
        let depth = state.store.queue_depth(&page).await?;
        state
            .metrics
            .queue_depth
            .with_label_values(&[page.as_str()])
            .set(i64::try_from(depth).unwrap_or(i64::MAX));
    }
    let backlog = state.store.backlog().await?;
    state.metrics.set_backlog(&backlog, state.clock.now());
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render()))
}
