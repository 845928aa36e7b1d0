//! Platform webhooks. A delivery is verified on its raw body, parsed, recorded durably and
//! only then acknowledged; deciding and replying happen later in the worker, so the platform
//! never waits on our outbound calls.

use actix_web::{HttpRequest, HttpResponse, web};

use super::AppState;
use super::error::ApiError;
use crate::channels::{messenger, signature, x};
use crate::store::Store;

/// `GET /webhooks/messenger`: Meta's subscription handshake. The query is read raw, because
/// the parameter names contain dots (`hub.mode`).
pub async fn messenger_handshake(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|_| ApiError::BadRequest("the query string is malformed".into()))?;
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let token_matches = match (param("hub.verify_token"), &state.messenger_verify_token) {
        (Some(given), Some(expected)) => signature::secrets_equal(given, expected),
        _ => false,
    };
    if param("hub.mode") != Some("subscribe") || !token_matches {
        tracing::warn!("messenger handshake refused");
        return Err(ApiError::VerifyToken);
    }
    let challenge = param("hub.challenge").unwrap_or_default().to_owned();
    tracing::info!("messenger webhook subscription verified");
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(challenge))
}

/// `POST /webhooks/messenger`: a signed delivery of one or more events.
pub async fn messenger_event(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let header = req
        .headers()
        .get("x-hub-signature-256")
        .map(|v| v.as_bytes());
    let app = signature::verify_hex(&state.messenger_apps, header, &body).map_err(|e| {
        tracing::warn!(reason = %e, "messenger webhook rejected");
        ApiError::Signature(e)
    })?;
    let parsed = messenger::parse(&body, app, state.clock.now()).map_err(|e| {
        tracing::warn!(error = %e, "messenger webhook with a valid signature is not valid JSON");
        ApiError::MalformedJson(e)
    })?;
    state.store.record_events(&parsed.events).await?;
    tracing::debug!(
        recorded = parsed.events.len(),
        skipped = parsed.skipped,
        "messenger webhook accepted"
    );
    Ok(HttpResponse::Ok().finish())
}

/// `GET /webhooks/x?crc_token=...`: X's challenge-response check, answered with the consumer
/// secret's HMAC of the token.
pub async fn x_crc(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let query = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|_| ApiError::BadRequest("the query string is malformed".into()))?;
    let token = query
        .iter()
        .find(|(k, _)| k == "crc_token")
        .map(|(_, v)| v.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::BadRequest("crc_token is required".into()))?;
    let response_token = signature::crc_response(&state.x_apps, token).ok_or_else(|| {
        tracing::warn!("x crc check refused: no x app is configured");
        ApiError::Signature(signature::SignatureError::Mismatch)
    })?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "response_token": response_token })))
}

/// `POST /webhooks/x`: a signed Account Activity delivery.
pub async fn x_event(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let header = req
        .headers()
        .get("x-twitter-webhooks-signature")
        .map(|v| v.as_bytes());
    let app = signature::verify_base64(&state.x_apps, header, &body).map_err(|e| {
        tracing::warn!(reason = %e, "x webhook rejected");
        ApiError::Signature(e)
    })?;
    let parsed = x::parse(&body, app, state.clock.now()).map_err(|e| {
        tracing::warn!(error = %e, "x webhook with a valid signature is not valid JSON");
        ApiError::MalformedJson(e)
    })?;
    state.store.record_events(&parsed.events).await?;
    tracing::debug!(
        recorded = parsed.events.len(),
        skipped = parsed.skipped,
        "x webhook accepted"
    );
    Ok(HttpResponse::Ok().finish())
}
