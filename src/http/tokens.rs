//! A page's API tokens: `POST /api/pages/{id}/tokens` (the secret is in this one response
//! only), `GET` lists them, `DELETE …/tokens/{token_id}` revokes one. The rules are
//! `tokens.rs`'s; the `PageAdminOf` extractor lets only the page's admins (and the owner)
//! in. The page need not exist, so that the tokens of a deleted page can still be revoked.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::extract::PageAdminOf;
use crate::tokens::{self, TokenError, TokenRequest};

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

/// `POST /api/pages/{id}/tokens {"name", "role", "pages"?, "expires_at"? | "expires_in_days"?}`:
/// 201 with the token (shown only now, never cached) and its record.
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
        .json(json!({ "token": created.token.expose_secret(), "record": created.record })))
}

/// `GET /api/pages/{id}/tokens`: the tokens that cover the page, without secrets.
pub async fn list(
    PageAdminOf { caller, id }: PageAdminOf,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listed = tokens::list(&state.store, &caller.actor(), Some(&id), state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(json!({ "tokens": listed })))
}

/// `DELETE /api/pages/{id}/tokens/{token_id}`: 204; the token stops working at once.
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
