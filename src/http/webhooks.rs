//! Platform webhooks. A delivery is verified on its raw body, parsed, recorded durably and
//! only then acknowledged; deciding and replying happen later in the worker, so the platform
//! never waits on our outbound calls.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};

use super::AppState;
use super::error::ApiError;
use crate::channels::signature::{self, AppKeys, SignatureError};
use crate::channels::{Parsed, messenger, x};
use crate::domain::event::{Channel, Inbound};
use crate::store::Store;

/// `GET /webhooks/messenger`: Meta's subscription handshake.
pub async fn messenger_handshake(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    channel_on(&state.messenger_apps, Channel::Messenger)?;
    let query = raw_query(&req)?;
    let token_matches = match (
        param(&query, "hub.verify_token"),
        &state.messenger_verify_token,
    ) {
        (Some(given), Some(expected)) => signature::secrets_equal(given, expected),
        _ => false,
    };
    if param(&query, "hub.mode") != Some("subscribe") || !token_matches {
        tracing::warn!("messenger handshake refused");
        return Err(ApiError::VerifyToken);
    }
    let challenge = param(&query, "hub.challenge")
        .unwrap_or_default()
        .to_owned();
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
    let ingest = Ingest {
        channel: Channel::Messenger,
        header: "x-hub-signature-256",
        apps: &state.messenger_apps,
        verify: signature::verify_hex,
        parse: messenger::parse,
    };
    ingest.run(&req, &body, &state).await
}

/// `GET /webhooks/x?crc_token=...`: X's challenge-response check, answered with the consumer
/// secret's HMAC of the token.
///
/// The answer is the same HMAC that signs a delivery's body, so the endpoint would sign any
/// forged body offered as a token (protocols-2.md §X-A.2). Only tokens shaped like X's are
/// answered: see `crc_token_shaped`.
pub async fn x_crc(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    channel_on(&state.x_apps, Channel::X)?;
    let query = raw_query(&req)?;
    let token = param(&query, "crc_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::BadRequest("crc_token is required".into()))?;
    if !crc_token_shaped(token) {
        tracing::warn!(
            length = token.len(),
            "x crc check refused: the token is not shaped like X's"
        );
        return Err(ApiError::BadRequest(
            "crc_token must be at most 256 characters without whitespace or JSON punctuation"
                .into(),
        ));
    }
    let response_token = signature::crc_response(&state.x_apps, token).ok_or_else(|| {
        tracing::warn!("x crc check refused: no x app is configured");
        ApiError::Signature(SignatureError::Mismatch)
    })?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "response_token": response_token })))
}

/// `POST /webhooks/x`: a signed Account Activity delivery.
pub async fn x_event(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let ingest = Ingest {
        channel: Channel::X,
        header: "x-twitter-webhooks-signature",
        apps: &state.x_apps,
        verify: signature::verify_base64,
        parse: x::parse,
    };
    ingest.run(&req, &body, &state).await
}

/// Longest CRC token answered. X's tokens are short; a body worth forging is not.
const MAX_CRC_TOKEN_BYTES: usize = 256;

/// Whether a CRC token could be X's: short, and without whitespace, control characters or the
/// punctuation any JSON delivery needs (`{`, `}`, `[`, `]`, `"`, `:`, `,`), so no body that the
/// parsers would accept can be signed through the CRC.
fn crc_token_shaped(token: &str) -> bool {
    token.len() <= MAX_CRC_TOKEN_BYTES
        && !token.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '{' | '}' | '[' | ']' | '"' | ':' | ',')
        })
}

/// Checks a delivery's signature header against the apps' secrets; see `channels::signature`.
type Verify = for<'k> fn(&'k [AppKeys], Option<&[u8]>, &[u8]) -> Result<&'k str, SignatureError>;
/// Reads a verified delivery into events; see `channels::{messenger, x}::parse`.
type Parse = fn(&[u8], &str, DateTime<Utc>) -> Result<Parsed, serde_json::Error>;

/// How one channel's deliveries are checked and read.
struct Ingest<'a> {
    channel: Channel,
    /// The header carrying the signature.
    header: &'static str,
    apps: &'a [AppKeys],
    verify: Verify,
    parse: Parse,
}

impl Ingest<'_> {
    /// Verify, parse, record, and only then answer 200.
    async fn run(
        &self,
        req: &HttpRequest,
        body: &[u8],
        state: &AppState,
    ) -> Result<HttpResponse, ApiError> {
        let channel = self.channel;
        channel_on(self.apps, channel)?;
        let metrics = &state.metrics;
        metrics
            .webhooks_received
            .with_label_values(&[channel.as_str()])
            .inc();
        let rejected = |error: ApiError| {
            metrics
                .webhooks_rejected
                .with_label_values(&[channel.as_str(), error.code()])
                .inc();
            error
        };
        let header = req.headers().get(self.header).map(|v| v.as_bytes());
        let app = (self.verify)(self.apps, header, body).map_err(|e| {
            tracing::warn!(%channel, reason = %e, "webhook rejected");
            rejected(ApiError::Signature(e))
        })?;
        let received_at = state.clock.now();
        let mut parsed = (self.parse)(body, app, received_at).map_err(|e| {
            tracing::warn!(%channel, error = %e, "webhook with a valid signature is not valid JSON");
            rejected(ApiError::MalformedJson(e))
        })?;
        for event in &mut parsed.events {
            keep_sent_at_sane(event, received_at);
        }
        state.store.record_events(&parsed.events).await?;
        metrics
            .events_recorded
            .with_label_values(&[channel.as_str()])
            .inc_by(parsed.events.len() as u64);
        tracing::debug!(%channel, recorded = parsed.events.len(), skipped = parsed.skipped, "webhook accepted");
        Ok(HttpResponse::Ok().finish())
    }
}

/// Platforms existed from 2004 on (Facebook); no message is sent before that.
const EARLIEST_SENT_AT: DateTime<Utc> = match DateTime::from_timestamp(1_072_915_200, 0) {
    Some(t) => t,
    None => DateTime::<Utc>::UNIX_EPOCH,
};

/// How far ahead of our clock a platform's clock may be.
const LARGEST_CLOCK_AHEAD: TimeDelta = TimeDelta::days(1);

/// A signed delivery can still carry an absurd time (`"timestamp": 8210266833600000`), and
/// every date computed from it later (due times, reply windows) would overflow. Times before
/// 2004-01-01 or more than a day ahead of receipt are replaced by the receipt time, once, here,
/// for every channel.
pub fn keep_sent_at_sane(event: &mut Inbound, received_at: DateTime<Utc>) {
    let latest = received_at
        .checked_add_signed(LARGEST_CLOCK_AHEAD)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    if event.sent_at < EARLIEST_SENT_AT || event.sent_at > latest {
        tracing::warn!(
            channel = %event.channel,
            page = %event.page_id,
            message = %event.message_id,
            sent_at = %event.sent_at,
            "platform timestamp out of range; using the receipt time"
        );
        event.sent_at = received_at;
    }
}

/// A channel without a configured app (and so without a secret) is off: its webhook answers
/// 404, as if it did not exist.
fn channel_on(apps: &[AppKeys], channel: Channel) -> Result<(), ApiError> {
    if apps.is_empty() {
        return Err(ApiError::NotFound(format!(
            "the {channel} channel is not configured"
        )));
    }
    Ok(())
}

/// The query string as pairs, read raw: Meta's parameter names contain dots (`hub.mode`).
fn raw_query(req: &HttpRequest) -> Result<Vec<(String, String)>, ApiError> {
    web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|_| ApiError::BadRequest("the query string is malformed".into()))
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
