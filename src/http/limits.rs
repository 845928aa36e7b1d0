//! Limits on what a client may hold or send: a request body must arrive within the request
//! timeout (a stalled upload gets 408 and its connection is closed, so slow clients cannot
//! hold every socket), and texts staff write must fit the channel (the rule itself is in
//! `domain::limits`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::ResponseError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use futures_util::StreamExt;

use super::error::ApiError;
use crate::domain::event::Channel;

pub use crate::domain::limits::MAX_NOTE_CHARS;

/// A message fits its channel, else 422 saying so (`domain::limits`).
pub fn check_message(channel: Channel, text: &str, what: &str) -> Result<(), ApiError> {
    crate::domain::limits::check_message(channel, text, what).map_err(ApiError::from)
}

/// Wraps the request body so that reading it fails once `timeout` has passed since the
/// request arrived, and answers such a request 408 with its connection closed. actix-web
/// bounds the time to send the headers (`client_request_timeout`) but not the body.
pub async fn body_deadline(
    timeout: Duration,
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let deadline = tokio::time::Instant::now() + timeout;
    let expired = Arc::new(AtomicBool::new(false));
    let payload = req.take_payload();
    let flag = Arc::clone(&expired);
    let stream = futures_util::stream::unfold(Some(payload), move |payload| {
        let flag = Arc::clone(&flag);
        async move {
            let mut payload = payload?;
            match tokio::time::timeout_at(deadline, payload.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(payload))),
                Ok(None) => None,
                Err(_) => {
                    flag.store(true, Ordering::SeqCst);
                    let stalled = std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    );
                    Some((Err(PayloadError::Io(stalled)), None))
                }
            }
        }
    });
    req.set_payload(Payload::Stream {
        payload: Box::pin(stream),
    });
    let response = next.call(req).await?.map_into_boxed_body();
    if !expired.load(Ordering::SeqCst) {
        return Ok(response);
    }
    tracing::warn!("request body stalled; answered 408 and closed the connection");
    let (request, _) = response.into_parts();
    let mut timed_out = ApiError::RequestTimeout.error_response();
    timed_out
        .head_mut()
        .set_connection_type(actix_web::http::ConnectionType::Close);
    Ok(ServiceResponse::new(request, timed_out))
}
