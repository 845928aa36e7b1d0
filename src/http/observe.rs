//! Every HTTP request observed, in one middleware: its id, its span, its access-log line and
//! its metrics.
//!
//! - **Request id.** A sane `X-Request-Id` from the client (or a proxy in front) is kept,
//!   anything else is replaced by a fresh one; the response carries it back in
//!   `X-Request-Id`. Handlers read it as a `RequestId` from the request's extensions (the
//!   webhooks store it with the events they record, so the worker's and the sender's log
//!   lines for those events carry it too).
//! - **Span.** The request runs inside a `request` span with the id, so every log line a
//!   handler writes names its request.
//! - **Access log.** One line per request (target `frontdesk::access`): method, the matched
//!   route pattern (`/api/pages/{id}`, never the raw path, which may hold ids), status and
//!   latency in milliseconds. A path no route matches is logged as `unmatched`.
//! - **Metrics.** `Metrics::observe_request` by method, route pattern and status class.
//!
//! Latency is measured with `Instant` (a duration, not the time of day). For a streamed
//! response (the console's live updates) it is the time to the response's head.

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use super::AppState;

/// The header a request id arrives and leaves in.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest request id accepted from outside.
const MAX_REQUEST_ID_LEN: usize = 128;

/// The route label of a request no route matched.
pub const UNMATCHED: &str = "unmatched";

/// The id of the request being served (in the request's extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    /// The client's id when it is sane (1 to 128 characters of `A-Z a-z 0-9 - _ . : /`),
    /// else a new one.
    pub fn from_header(value: Option<&HeaderValue>) -> Self {
        value
            .and_then(|v| v.to_str().ok())
            .filter(|v| is_sane(v))
            .map_or_else(Self::generate, |v| RequestId(v.to_owned()))
    }

    pub fn generate() -> Self {
        RequestId(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_sane(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/'))
}

/// The middleware (`actix_web::middleware::from_fn`); wrap it outermost.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = RequestId::from_header(req.headers().get(REQUEST_ID_HEADER));
    req.extensions_mut().insert(id.clone());
    let method = req.method().clone();
    // The pattern comes from the app's resource map, not from routing, so it is known now.
    let route = req.match_pattern().unwrap_or_else(|| UNMATCHED.to_owned());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let span = tracing::info_span!("request", request_id = id.as_str());
    let result = next.call(req).instrument(span.clone()).await;
    let status = match &result {
        Ok(response) => response.status(),
        // An error no handler turned into a response (a middleware's): actix-web answers it.
        Err(error) => error.as_response_error().status_code(),
    }
    .as_u16();
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state
            .metrics
            .observe_request(method.as_str(), &route, status, elapsed);
    }
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        tracing::info!(
            target: "frontdesk::access",
            method = method.as_str(),
            route = route.as_str(),
            status,
            latency_ms,
            "request"
        );
    });
    let mut response = result?.map_into_boxed_body();
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sane_client_id_is_kept() {
        for id in [
            "abc-123",
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "trace/1:2_3.x",
        ] {
            let header = HeaderValue::from_static(id);
            assert_eq!(RequestId::from_header(Some(&header)).as_str(), id);
        }
    }

    #[test]
    fn anything_else_gets_a_new_id() {
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        for bad in [
            "",
            "with space",
            "quote\"d",
            "semi;colon",
            "nový",
            long.as_str(),
        ] {
            let header = HeaderValue::from_bytes(bad.as_bytes()).unwrap();
            let id = RequestId::from_header(Some(&header));
            assert_ne!(id.as_str(), bad);
            assert_eq!(id.as_str().len(), 32, "a fresh uuid: {id:?}");
        }
        assert_eq!(RequestId::from_header(None).as_str().len(), 32);
        assert_ne!(RequestId::generate(), RequestId::generate());
    }
}
