//! A customer's data on request (`/api/customers/{channel}/{customer}`): export everything
//! kept about them as JSON, or erase it, on every page the administrator may see. The
//! rules are `crate::privacy`'s; `CustomerAdmin` lets only administrators in.

use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};

use super::AppState;
use super::error::ApiError;
use super::extract::{Administrator, CustomerAdmin};
use crate::privacy;

/// A customer's data
///
/// `GET /api/customers/{channel}/{customer}`: everything kept about the customer.
#[utoipa::path(
    get,
    path = "/api/customers/{channel}/{customer}",
    operation_id = "export_customer",
    tag = "admin",
    params(
        ("channel" = String, Path, description = "`messenger`, `instagram` or `x`"),
        ("customer" = String, Path, description = "The customer's id on that channel"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Everything kept about the customer on the caller's pages: conversations, links, replies and events not yet handled, claims (`Cache-Control: no-store`)", body = Object),
        (status = 403, description = "The caller is an agent"),
    )
)]
pub async fn export(
    CustomerAdmin {
        customer, pages, ..
    }: CustomerAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let export = privacy::export(&state.store, &customer, &pages, state.clock.now()).await?;
    let mut response = HttpResponse::Ok().json(export);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Erase a customer
///
/// `DELETE /api/customers/{channel}/{customer}`: erases the customer; answers the audit
/// record (how much went, the customer only as a keyed hash).
#[utoipa::path(
    delete,
    path = "/api/customers/{channel}/{customer}",
    operation_id = "erase_customer",
    tag = "admin",
    params(
        ("channel" = String, Path, description = "`messenger`, `instagram` or `x`"),
        ("customer" = String, Path, description = "The customer's id on that channel"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The erasure's audit record: who, when, the channel, the customer as an HMAC, and how much was removed", body = Object),
        (status = 403, description = "The caller is an agent"),
        (status = 409, description = "No audit key (`privacy.audit_key` or `api.token`) is set, so nothing is erased"),
    )
)]
pub async fn erase(
    CustomerAdmin {
        caller,
        customer,
        pages,
    }: CustomerAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let record = privacy::erase(
        &state.store,
        Some(&state.metrics),
        state.audit_key.as_ref(),
        &customer,
        &pages,
        &caller.name,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(record))
}

/// Erasures
///
/// `GET /api/customers/erasures`: the audit log of erasures, newest first, for
/// administrators; the owner sees every record, an admin those they made.
#[utoipa::path(
    get,
    path = "/api/customers/erasures",
    operation_id = "list_erasures",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The erasures' audit records, newest first", body = Vec<Object>),
        (status = 403, description = "The caller is an agent"),
    )
)]
pub async fn erasures(
    Administrator { caller }: Administrator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let records: Vec<_> = privacy::erasures(&state.store)
        .await?
        .into_iter()
        .filter(|record| caller.pages().is_none() || record.by == caller.name)
        .collect();
    Ok(HttpResponse::Ok().json(records))
}
