//! The platforms frontdesk talks to: verifying and parsing what they send us, and sending
//! replies back. Each channel lives in its own module; adding one touches this folder and the
//! registration in `Clients::send`.

pub mod messenger;
pub mod signature;

use std::time::Duration;

use secrecy::SecretString;

use crate::domain::event::Channel;

/// The outbound clients of every channel.
#[derive(Debug, Clone)]
pub struct Clients {
    pub messenger: messenger::MessengerClient,
}

impl Clients {
    /// Sends `text` to `recipient` on `channel`; returns the platform's message id if it gave one.
    pub async fn send(
        &self,
        channel: Channel,
        access_token: &SecretString,
        recipient: &str,
        text: &str,
    ) -> Result<Option<String>, SendError> {
        match channel {
            Channel::Messenger => {
                self.messenger
                    .send_text(access_token, recipient, text)
                    .await
            }
        }
    }
}

/// A failed send, classified for the retry policy in `outbox`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// Whether trying again later can succeed.
    pub retriable: bool,
    /// How long the platform asked us to wait, if it said.
    pub retry_after: Option<Duration>,
    pub message: String,
}

impl SendError {
    fn network(e: reqwest::Error) -> Self {
        SendError {
            retriable: true,
            retry_after: None,
            message: format!("network: {e}"),
        }
    }
}

/// Reads a `Retry-After` header given in seconds.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
        .map(Duration::from_secs)
}
