//! The console's pages for running a page, for its admins: its figures as charts with a CSV
//! download (`stats`), crisis mode (`crisis`) and its API tokens (`tokens`), under
//! `/console/pages/{id}/…`, and the list of the pages the viewer administers
//! (`/console/pages`). Every page is behind the API's extractors (`PageAdmin`, `PageAdminOf`:
//! another page's admin gets 404, an agent 403) and calls the same use cases as the API
//! (`crate::stats`, `crate::crisis`, `crate::tokens`); the words are in `texts`, the charts
//! are drawn by `charts`, the CSV written by `csv`.

pub mod charts;
pub mod crisis;
pub mod csv;
pub mod stats;
pub mod texts;
pub mod tokens;

use actix_web::{HttpResponse, web};
use askama::Template;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use self::texts::{OpsTexts, texts};
use super::render::{Chrome, html};
use super::session::Viewer;
use super::views::channel_label;
use crate::access::Role;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;

/// The routes, inside the console's scope (full paths, so that other areas may add their own
/// routes under `/pages/{id}` beside them).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/pages", web::get().to(pages))
        .route("/pages/{id}/stats", web::get().to(stats::page))
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

/// `/console/pages/{id}` with the id escaped (an owner may name any id).
pub fn page_href(id: &str) -> String {
    format!(
        "/console/pages/{}",
        utf8_percent_encode(id, NON_ALPHANUMERIC)
    )
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

/// One page in the list.
pub struct Listed {
    pub href: String,
    pub name: String,
    pub id: String,
    pub channel: &'static str,
}

#[derive(Template)]
#[template(path = "console/ops/pages.html")]
struct PagesList<'a> {
    chrome: Chrome<'a>,
    o: &'static OpsTexts,
    pages: Vec<Listed>,
}

/// `GET /console/pages`: the pages the viewer administers (an agent: 403).
async fn pages(
    viewer: Viewer,
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if caller.role < Role::Admin {
        return Err(ApiError::Forbidden(
            "the pages' administration needs the admin role".into(),
        ));
    }
    let pages = state
        .pages
        .list()
        .await?
        .into_iter()
        .filter(|page| caller.may_see(&page.id))
        .map(|page| Listed {
            href: page_href(&page.id),
            channel: channel_label(page.channel),
            name: page.name,
            id: page.id,
        })
        .collect();
    let o = texts(viewer.lang);
    Ok(html(&PagesList {
        chrome: Chrome::of(&viewer, o.pages),
        o,
        pages,
    }))
}
