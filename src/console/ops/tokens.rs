//! A page's API tokens in the console (`/console/pages/{id}/tokens`): the list (name, role,
//! created, expiry; never a secret), a form to create one (its secret shown in that one
//! response, never cached, with a hint to copy it now), and revoking (it stops working at
//! once, the sessions opened with it too). The rules are `crate::tokens`', as for the API;
//! `PageAdminOf` lets only the page's admins (and the owner) in.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::texts::{OpsTexts, texts};
use super::{Tabs, page_href};
use crate::access::Role;
use crate::console::format::When;
use crate::console::render::{Chrome, html_with_status, see_other};
use crate::console::session::Viewer;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PageAdminOf;
use crate::tokens::{self, TokenError, TokenRequest, TokenSummary};

/// One token in the list.
pub struct Row {
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub created: When,
    pub created_by: String,
    pub expires: Option<When>,
    pub expired: bool,
    pub other_pages: usize,
    pub revoke_href: String,
}

/// The create form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub expires_in_days: String,
}

#[derive(Template)]
#[template(path = "console/ops/tokens.html")]
pub struct TokensPage<'a> {
    chrome: Chrome<'a>,
    o: &'static OpsTexts,
    tabs: Tabs,
    rows: Vec<Row>,
    /// The token just created: its secret, shown this once, and its name.
    created: Option<(&'a SecretString, String)>,
    draft: &'a CreateForm,
    /// The field at fault (`""`: the form as a whole) and why.
    refusal: Option<(&'static str, &'static str)>,
    done: Option<&'static str>,
}

impl TokensPage<'_> {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.refusal.filter(|(f, _)| *f == field).map(|(_, m)| m)
    }

    fn secret(&self) -> Option<&str> {
        self.created
            .as_ref()
            .map(|(secret, _)| secret.expose_secret())
    }
}

fn role_word(role: Role, o: &'static OpsTexts) -> &'static str {
    match role {
        Role::Agent => o.agent,
        Role::Admin => o.admin,
        Role::Owner => o.role_owner,
    }
}

fn rows(
    listed: Vec<TokenSummary>,
    page_id: &str,
    o: &'static OpsTexts,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Vec<Row> {
    listed
        .into_iter()
        .map(|token| Row {
            revoke_href: format!(
                "{}/tokens/{}/revoke",
                page_href(page_id),
                percent_encoding::utf8_percent_encode(
                    &token.id,
                    percent_encoding::NON_ALPHANUMERIC
                )
            ),
            role: role_word(token.role, o),
            created: When::at(token.created_at, zone, now),
            created_by: token.created_by.unwrap_or_default(),
            expires: token.expires_at.map(|at| When::at(at, zone, now)),
            expired: token.expired,
            other_pages: token.other_pages,
            name: token.name,
            id: token.id,
        })
        .collect()
}

struct Shown<'a> {
    created: Option<(&'a SecretString, String)>,
    draft: &'a CreateForm,
    refusal: Option<(&'static str, &'static str)>,
    done: Option<&'static str>,
    status: StatusCode,
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    caller: &Caller,
    id: &str,
    shown: Shown<'_>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let now = state.clock.now();
    let listed = tokens::list(&state.store, &caller.actor(), Some(id), now).await?;
    // The page may be gone: its tokens can still be revoked.
    let page = state.pages.find(id).await?;
    let zone = page
        .as_ref()
        .and_then(|page| page.time_zone.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let name = page.map_or_else(|| id.to_owned(), |page| page.name);
    let page = TokensPage {
        chrome: Chrome::of(viewer, o.tokens),
        o,
        tabs: Tabs::new(id, &name, "tokens"),
        rows: rows(listed, id, o, zone, now),
        created: shown.created,
        draft: shown.draft,
        refusal: shown.refusal,
        done: shown.done,
    };
    // The console never lets pages be cached; this one says so itself, as it may hold a secret.
    let mut response = html_with_status(&page, shown.status);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

/// `GET /console/pages/{id}/tokens[?done=revoked]`.
pub async fn page(
    viewer: Viewer,
    PageAdminOf { caller, id }: PageAdminOf,
    query: web::Query<Done>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let done = (query.done == "revoked").then_some(o.revoked);
    let draft = CreateForm::default();
    let shown = Shown {
        created: None,
        draft: &draft,
        refusal: None,
        done,
        status: StatusCode::OK,
    };
    render(&state, &viewer, &caller, &id, shown).await
}

impl CreateForm {
    /// The request the form makes, or the field it cannot mean.
    fn request(&self) -> Result<TokenRequest, &'static str> {
        let role = match self.role.trim() {
            "agent" => Some(Role::Agent),
            "admin" => Some(Role::Admin),
            _ => None,
        };
        let days = self.expires_in_days.trim();
        let expires_in_days = if days.is_empty() {
            None
        } else {
            Some(days.parse::<i64>().map_err(|_| "expires_in_days")?)
        };
        Ok(TokenRequest {
            name: Some(self.name.clone()),
            role,
            pages: Vec::new(),
            expires_at: None,
            expires_in_days,
        })
    }
}

fn refusal_of(field: &str, o: &'static OpsTexts) -> (&'static str, &'static str) {
    match field {
        "name" => ("name", o.name_invalid),
        "role" => ("role", o.role_invalid),
        "expires_in_days" | "expires_at" => ("expires_in_days", o.expiry_invalid),
        _ => ("", o.name_invalid),
    }
}

/// `POST /console/pages/{id}/tokens` (`name`, `role`, `expires_in_days`): the page with the
/// new token's secret, this once.
pub async fn create(
    viewer: Viewer,
    PageAdminOf { caller, id }: PageAdminOf,
    form: web::Form<CreateForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let form = form.into_inner();
    let created = match form.request() {
        Ok(request) => {
            tokens::create_for_page(
                &state.store,
                &caller.actor(),
                &id,
                request,
                state.clock.now(),
            )
            .await
        }
        Err(field) => Err(TokenError::Invalid(crate::domain::page::ConfigError {
            field: field.to_owned(),
            message: String::new(),
        })),
    };
    match created {
        Ok(created) => {
            let blank = CreateForm::default();
            let shown = Shown {
                created: Some((&created.token, created.record.name.clone())),
                draft: &blank,
                refusal: None,
                done: None,
                status: StatusCode::OK,
            };
            render(&state, &viewer, &caller, &id, shown).await
        }
        Err(TokenError::Invalid(error)) => {
            let shown = Shown {
                created: None,
                draft: &form,
                refusal: Some(refusal_of(&error.field, o)),
                done: None,
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            render(&state, &viewer, &caller, &id, shown).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /console/pages/{id}/tokens/{token_id}/revoke`.
pub async fn revoke(
    viewer: Viewer,
    PageAdminOf { caller, id }: PageAdminOf,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let (_, token_id) = path.into_inner();
    match tokens::revoke(
        &state.store,
        &caller.actor(),
        Some(&id),
        &token_id,
        state.clock.now(),
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/tokens?done=revoked",
            page_href(&id)
        ))),
        Err(TokenError::Forbidden(_)) => {
            let draft = CreateForm::default();
            let shown = Shown {
                created: None,
                draft: &draft,
                refusal: Some(("", o.revoke_forbidden)),
                done: None,
                status: StatusCode::FORBIDDEN,
            };
            render(&state, &viewer, &caller, &id, shown).await
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_role_and_days() {
        let form = |role: &str, days: &str| CreateForm {
            name: "Klára".into(),
            role: role.into(),
            expires_in_days: days.into(),
        };
        let request = form("agent", " 30 ").request().unwrap();
        assert_eq!(request.role, Some(Role::Agent));
        assert_eq!(request.expires_in_days, Some(30));
        assert_eq!(form("admin", "").request().unwrap().expires_in_days, None);
        assert_eq!(
            form("owner", "").request().unwrap().role,
            None,
            "refused by the use case"
        );
        assert_eq!(
            form("agent", "soon").request().unwrap_err(),
            "expires_in_days"
        );
    }
}
