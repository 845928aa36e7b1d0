//! A page's API tokens: `POST /api/pages/{id}/tokens` (the secret is in this one response
//! only), `GET` lists them, `DELETE …/tokens/{token_id}` revokes one. The rules are
//! `tokens.rs`'s; the `PageAdminOf` extractor lets only the page's admins (and the owner)
//! in. The page need not exist, so that the tokens of a deleted page can still be revoked.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
use secrecy::ExposeSecret;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::AppState;
use super::error::ApiError;
use super::extract::{PageAdminOf, PagePath};
use crate::tokens::{self, TokenError, TokenRequest, TokenSummary};

/// A token just created.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    /// The secret, for `Authorization: Bearer …`; shown in this response only.
    token: String,
    record: TokenSummary,
}

/// The tokens that cover a page.
#[derive(Serialize, ToSchema)]
pub struct TokenList {
    tokens: Vec<TokenSummary>,
}

impl From<TokenError> for ApiError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::Invalid(error) => ApiError::Invalid(error),
            TokenError::NotFound => ApiError::NotFound("no such token".into()),
            TokenError::Forbidden(why) => ApiError::Forbidden(why.into()),
            TokenError::Store(error) => ApiError::Store(error),
        }
    }
}

/// Create an API token for the page's people
///
/// `POST /api/pages/{id}/tokens {"name", "role", "pages"?, "expires_at"? | "expires_in_days"?}`:
/// 201 with the token (shown only now, never cached) and its record. Admins create agent and
/// admin tokens for pages they administer; owner tokens are made on the command line.
#[utoipa::path(
    post,
    path = "/api/pages/{id}/tokens",
    operation_id = "create_token",
    tag = "tokens",
    params(PagePath),
    security(("bearer" = [])),
    request_body = TokenRequest,
    responses(
        (status = 201, description = "The token and its record (`Cache-Control: no-store`)", body = CreatedToken),
        (status = 403, description = "The caller is an agent, or asks for more than it may give (an owner token, pages it does not administer)"),
        (status = 404, description = "The page is not one of the caller's"),
        (status = 422, description = "A field is missing or invalid; `field` names it"),
    )
)]
pub async fn create(
    PageAdminOf { caller, id }: PageAdminOf,
    body: web::Json<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request = TokenRequest::from_json(body.into_inner())?;
    let created = tokens::create_for_page(
        &state.store,
        &caller.actor(),
        &id,
        request,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(CreatedToken {
            token: created.token.expose_secret().to_owned(),
            record: created.record,
        }))
}

/// The page's API tokens
///
/// `GET /api/pages/{id}/tokens`: the tokens that cover the page, without secrets.
#[utoipa::path(
    get,
    path = "/api/pages/{id}/tokens",
    operation_id = "list_tokens",
    tag = "tokens",
    params(PagePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tokens, without secrets", body = TokenList),
        (status = 403, description = "The caller is an agent of the page"),
        (status = 404, description = "The page is not one of the caller's"),
    )
)]
pub async fn list(
    PageAdminOf { caller, id }: PageAdminOf,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listed = tokens::list(&state.store, &caller.actor(), Some(&id), state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(TokenList { tokens: listed }))
}

/// Revoke a token of the page
///
/// `DELETE /api/pages/{id}/tokens/{token_id}`: 204; the token stops working at once.
#[utoipa::path(
    delete,
    path = "/api/pages/{id}/tokens/{token_id}",
    operation_id = "revoke_token",
    tag = "tokens",
    params(
        ("id" = String, Path, description = "The page's id"),
        ("token_id" = String, Path, description = "The token's id (as listed)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "An owner's token, or one that also covers pages the caller does not administer"),
        (status = 404, description = "No such token on the page, or the page is not one of the caller's"),
    )
)]
pub async fn revoke(
    PageAdminOf { caller, id }: PageAdminOf,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (_, token_id) = path.into_inner();
    tokens::revoke(
        &state.store,
        &caller.actor(),
        Some(&id),
        &token_id,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
