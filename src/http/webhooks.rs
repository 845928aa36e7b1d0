//! Platform webhooks. A delivery is verified on its raw body, parsed, recorded durably and
//! only then acknowledged; deciding and replying happen later in the worker, so the platform
//! never waits on our outbound calls.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};

use super::AppState;
use super::error::ApiError;
use super::observe::RequestId;
use crate::channels::signature::{self, AppKeys, SignatureError};
use crate::channels::{Parsed, instagram, messenger, x};
use crate::domain::event::{Channel, Inbound, InboundKind, Trace};
use crate::store::{ConversationStore, StreamStore};

/// Messenger: Meta's subscription handshake
///
/// `GET /webhooks/messenger`: Meta's subscription handshake.
#[utoipa::path(
    get,
    path = "/webhooks/messenger",
    tag = "webhooks",
    params(
        ("hub.mode" = String, Query, description = "`subscribe`"),
        ("hub.verify_token" = String, Query, description = "The verify token configured for the channel"),
        ("hub.challenge" = String, Query, description = "Echoed back when the token matches"),
    ),
    responses(
        (status = 200, description = "The challenge", body = String, content_type = "text/plain"),
        (status = 400, description = "The query string is malformed"),
        (status = 403, description = "Not `subscribe`, or the verify token does not match (`verify_token_mismatch`)"),
        (status = 404, description = "The channel is not configured"),
    )
)]
pub async fn messenger_handshake(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    channel_on(&state.messenger_apps, Channel::Messenger)?;
    meta_handshake(
        &req,
        state.messenger_verify_token.as_ref(),
        Channel::Messenger,
    )
}

/// Instagram: Meta's subscription handshake
///
/// `GET /webhooks/instagram`: the same handshake with the Instagram webhook's verify token.
#[utoipa::path(
    get,
    path = "/webhooks/instagram",
    tag = "webhooks",
    params(
        ("hub.mode" = String, Query, description = "`subscribe`"),
        ("hub.verify_token" = String, Query, description = "The verify token configured for the channel"),
        ("hub.challenge" = String, Query, description = "Echoed back when the token matches"),
    ),
    responses(
        (status = 200, description = "The challenge", body = String, content_type = "text/plain"),
        (status = 400, description = "The query string is malformed"),
        (status = 403, description = "Not `subscribe`, or the verify token does not match (`verify_token_mismatch`)"),
        (status = 404, description = "The channel is not configured"),
    )
)]
pub async fn instagram_handshake(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    channel_on(&state.instagram_apps, Channel::Instagram)?;
    meta_handshake(
        &req,
        state.instagram_verify_token.as_ref(),
        Channel::Instagram,
    )
}

/// Meta's `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`, answered with the
/// challenge when the token matches.
fn meta_handshake(
    req: &HttpRequest,
    expected: Option<&secrecy::SecretString>,
    channel: Channel,
) -> Result<HttpResponse, ApiError> {
    let query = raw_query(req)?;
    let token_matches = match (param(&query, "hub.verify_token"), expected) {
        (Some(given), Some(expected)) => signature::secrets_equal(given, expected),
        _ => false,
    };
    if param(&query, "hub.mode") != Some("subscribe") || !token_matches {
        tracing::warn!(%channel, "webhook handshake refused");
        return Err(ApiError::VerifyToken);
    }
    let challenge = param(&query, "hub.challenge")
        .unwrap_or_default()
        .to_owned();
    tracing::info!(%channel, "webhook subscription verified");
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(challenge))
}

/// Messenger: a signed delivery of events
///
/// `POST /webhooks/messenger`: a signed delivery of one or more events.
#[utoipa::path(
    post,
    path = "/webhooks/messenger",
    tag = "webhooks",
    params(
        ("X-Hub-Signature-256" = String, Header, description = "`sha256=<hex>`: the HMAC-SHA256 of the raw body with the Meta app secret"),
    ),
    request_body(content = Object, description = "Meta's webhook payload (`object: page` or `instagram`)"),
    responses(
        (status = 200, description = "Every event of the delivery is recorded"),
        (status = 400, description = "Signed, but not a delivery the channel sends (`malformed_json`)"),
        (status = 401, description = "The signature is missing (`signature_missing`) or does not match any app's secret (`signature_invalid`)"),
        (status = 404, description = "The channel is not configured"),
    )
)]
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

/// Instagram: a signed delivery of events
///
/// `POST /webhooks/instagram`: a signed delivery of Instagram DMs, echoes and comments,
/// verified with the Meta app secrets (Facebook Login) and the Instagram app secrets
/// (Instagram Login). The Messenger endpoint also accepts `object: "instagram"`, for apps
/// that point both products at one URL.
#[utoipa::path(
    post,
    path = "/webhooks/instagram",
    tag = "webhooks",
    params(
        ("X-Hub-Signature-256" = String, Header, description = "`sha256=<hex>`: the HMAC-SHA256 of the raw body with the Meta or Instagram app secret"),
    ),
    request_body(content = Object, description = "Meta's webhook payload (`object: instagram`)"),
    responses(
        (status = 200, description = "Every event of the delivery is recorded"),
        (status = 400, description = "Signed, but not a delivery the channel sends (`malformed_json`)"),
        (status = 401, description = "The signature is missing (`signature_missing`) or does not match any app's secret (`signature_invalid`)"),
        (status = 404, description = "The channel is not configured"),
    )
)]
pub async fn instagram_event(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let ingest = Ingest {
        channel: Channel::Instagram,
        header: "x-hub-signature-256",
        apps: &state.instagram_apps,
        verify: signature::verify_hex,
        parse: instagram::parse,
    };
    ingest.run(&req, &body, &state).await
}

/// The answer to X's challenge-response check.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CrcResponse {
    /// `sha256=<base64>`: the consumer secret's HMAC of the token.
    response_token: String,
}

/// X: the challenge-response check
///
/// `GET /webhooks/x?crc_token=...`: X's challenge-response check, answered with the consumer
/// secret's HMAC of the token.
///
/// The answer is the same HMAC that signs a delivery's body, so the endpoint would sign any
/// forged body offered as a token (protocols-2.md §X-A.2). Only tokens shaped like X's are
/// answered: see `x::plausible_crc_token`.
#[utoipa::path(
    get,
    path = "/webhooks/x",
    tag = "webhooks",
    params(("crc_token" = String, Query, description = "X's token: at most 256 characters, no whitespace or JSON punctuation")),
    responses(
        (status = 200, description = "The token's HMAC", body = CrcResponse),
        (status = 400, description = "`crc_token` is missing or not shaped like X's"),
        (status = 401, description = "No X app can answer (`signature_invalid`)"),
        (status = 404, description = "The channel is not configured"),
    )
)]
pub async fn x_crc(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    channel_on(&state.x_apps, Channel::X)?;
    let query = raw_query(&req)?;
    let token = param(&query, "crc_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::BadRequest("crc_token is required".into()))?;
    if !x::plausible_crc_token(token) {
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
    Ok(HttpResponse::Ok().json(CrcResponse { response_token }))
}

/// X: a signed delivery of events
///
/// `POST /webhooks/x`: a signed X Activity API or Account Activity delivery. Before it is
/// recorded, `dm.sent` echoes are attributed (ours or a person's) and `oauth.revoke`
/// disconnects the account (see `x_account`).
#[utoipa::path(
    post,
    path = "/webhooks/x",
    tag = "webhooks",
    params(
        ("X-Twitter-Webhooks-Signature" = String, Header, description = "`sha256=<base64>`: the HMAC-SHA256 of the raw body with the consumer secret"),
    ),
    request_body(content = Object, description = "An X Activity API or Account Activity delivery"),
    responses(
        (status = 200, description = "Every event of the delivery is recorded"),
        (status = 400, description = "Signed, but not a delivery the channel sends (`malformed_json`)"),
        (status = 401, description = "The signature is missing (`signature_missing`) or does not match any app's secret (`signature_invalid`)"),
        (status = 404, description = "The channel is not configured"),
    )
)]
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
    let app = ingest.authenticate(&req, &body, &state)?;
    let received_at = state.clock.now();
    let mut delivery =
        x::parse_delivery(&body, app, received_at).map_err(|e| ingest.malformed(e, &state))?;
    stamp(&mut delivery.parsed, &req, received_at);
    state.x_accounts.before_recording(&mut delivery).await?;
    ingest.record(&delivery.parsed, &state).await
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

impl<'a> Ingest<'a> {
    /// Verify, parse, record, and only then answer 200.
    async fn run(
        &self,
        req: &HttpRequest,
        body: &[u8],
        state: &AppState,
    ) -> Result<HttpResponse, ApiError> {
        let app = self.authenticate(req, body, state)?;
        let received_at = state.clock.now();
        let mut parsed =
            (self.parse)(body, app, received_at).map_err(|e| self.malformed(e, state))?;
        stamp(&mut parsed, req, received_at);
        attribute_instagram_echoes(&state.store, &mut parsed.events).await?;
        self.record(&parsed, state).await
    }

    /// Counts the delivery and checks its signature; the app that signed it.
    fn authenticate(
        &self,
        req: &HttpRequest,
        body: &[u8],
        state: &AppState,
    ) -> Result<&'a str, ApiError> {
        let channel = self.channel;
        channel_on(self.apps, channel)?;
        state
            .metrics
            .webhooks_received
            .with_label_values(&[channel.as_str()])
            .inc();
        let header = req.headers().get(self.header).map(|v| v.as_bytes());
        (self.verify)(self.apps, header, body).map_err(|e| {
            tracing::warn!(%channel, reason = %e, "webhook rejected");
            self.rejected(ApiError::Signature(e), state)
        })
    }

    /// A signed body that is not what the channel sends.
    fn malformed(&self, error: serde_json::Error, state: &AppState) -> ApiError {
        tracing::warn!(channel = %self.channel, error = %error, "webhook with a valid signature is not valid JSON");
        self.rejected(ApiError::MalformedJson(error), state)
    }

    fn rejected(&self, error: ApiError, state: &AppState) -> ApiError {
        state
            .metrics
            .webhooks_rejected
            .with_label_values(&[self.channel.as_str(), error.code()])
            .inc();
        error
    }

    /// Records the events; only then the platform gets its 200.
    async fn record(&self, parsed: &Parsed, state: &AppState) -> Result<HttpResponse, ApiError> {
        let channel = self.channel;
        state.store.record_events(&parsed.events).await?;
        state
            .metrics
            .events_recorded
            .with_label_values(&[channel.as_str()])
            .inc_by(parsed.events.len() as u64);
        tracing::debug!(%channel, recorded = parsed.events.len(), skipped = parsed.skipped, "webhook accepted");
        Ok(HttpResponse::Ok().finish())
    }
}

/// Instagram echoes carry no app id: one of ours gets the app that signed the delivery, one
/// a person sent from the Instagram app keeps none (see `instagram::sent_by_us`), so the
/// worker can tell them apart like Messenger echoes.
async fn attribute_instagram_echoes(
    store: &crate::store::AnyStore,
    events: &mut [Inbound],
) -> Result<(), ApiError> {
    for event in events.iter_mut().filter(|e| {
        e.channel == Channel::Instagram && matches!(e.kind, InboundKind::Echo { app_id: None })
    }) {
        let ours = store
            .conversation(&event.conversation())
            .await?
            .is_some_and(|c| instagram::sent_by_us(&c, &event.message_id));
        if ours {
            event.kind = InboundKind::Echo {
                app_id: event.verified_by_app.clone(),
            };
        }
    }
    Ok(())
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

/// Every event of a delivery gets a sane time, the request's id and its receipt time (for
/// the worker's and the sender's logs, and the webhook-to-reply latency).
fn stamp(parsed: &mut Parsed, req: &HttpRequest, received_at: DateTime<Utc>) {
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.as_str().to_owned());
    for event in &mut parsed.events {
        keep_sent_at_sane(event, received_at);
        event.trace = Trace {
            request_id: request_id.clone(),
            received_at: Some(received_at),
        };
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
