//! The platforms frontdesk talks to: verifying and parsing what they send us, and sending
//! replies back. Each channel lives in its own module; adding one touches this folder, the
//! registration in `Clients::send`, and its webhook routes (`http::routes`, and a handler
//! describing its `Ingest` in `http::webhooks`).

pub mod messenger;
pub mod signature;
pub mod x;

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::domain::conversation::{OutboundReply, ReplyRoute};
use crate::domain::event::{Channel, Inbound};

/// The outbound clients of every channel.
#[derive(Debug, Clone)]
pub struct Clients {
    pub messenger: messenger::MessengerClient,
    pub x: x::XClient,
}

impl Clients {
    /// One HTTP client (one connection pool, one timeout) for every channel.
    pub fn new(messenger_base: &str, x_base: &str, timeout: Duration) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Clients {
            messenger: messenger::MessengerClient::new(http.clone(), messenger_base),
            x: x::XClient::new(http, x_base),
        })
    }

    /// Sends a reply through its conversation's channel; returns the platform's message id
    /// if it gave one.
    pub async fn send(
        &self,
        access_token: &SecretString,
        reply: &OutboundReply,
    ) -> Result<Option<String>, SendError> {
        let (recipient, text) = (reply.conversation.customer_id.as_str(), reply.text.as_str());
        match (reply.conversation.channel, &reply.route) {
            (Channel::Messenger, ReplyRoute::Direct) => {
                self.messenger
                    .send_text(
                        access_token,
                        messenger::Recipient::Person(recipient),
                        text,
                        &reply.quick_replies,
                        reply.human_agent,
                    )
                    .await
            }
            (Channel::Messenger, ReplyRoute::PrivateReply { comment_id }) => {
                self.messenger
                    .send_text(
                        access_token,
                        messenger::Recipient::Comment(comment_id),
                        text,
                        &[],
                        false,
                    )
                    .await
            }
            (Channel::X, ReplyRoute::PrivateReply { .. }) => Err(SendError::terminal(
                "private replies to comments are a Messenger feature".into(),
            )),
            (Channel::Messenger, ReplyRoute::PublicReply { .. }) => Err(SendError::terminal(
                "public replies are not supported on Messenger".into(),
            )),
            (Channel::X, ReplyRoute::Direct) => self.x.send_dm(access_token, recipient, text).await,
            (Channel::X, ReplyRoute::PublicReply { to }) => {
                self.x.reply_publicly(access_token, to, text).await
            }
        }
    }
}

/// What one webhook delivery contained, in channel-neutral form.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    /// Events to record and process, in delivery order.
    pub events: Vec<Inbound>,
    /// Events that need no answer (receipts, typing, reactions, our own posts, ...).
    pub skipped: usize,
}

/// Sends a request and reads the whole answer. Network errors never carry the URL, which
/// may hold a token.
async fn exchange(
    request: reqwest::RequestBuilder,
) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>), SendError> {
    let response = request
        .send()
        .await
        .map_err(|e| SendError::network(e.without_url()))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| SendError::network(e.without_url()))?;
    Ok((status, headers, body.to_vec()))
}

/// How long a platform asked us to wait before trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Delay(Duration),
    /// A reset instant, as X's `x-rate-limit-reset`.
    At(DateTime<Utc>),
}

/// A failed send, classified for the retry policy in `outbox`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// Whether trying again later can succeed.
    pub retriable: bool,
    /// How long the platform asked us to wait, if it said.
    pub retry_after: Option<RetryAfter>,
    pub message: String,
}

impl SendError {
    fn terminal(message: String) -> Self {
        SendError {
            retriable: false,
            retry_after: None,
            message,
        }
    }

    fn network(e: reqwest::Error) -> Self {
        SendError {
            retriable: true,
            retry_after: None,
            message: format!("network: {e}"),
        }
    }
}

/// Reads a `Retry-After` header given in seconds.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<RetryAfter> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
        .map(|s| RetryAfter::Delay(Duration::from_secs(s)))
}
