//! The platforms frontdesk talks to: verifying and parsing what they send us, and sending
//! replies back. Each channel lives in its own module; adding one touches this folder, the
//! registration in `Clients::send`, and its webhook routes (`http::routes`, and a handler
//! describing its `Ingest` in `http::webhooks`).

pub mod graph_version;
pub mod instagram;
pub mod messenger;
pub mod meta_errors;
pub mod signature;
pub mod x;

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::domain::conversation::{OutboundReply, ReplyRoute};
use crate::domain::event::{Channel, Inbound};
use crate::domain::page::{InstagramLogin, Page};

/// The outbound clients of every channel.
#[derive(Debug, Clone)]
pub struct Clients {
    pub messenger: messenger::MessengerClient,
    pub x: x::XClient,
    pub instagram: instagram::InstagramClient,
}

/// Who a reply is sent as: the page's token and, on Instagram, how the account is connected.
#[derive(Debug, Clone, Copy)]
pub struct Sender<'a> {
    pub access_token: &'a SecretString,
    pub instagram_login: InstagramLogin,
}

impl<'a> From<&'a Page> for Sender<'a> {
    fn from(page: &'a Page) -> Self {
        Sender {
            access_token: &page.access_token,
            instagram_login: page.instagram_login,
        }
    }
}

/// A token alone: Instagram accounts are then taken to be connected with Facebook Login.
impl<'a> From<&'a SecretString> for Sender<'a> {
    fn from(access_token: &'a SecretString) -> Self {
        Sender {
            access_token,
            instagram_login: InstagramLogin::Facebook,
        }
    }
}

impl Clients {
    /// One HTTP client (one connection pool, one timeout) for every channel. Instagram
    /// accounts on Facebook Login send through `messenger_base`; on Instagram Login through
    /// the Instagram Graph host (`with_instagram_base`).
    pub fn new(messenger_base: &str, x_base: &str, timeout: Duration) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Clients {
            messenger: messenger::MessengerClient::new(http.clone(), messenger_base),
            x: x::XClient::new(http.clone(), x_base),
            instagram: instagram::InstagramClient::new(
                http,
                messenger_base,
                instagram::DEFAULT_GRAPH_BASE,
            ),
        })
    }

    /// Sets the Instagram Graph host (with its version) used by Instagram-Login accounts.
    pub fn with_instagram_base(mut self, instagram_base: &str) -> Self {
        self.instagram = self.instagram.with_instagram_base(instagram_base);
        self
    }

    /// Sends a reply through its conversation's channel; returns the platform's message id
    /// if it gave one. Pass the page (`&page`) so an Instagram account goes through the host
    /// of its login; a bare token means Facebook Login.
    pub async fn send<'a>(
        &self,
        sender: impl Into<Sender<'a>>,
        reply: &OutboundReply,
    ) -> Result<Option<String>, SendError> {
        let Sender {
            access_token,
            instagram_login,
        } = sender.into();
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
            (Channel::Instagram, ReplyRoute::Direct) => {
                self.instagram
                    .send_text(
                        instagram_login,
                        access_token,
                        messenger::Recipient::Person(recipient),
                        text,
                        &reply.quick_replies,
                        reply.human_agent,
                    )
                    .await
            }
            (Channel::Instagram, ReplyRoute::PrivateReply { comment_id }) => {
                self.instagram
                    .send_text(
                        instagram_login,
                        access_token,
                        messenger::Recipient::Comment(comment_id),
                        text,
                        &[],
                        false,
                    )
                    .await
            }
            (Channel::X, ReplyRoute::PrivateReply { .. }) => Err(SendError::terminal(
                "private replies to comments are a Meta feature".into(),
            )),
            (Channel::Messenger | Channel::Instagram, ReplyRoute::PublicReply { .. }) => {
                Err(SendError::terminal(
                    "public replies are not supported on Messenger or Instagram".into(),
                ))
            }
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
    /// The failure's class for `frontdesk_delivery_failures_total`: one of
    /// `delivery_failure_codes` (a bounded set, whatever a platform answers).
    pub code: &'static str,
}

impl SendError {
    fn terminal(message: String) -> Self {
        SendError {
            retriable: false,
            retry_after: None,
            message,
            code: NOT_SENDABLE,
        }
    }

    fn network(e: reqwest::Error) -> Self {
        SendError {
            retriable: true,
            retry_after: None,
            message: format!("network: {}", cause_chain(&e)),
            code: NETWORK,
        }
    }
}

/// A network error with its causes ("error sending request: client error (Connect): tcp
/// connect error: Connection refused (os error 111)"), a cause that repeats the previous one
/// left out. `e` comes without its URL (`reqwest::Error::without_url`); anything URL-shaped a
/// cause might still hold is cut as well, since a Send API URL carries the page's token.
fn cause_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = Some(e);
    while let Some(error) = cause {
        let text = without_urls(&error.to_string());
        if !parts.last().is_some_and(|last| last.ends_with(&text)) {
            parts.push(text);
        }
        cause = error.source();
    }
    parts.join(": ")
}

/// `text` with each `http://…` or `https://…` (up to a space, quote or closing parenthesis)
/// replaced by `<url>`.
fn without_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = [rest.find("http://"), rest.find("https://")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..start]);
        out.push_str("<url>");
        let url = &rest[start..];
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
            .unwrap_or(url.len());
        rest = &url[end..];
    }
    out.push_str(rest);
    out
}

/// A reply frontdesk would not send as it is (no such route on the channel, a malformed
/// recipient).
pub const NOT_SENDABLE: &str = "not_sendable";
/// No answer from the platform: connection refused or reset, a timeout.
pub const NETWORK: &str = "network";

/// HTTP statuses counted under their own code; any other is `http_4xx`, `http_5xx` or
/// `http_other`.
const HTTP_CODES: &[(u16, &str)] = &[
    (400, "http_400"),
    (401, "http_401"),
    (403, "http_403"),
    (404, "http_404"),
    (408, "http_408"),
    (409, "http_409"),
    (413, "http_413"),
    (429, "http_429"),
    (500, "http_500"),
    (502, "http_502"),
    (503, "http_503"),
    (504, "http_504"),
];

/// The failure code of an HTTP answer without a platform error code in it.
pub fn http_failure_code(status: reqwest::StatusCode) -> &'static str {
    let status = status.as_u16();
    match HTTP_CODES.iter().find(|(s, _)| *s == status) {
        Some((_, code)) => code,
        None if (400..500).contains(&status) => "http_4xx",
        None if (500..600).contains(&status) => "http_5xx",
        None => "http_other",
    }
}

/// Every failure code a `SendError` can carry, for metrics that start at zero.
pub fn delivery_failure_codes() -> Vec<&'static str> {
    let mut codes = vec![NOT_SENDABLE, NETWORK, "http_4xx", "http_5xx", "http_other"];
    codes.extend(HTTP_CODES.iter().map(|(_, code)| *code));
    codes.extend(meta_errors::FAILURE_CODES.iter().map(|(_, code)| *code));
    codes.push(meta_errors::OTHER_GRAPH_CODE);
    codes.extend([x::DM_BUDGET_USED_UP, x::TOKEN_REFRESH]);
    codes
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Layer(&'static str, #[source] Option<Box<Layer>>);

    #[test]
    fn a_cause_chain_names_each_cause_once_and_no_url() {
        let refused = Layer("Connection refused (os error 111)", None);
        let connect = Layer("tcp connect error", Some(Box::new(refused)));
        let repeated = Layer("tcp connect error", Some(Box::new(connect)));
        let top = Layer(
            "error sending request for url (https://graph.example/me/messages?access_token=EAAG1)",
            Some(Box::new(repeated)),
        );
        assert_eq!(
            cause_chain(&top),
            "error sending request for url (<url>): tcp connect error: Connection refused (os error 111)"
        );
    }
}
