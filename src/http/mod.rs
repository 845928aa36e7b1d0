//! The HTTP surface: platform webhooks and the staff API. Handlers get everything from
//! `AppState`; authentication lives in extractors (`staff::StaffToken`).

pub mod error;
pub mod staff;
pub mod webhooks;

use actix_web::{HttpResponse, web};
use secrecy::SecretString;

use crate::channels::signature::AppKeys;
use crate::clock::Clock;
use crate::pages::PageDirectory;
use crate::store::AnyStore;

/// Largest webhook body accepted; Meta batches can be large (protocols.md §A.2).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What handlers share.
pub struct AppState {
    pub store: AnyStore,
    pub clock: Clock,
    pub messenger_apps: Vec<AppKeys>,
    pub messenger_verify_token: Option<SecretString>,
    pub x_apps: Vec<AppKeys>,
    pub staff: Vec<staff::StaffCredential>,
    pub pages: PageDirectory,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .route("/health", web::get().to(health))
        .service(
            web::resource("/webhooks/messenger")
                .route(web::get().to(webhooks::messenger_handshake))
                .route(web::post().to(webhooks::messenger_event)),
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
                .error_handler(|error, _| error::ApiError::BadRequest(error.to_string()).into()),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|error, _| error::ApiError::BadRequest(error.to_string()).into()),
        )
        .route("/api/queue", web::get().to(staff::list_queue))
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
                .route("/reply", web::post().to(staff::reply)),
        );
}

async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}
