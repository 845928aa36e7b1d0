//! The admin console's page configuration under `/console/pages`: the pages the viewer
//! administers, each page's settings as forms with a live preview and a "try it" box, and its
//! versions (who changed what, the difference between two, restore).
//!
//! Handlers extract (`Administrator`, `PageAdmin`, `PageAdminOf`: agents 403, another page's
//! admin 404), call `pages` (`prepare` for previews, `update` and `restore` to save: validated
//! as a whole exactly as the API's `PUT`, nothing half-saved) and render. The form (`form`),
//! the preview (`preview`) and the versions (`versions`) are views; the words are in `texts`.

pub mod form;
pub mod preview;
pub mod texts;
pub mod versions;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use self::form::{Posted, SettingsForm};
use self::preview::{Preview, TryIt};
use self::texts::SettingsTexts;
use self::versions::{Comparison, VersionRow};
use super::render::{Chrome, html, html_with_status, is_htmx, see_other};
use super::session::Viewer;
use super::views::channel_label;
use crate::domain::page::PageFile;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{Administrator, PageAdmin, PageAdminOf};
use crate::pages::{ChangeError, PageDirectory, Prepared};

/// The routes, inside the console's scope (full paths, so other areas may add their own
/// `/pages/{id}/…` beside them).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/pages", web::get().to(list))
        .route("/pages/{id}", web::get().to(show))
        .route("/pages/{id}", web::post().to(save))
        .route("/pages/{id}/preview", web::post().to(preview))
        .route("/pages/{id}/holidays", web::post().to(holidays))
        .route("/pages/{id}/versions", web::get().to(versions))
        .route("/pages/{id}/versions/{n}/restore", web::post().to(restore));
}

/// `/console/pages/{id}`, the id escaped.
pub fn page_href(id: &str) -> String {
    format!(
        "/console/pages/{}",
        utf8_percent_encode(id, NON_ALPHANUMERIC)
    )
}

/// A page in the list.
pub struct PageRow {
    pub href: String,
    pub id: String,
    pub name: String,
    pub channel: &'static str,
}

#[derive(Template)]
#[template(path = "console/settings/pages.html")]
struct PagesList<'a> {
    chrome: Chrome<'a>,
    s: &'static SettingsTexts,
    /// The words of the links to each page's figures, crisis mode and tokens (`ops`).
    o: &'static super::ops::texts::OpsTexts,
    pages: Vec<PageRow>,
}

#[derive(Template)]
#[template(path = "console/settings/settings.html")]
struct SettingsPage<'a> {
    chrome: Chrome<'a>,
    s: &'static SettingsTexts,
    href: String,
    form: SettingsForm,
    saved: Option<u64>,
    preview: Result<Preview, String>,
    try_it: TryIt,
}

#[derive(Template)]
#[template(path = "console/settings/_form.html")]
struct FormPart<'a> {
    chrome: Chrome<'a>,
    s: &'static SettingsTexts,
    href: String,
    form: SettingsForm,
    saved: Option<u64>,
}

#[derive(Template)]
#[template(path = "console/settings/_preview.html")]
struct PreviewPart<'a> {
    chrome: Chrome<'a>,
    s: &'static SettingsTexts,
    preview: Result<Preview, String>,
}

#[derive(Template)]
#[template(path = "console/settings/_holidays.html")]
struct HolidaysPart {
    s: &'static SettingsTexts,
    href: String,
    form: SettingsForm,
}

#[derive(Template)]
#[template(path = "console/settings/versions.html")]
struct VersionsPage<'a> {
    chrome: Chrome<'a>,
    s: &'static SettingsTexts,
    href: String,
    name: String,
    rows: Vec<VersionRow>,
    comparison: Option<Comparison>,
    restored: Option<u64>,
}

/// `GET /console/pages`: the pages the viewer administers (every page for the owner).
pub async fn list(
    viewer: Viewer,
    Administrator { caller }: Administrator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let pages = state
        .pages
        .list()
        .await?
        .into_iter()
        .filter(|page| caller.may_see(&page.id))
        .map(|page| PageRow {
            href: page_href(&page.id),
            channel: channel_label(page.channel),
            id: page.id,
            name: page.name,
        })
        .collect();
    let s = texts::of(viewer.lang);
    Ok(html(&PagesList {
        chrome: Chrome::of(&viewer, s.pages_title),
        s,
        o: super::ops::texts::texts(viewer.lang),
        pages,
    }))
}

/// The preview of `current` changed by the form (when it validates), or why there is none.
fn preview_of(
    state: &AppState,
    viewer: &Viewer,
    current: &PageFile,
    form: &SettingsForm,
    parts: &[&str],
    try_it: &TryIt,
) -> Result<Result<Preview, String>, ApiError> {
    let now = state.clock.now();
    match PageDirectory::prepare(current, |document| form.next_document(parts, document)) {
        Ok(Prepared { file, page }) => Ok(Ok(Preview::of(
            &file,
            &page,
            &state.locales,
            try_it,
            now,
            viewer.lang,
        ))),
        Err(ChangeError::Invalid(error)) => Ok(Err(error.to_string())),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    saved: Option<u64>,
}

/// The whole settings page for `form` (over the stored `page`), with `status`.
fn settings_page(
    state: &AppState,
    viewer: &Viewer,
    page: &PageFile,
    form: SettingsForm,
    saved: Option<u64>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let try_it = TryIt::default();
    let preview = preview_of(state, viewer, page, &form, &[], &try_it)?;
    let title = format!("{} · {}", page.name, texts::of(viewer.lang).settings);
    Ok(html_with_status(
        &SettingsPage {
            chrome: Chrome::of(viewer, &title),
            s: texts::of(viewer.lang),
            href: page_href(&page.id),
            form,
            saved,
            preview,
            try_it,
        },
        status,
    ))
}

/// `GET /console/pages/{id}`: the settings, the preview and the "try it" box.
pub async fn show(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    query: web::Query<ShowQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let form = SettingsForm::of(&page, &state.locales, state.clock.now(), viewer.lang);
    settings_page(&state, &viewer, &page, form, query.saved, StatusCode::OK)
}

/// The posted form over the stored `page`, and the parts the post carries.
fn posted_form(
    state: &AppState,
    viewer: &Viewer,
    page: &PageFile,
    posted: &Posted,
) -> (SettingsForm, Vec<&'static str>) {
    let mut form = SettingsForm::of(page, &state.locales, state.clock.now(), viewer.lang);
    let parts = form.take(posted, page, &state.locales);
    (form, parts)
}

/// `POST /console/pages/{id}`: saves the parts the form carries as the page's next version,
/// or shows the error beside its field (422) and saves nothing.
pub async fn save(
    req: HttpRequest,
    viewer: Viewer,
    PageAdmin { caller, page }: PageAdmin,
    posted: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let posted = Posted::new(posted.into_inner());
    let (mut form, parts) = posted_form(&state, &viewer, &page, &posted);
    let updated = state
        .pages
        .update(
            &page,
            |document| form.next_document(&parts, document),
            &caller.name,
            state.clock.now(),
        )
        .await;
    let s = texts::of(viewer.lang);
    match updated {
        Ok(updated) => {
            let version = updated.saved.version;
            tracing::info!(page = %page.id, by = %caller.name, version, changed = updated.saved.changed.join(","), "page configuration changed in the console");
            if !is_htmx(&req) {
                return Ok(see_other(&format!(
                    "{}?saved={version}",
                    page_href(&page.id)
                )));
            }
            let form = SettingsForm::of(
                &updated.file,
                &state.locales,
                state.clock.now(),
                viewer.lang,
            );
            let mut response = html(&FormPart {
                chrome: Chrome::of(&viewer, s.settings),
                s,
                href: page_href(&page.id),
                form,
                saved: Some(version),
            });
            response.headers_mut().insert(
                HeaderName::from_static("hx-trigger"),
                HeaderValue::from_static("settings-saved"),
            );
            Ok(response)
        }
        Err(ChangeError::Invalid(error)) => {
            form.place_error(error);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            if !is_htmx(&req) {
                return settings_page(&state, &viewer, &page, form, None, status);
            }
            Ok(html_with_status(
                &FormPart {
                    chrome: Chrome::of(&viewer, s.settings),
                    s,
                    href: page_href(&page.id),
                    form,
                    saved: None,
                },
                status,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /console/pages/{id}/preview`: the preview of the values on the form (saved or
/// not) and the "try it" box's answer.
pub async fn preview(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    posted: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let posted = Posted::new(posted.into_inner());
    let (form, parts) = posted_form(&state, &viewer, &page, &posted);
    let preview = preview_of(&state, &viewer, &page, &form, &parts, &TryIt::of(&posted))?;
    let s = texts::of(viewer.lang);
    Ok(html(&PreviewPart {
        chrome: Chrome::of(&viewer, s.preview),
        s,
        preview,
    }))
}

/// `POST /console/pages/{id}/holidays`: the holidays part of the form for the posted country
/// and year, keeping what the form says.
pub async fn holidays(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    posted: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let posted = Posted::new(posted.into_inner());
    let (form, _) = posted_form(&state, &viewer, &page, &posted);
    let s = texts::of(viewer.lang);
    Ok(html(&HolidaysPart {
        s,
        href: page_href(&page.id),
        form,
    }))
}

#[derive(Deserialize)]
pub struct VersionsQuery {
    from: Option<u64>,
    to: Option<u64>,
    restored: Option<u64>,
}

/// `GET /console/pages/{id}/versions?from&to`: every change (who, when, which parts) and the
/// difference between two versions (by default the latest and the one before).
pub async fn versions(
    viewer: Viewer,
    PageAdminOf { id, .. }: PageAdminOf,
    query: web::Query<VersionsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listed = state.pages.versions(&id).await?;
    if listed.is_empty() {
        return Err(ApiError::NotFound("no such page".into()));
    }
    let pair = match (query.from, query.to) {
        (Some(from), Some(to)) => Some((from, to)),
        _ => versions::default_pair(&listed),
    };
    let name = listed
        .iter()
        .rev()
        .find_map(|v| v.page.as_ref().map(|p| p.name.clone()))
        .unwrap_or_else(|| id.clone());
    let s = texts::of(viewer.lang);
    let title = format!("{name} · {}", s.versions);
    Ok(html(&VersionsPage {
        chrome: Chrome::of(&viewer, &title),
        s,
        href: page_href(&id),
        rows: versions::rows(&listed, versions::zone_of(&listed), state.clock.now()),
        comparison: pair.and_then(|(from, to)| versions::compare(&listed, from, to)),
        name,
        restored: query.restored,
    }))
}

/// `POST /console/pages/{id}/versions/{n}/restore`: version `n` becomes the current
/// configuration, as a new version; back to the versions.
pub async fn restore(
    PageAdminOf { caller, id }: PageAdminOf,
    path: web::Path<(String, u64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, number) = path.into_inner();
    let restored = state
        .pages
        .restore(&id, number, &caller.name, state.clock.now())
        .await?;
    let version = restored.saved.version;
    tracing::info!(page = %id, by = %caller.name, restored = number, version, "page configuration restored in the console");
    Ok(see_other(&format!(
        "{}/versions?restored={version}",
        page_href(&id)
    )))
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use secrecy::ExposeSecret;

    use super::*;
    use crate::console::i18n::Lang;
    use crate::domain::locale::Locales;
    use crate::domain::page::ConfigError;

    const EXAMPLE: &str = include_str!("../../../responses/pages/example.toml");

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z")
            .expect("an instant")
            .to_utc()
    }

    fn example() -> PageFile {
        PageFile::from_toml(EXAMPLE).expect("the example parses")
    }

    fn form(lang: Lang) -> SettingsForm {
        let locales = Locales::bundled().expect("locales");
        SettingsForm::of(&example(), &locales, now(), lang)
    }

    fn render_form(form: SettingsForm, saved: Option<u64>) -> String {
        let lang = form.lang;
        FormPart {
            chrome: Chrome::anonymous(lang, "settings"),
            s: texts::of(lang),
            href: page_href("104857600123456"),
            form,
            saved,
        }
        .render()
        .expect("renders")
    }

    fn render_preview(preview: Result<Preview, String>) -> String {
        PreviewPart {
            chrome: Chrome::anonymous(Lang::En, "preview"),
            s: texts::of(Lang::En),
            preview,
        }
        .render()
        .expect("renders")
    }

    #[test]
    fn the_form_renders_the_stored_page_and_never_its_token() {
        let html = render_form(form(Lang::En), Some(4));

        assert!(html.contains("Saved as version 4."));
        assert!(
            html.contains("<input id=\"hours-fri-1-from\" name=\"hours_fri_from\" value=\"13:00\"")
        );
        assert!(html.contains("<option selected>Europe/Prague</option>"));
        assert!(html.contains("value=\"Silvestr\""));
        assert!(html.contains("name=\"holiday_on\" value=\"christmas_eve\" checked"));
        assert!(!html.contains("aria-invalid"), "no error, nothing marked");
        assert!(!html.contains(example().access_token.expose_secret()));
        let czech = render_form(form(Lang::Cs), None);
        assert!(czech.contains(">Uložit</button>"));
        assert!(czech.contains("Pátek"));
    }

    #[test]
    fn an_error_is_rendered_beside_its_control_and_summarised_with_a_link() {
        let mut form = form(Lang::En);
        form.place_error(ConfigError {
            field: "special_days[1].to".into(),
            message: "is before from".into(),
        });
        let html = render_form(form, None);

        assert!(
            html.contains("Not saved: see the marked field. <a href=\"#sd-1\">is before from</a>")
        );
        let row = html
            .split("<li class=\"dated-row\" id=\"sd-1\">")
            .nth(1)
            .and_then(|rest| rest.split("</li>").next())
            .expect("the row");
        assert!(row.contains(
            "name=\"sd_to\" value=\"2027-01-02\" aria-invalid=\"true\" aria-describedby=\"sd-1-error\""
        ));
        assert!(row.contains(
            "<p class=\"field-error\" id=\"sd-1-error\" role=\"alert\">is before from</p>"
        ));
        assert_eq!(html.matches("aria-invalid").count(), 1);

        let mut elsewhere = super::tests::form(Lang::En);
        elsewhere.place_error(ConfigError {
            field: "faq.entries[0].id".into(),
            message: "must be present and unique".into(),
        });
        let html = render_form(elsewhere, None);
        assert!(
            html.contains("Not saved: <code>faq.entries[0].id</code>: must be present and unique")
        );
    }

    #[test]
    fn the_preview_renders_its_week_its_trial_and_why_there_is_none() {
        let file = example();
        let page = file.validate().expect("valid");
        let locales = Locales::bundled().expect("locales");
        let try_it = TryIt {
            text: "<script>alert(1)</script>".into(),
            ..TryIt::default()
        };
        let html = render_preview(Ok(Preview::of(
            &file,
            &page,
            &locales,
            &try_it,
            now(),
            Lang::En,
        )));
        assert!(html.contains("<strong>Open now</strong>"));
        assert!(html.contains("<rect class=\"open\" x=\"37.50\" y=\"0\" width=\"33.33\""));
        assert!(
            html.contains("id=\"trial-summary\"><strong>Automatic reply: acknowledgement</strong>")
        );
        assert!(!html.contains("<script>"));

        let empty = render_preview(Ok(Preview::of(
            &file,
            &page,
            &locales,
            &TryIt::default(),
            now(),
            Lang::En,
        )));
        assert!(empty.contains("id=\"trial-empty\">Write a message"));
        let invalid = render_preview(Err("hours.mon[0]: \"9\" is not a time".into()));
        assert!(invalid.contains("id=\"preview-invalid\""));
        assert!(invalid.contains("hours.mon[0]: &#34;9&#34; is not a time"));
    }

    #[test]
    fn versions_render_newest_first_with_a_secret_change_never_shown() {
        let before = example();
        let mut after = before.clone();
        after.access_token = secrecy::SecretString::from("EAAGsecondToken".to_owned());
        after.hours.tue = vec!["10:00-18:00".into()];
        let version = |number: u64, page: &PageFile| crate::store::PageVersion {
            version: number,
            by: "Eva".into(),
            at: now(),
            changed: vec!["access_token".into(), "hours".into()],
            page: Some(page.clone()),
        };
        let listed = vec![version(1, &before), version(2, &after)];
        let html = VersionsPage {
            chrome: Chrome::anonymous(Lang::En, "versions"),
            s: texts::of(Lang::En),
            href: page_href(&before.id),
            name: before.name.clone(),
            rows: versions::rows(&listed, versions::zone_of(&listed), now()),
            comparison: versions::compare(&listed, 1, 2),
            restored: None,
        }
        .render()
        .expect("renders");

        assert!(html.find("id=\"version-2\"") < html.find("id=\"version-1\""));
        assert!(html.contains("id=\"restore-1\""));
        assert!(
            !html.contains("id=\"restore-2\""),
            "the current one is not restored"
        );
        assert!(html.contains("<code>hours.tue[0]</code>"));
        assert!(html.contains(
            "<code>access_token_changed</code></td>\n    <td colspan=\"2\">changed (never shown)"
        ));
        assert!(!html.contains("EAAG"));
    }
}
