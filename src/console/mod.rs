//! The web console under `/console`: the staff's inbox and conversations, and the admins' page
//! settings (`settings`), served by the same binary as the API and built on the same use cases
//! (`queue`, `pages`) and authorization (the API's extractors, fed by the console's session).
//! Server-rendered HTML from compiled askama templates (`templates/console/`), htmx for partial
//! updates and Server-Sent Events for live ones; every static file is embedded in the binary,
//! nothing comes from a CDN.

pub mod conversation;
pub mod faq;
pub mod faq_learn;
pub mod faq_texts;
pub mod format;
pub mod i18n;
pub mod inbox;
pub mod live;
pub mod ops;
pub mod privacy;
pub mod reasons;
pub mod render;
pub mod session;
pub mod settings;
pub mod views;

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};

/// The console's static files, embedded: (name, content type, cache policy, bytes).
const STATIC_FILES: &[(&str, &str, &str, &[u8])] = &[
    (
        "htmx-2.0.8.min.js",
        "text/javascript; charset=utf-8",
        "public, max-age=31536000, immutable",
        include_bytes!("../../static/console/htmx-2.0.8.min.js"),
    ),
    (
        "htmx-ext-sse-2.2.3.js",
        "text/javascript; charset=utf-8",
        "public, max-age=31536000, immutable",
        include_bytes!("../../static/console/htmx-ext-sse-2.2.3.js"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/console.js"),
    ),
    (
        "console.css",
        "text/css; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/console.css"),
    ),
    (
        "faq.css",
        "text/css; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/faq.css"),
    ),
    (
        "faq.js",
        "text/javascript; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/faq.js"),
    ),
    (
        "admin.css",
        "text/css; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/admin.css"),
    ),
    (
        "admin.js",
        "text/javascript; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/admin.js"),
    ),
    (
        "ops.css",
        "text/css; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/ops.css"),
    ),
    (
        "ops.js",
        "text/javascript; charset=utf-8",
        "no-cache",
        include_bytes!("../../static/console/ops.js"),
    ),
    (
        "notify.wav",
        "audio/wav",
        "public, max-age=86400",
        include_bytes!("../../static/console/notify.wav"),
    ),
];

/// `GET /console/static/{name}`.
async fn static_file(name: web::Path<String>) -> HttpResponse {
    match STATIC_FILES
        .iter()
        .find(|(file, ..)| *file == name.as_str())
    {
        Some((_, content_type, cache, bytes)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, *cache))
            .body(*bytes),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("not found"),
    }
}

/// The console's routes, behind its session gate and its HTML responses.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/console")
            .wrap(from_fn(session::require_session))
            .wrap(from_fn(render::console_responses))
            .app_data(web::FormConfig::default().limit(64 * 1024))
            .route("", web::get().to(inbox::inbox))
            .route("/", web::get().to(inbox::inbox))
            .route("/login", web::get().to(session::sign_in_form))
            .route("/login", web::post().to(session::sign_in))
            .route("/logout", web::post().to(session::sign_out))
            .route("/lang/{code}", web::get().to(session::switch_language))
            .route("/static/{name}", web::get().to(static_file))
            .route("/events", web::get().to(live::events))
            .configure(faq::routes)
            .configure(settings::routes)
            .configure(ops::routes)
            .configure(privacy::routes)
            .service(
                web::scope("/c/{channel}/{page}/{customer}")
                    .route("", web::get().to(conversation::show))
                    .route("/claim", web::post().to(conversation::claim))
                    .route("/release", web::post().to(conversation::release))
                    .route("/assign", web::post().to(conversation::assign))
                    .route("/resolve", web::post().to(conversation::resolve))
                    .route("/reopen", web::post().to(conversation::reopen))
                    .route("/notes", web::post().to(conversation::add_note))
                    .route("/labels", web::post().to(conversation::change_labels))
                    .route("/reply", web::post().to(conversation::reply)),
            ),
    );
}
