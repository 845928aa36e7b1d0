//! The console's pages for running a page, for its admins: its figures as charts with a CSV
//! download (`stats`), crisis mode (`crisis`) and its API tokens (`tokens`), under
//! `/console/pages/{id}/…`, linked from the page list (`console::settings`). Every page is
//! behind the API's extractors (`PageAdmin`, `PageAdminOf`: another page's admin gets 404, an
//! agent 403) and calls the same use cases as the API (`crate::stats`, `crate::crisis`,
//! `crate::tokens`); the words are in `texts`, the charts are drawn by `charts`, the CSV
//! written by `csv`.

pub mod charts;
pub mod crisis;
pub mod csv;
pub mod stats;
pub mod texts;
pub mod tokens;

use actix_web::web;

pub use super::settings::page_href;

/// The routes, inside the console's scope (full paths, so that other areas may add their own
/// routes under `/pages/{id}` beside them).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/pages/{id}/stats", web::get().to(stats::page))
        .route("/pages/{id}/stats.csv", web::get().to(stats::csv))
        .route("/pages/{id}/crisis", web::get().to(crisis::page))
        .route("/pages/{id}/crisis/start", web::post().to(crisis::start))
        .route("/pages/{id}/crisis/end", web::post().to(crisis::end))
        .route(
            "/pages/{id}/crisis/resolution",
            web::post().to(crisis::resolution),
        )
        .route("/pages/{id}/tokens", web::get().to(tokens::page))
        .route("/pages/{id}/tokens", web::post().to(tokens::create))
        .route(
            "/pages/{id}/tokens/{token_id}/revoke",
            web::post().to(tokens::revoke),
        );
}

/// The tabs above each of these pages: which page, and which of its views is open.
pub struct Tabs {
    pub href: String,
    pub name: String,
    pub active: &'static str,
}

impl Tabs {
    pub fn new(id: &str, name: &str, active: &'static str) -> Self {
        Tabs {
            href: page_href(id),
            name: name.to_owned(),
            active,
        }
    }
}
