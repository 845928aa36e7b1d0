//! The staff API: the human queue of a page. Every route requires the bearer token from the
//! settings, checked by the `StaffToken` extractor before the handler runs.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use crate::channels::signature::secrets_equal;
use crate::domain::event::{Channel, ConversationKey};
use crate::store::Store;

/// Proof that the request carried the staff bearer token.
pub struct StaffToken;

impl FromRequest for StaffToken {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let expected = req
            .app_data::<web::Data<AppState>>()
            .and_then(|state| state.api_token.as_ref());
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        ready(match (given, expected) {
            (Some(given), Some(expected)) if secrets_equal(given, expected) => Ok(StaffToken),
            _ => Err(ApiError::Unauthorized),
        })
    }
}

#[derive(Deserialize)]
pub struct QueueQuery {
    page: String,
}

#[derive(Deserialize)]
pub struct ConversationQuery {
    channel: Channel,
    page: String,
    customer: String,
}

/// `GET /api/conversation?channel=messenger&page=ID&customer=ID`: one conversation, whether
/// or not it waits for a person (an FAQ answer keeps it out of the queue).
pub async fn show_conversation(
    _: StaffToken,
    query: web::Query<ConversationQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let key = ConversationKey {
        channel: query.channel,
        page_id: query.page,
        customer_id: query.customer,
    };
    match state.store.conversation(&key).await? {
        Some(conversation) => Ok(HttpResponse::Ok().json(conversation)),
        None => Err(ApiError::NotFound("no such conversation".into())),
    }
}

/// `GET /api/queue?page=ID`: the page's conversations waiting for a person, oldest first.
pub async fn list_queue(
    _: StaffToken,
    query: web::Query<QueueQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let conversations = state.store.queue(&query.page).await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "page": query.page, "conversations": conversations })))
}
