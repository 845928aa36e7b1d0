//! X (Twitter): webhook deliveries (parsed into channel-neutral `Inbound` events) and the X API
//! v2 client for direct messages and public replies. `/webhooks/x` takes both formats: the X
//! Activity API's (`activity`, a body with `data.event_type`) and the Account Activity API's
//! (a body with `for_user_id`), which X ends on 2027-01-01; after that date an Account
//! Activity delivery is still read, with a warning. `api` manages webhooks, subscriptions and
//! OAuth 2.0 tokens.
//!
//! One Account Activity delivery is about one subscribed account (`for_user_id`, the page). Direct messages
//! sent by the account itself come back too and are recorded as echoes; posts by the
//! account are skipped; posts mentioning it become `Mention`s. Typing and read indicators,
//! favorites, follows and the other event kinds are counted, not recorded.
//!
//! Sending uses an OAuth 2.0 user access token of the account (`Authorization: Bearer`),
//! which the X API accepts for DMs and posts; app-only tokens are refused by X for DMs.

pub mod activity;
pub mod api;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{Parsed, RetryAfter, SendError};
use crate::domain::event::{Channel, Inbound, InboundKind};

#[derive(Debug, Deserialize)]
struct Envelope {
    for_user_id: String,
    #[serde(default)]
    direct_message_events: Vec<DmEvent>,
    #[serde(default)]
    tweet_create_events: Vec<Tweet>,
    /// Every other key; arrays among them are event kinds we accept and ignore.
    #[serde(flatten)]
    other: HashMap<String, serde_json::Value>,
}

/// The legacy DM event, as in Account Activity deliveries and XAA `dm.*` payloads.
#[derive(Debug, Deserialize)]
struct DmEvent {
    #[serde(rename = "type")]
    kind: String,
    id: String,
    created_timestamp: Option<String>,
    message_create: Option<MessageCreate>,
}

#[derive(Debug, Deserialize)]
struct MessageCreate {
    sender_id: String,
    target: Target,
    source_app_id: Option<String>,
    message_data: MessageData,
}

#[derive(Debug, Deserialize)]
struct Target {
    recipient_id: String,
}

#[derive(Debug, Deserialize)]
struct MessageData {
    #[serde(default)]
    text: String,
}

/// Either format `/webhooks/x` receives.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Body {
    Activity(activity::Envelope),
    AccountActivity(Envelope),
}

/// The day X ends the Account Activity API.
fn account_activity_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or(NaiveDate::MAX)
}

#[derive(Debug, Deserialize)]
struct Tweet {
    id_str: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    truncated: bool,
    extended_tweet: Option<ExtendedTweet>,
    user: TweetUser,
    timestamp_ms: Option<String>,
    in_reply_to_user_id_str: Option<String>,
    #[serde(default)]
    entities: Entities,
}

#[derive(Debug, Deserialize)]
struct ExtendedTweet {
    full_text: String,
}

#[derive(Debug, Deserialize)]
struct TweetUser {
    id_str: String,
    screen_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Entities {
    #[serde(default)]
    user_mentions: Vec<Mentioned>,
}

#[derive(Debug, Deserialize)]
struct Mentioned {
    id_str: String,
}

fn millis(text: Option<&str>, fallback: DateTime<Utc>) -> DateTime<Utc> {
    text.and_then(|t| t.parse().ok())
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or(fallback)
}

/// Whether a CRC token can be one. The CRC answer is the consumer secret's HMAC of whatever
/// the caller sends, the same HMAC that signs deliveries: a JSON body sent as a token would
/// come back signed (protocols-2.md §X-A.2). X's tokens are short and have no whitespace,
/// control characters or the punctuation any JSON delivery needs, so no body the parsers
/// would accept can be signed through the CRC.
pub fn plausible_crc_token(token: &str) -> bool {
    token.len() <= 256
        && !token.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '{' | '}' | '[' | ']' | '"' | ':' | ',')
        })
}

/// Parses a verified X delivery of either format. `verified_by_app` is the app whose secret
/// signed it.
pub fn parse_delivery(
    body: &[u8],
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Result<activity::Delivery, serde_json::Error> {
    Ok(match serde_json::from_slice(body)? {
        Body::Activity(envelope) => activity::parse(envelope.data, verified_by_app, received_at),
        Body::AccountActivity(envelope) => {
            if received_at.date_naive() >= account_activity_end() {
                tracing::warn!(
                    account = %envelope.for_user_id,
                    "an Account Activity delivery after its end of life (2027-01-01): move the account to X Activity API subscriptions (`frontdesk x subscriptions create`)"
                );
            }
            activity::Delivery {
                parsed: parse_account_activity(envelope, verified_by_app, received_at),
                ..activity::Delivery::default()
            }
        }
    })
}

/// Parses a verified X delivery into events only (see `parse_delivery`).
pub fn parse(
    body: &[u8],
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Result<Parsed, serde_json::Error> {
    parse_delivery(body, verified_by_app, received_at).map(|delivery| delivery.parsed)
}

fn parse_account_activity(
    envelope: Envelope,
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Parsed {
    let account = envelope.for_user_id;
    let mut parsed = Parsed {
        skipped: envelope
            .other
            .iter()
            .filter(|(key, _)| key.ends_with("_events"))
            .filter_map(|(_, value)| value.as_array().map(Vec::len))
            .sum(),
        ..Parsed::default()
    };
    let inbound = |customer_id: String, message_id: String, sent_at, kind| Inbound {
        trace: Default::default(),
        channel: Channel::X,
        page_id: account.clone(),
        customer_id,
        message_id,
        sent_at,
        verified_by_app: Some(verified_by_app.to_owned()),
        kind,
    };
    for event in envelope.direct_message_events {
        let Some(message) = event
            .message_create
            .filter(|_| event.kind == "message_create")
        else {
            parsed.skipped += 1;
            continue;
        };
        let sent_at = millis(event.created_timestamp.as_deref(), received_at);
        if message.sender_id == account {
            // Our own DM (sent by us or by a person of the page), echoed back.
            let kind = InboundKind::Echo {
                app_id: message.source_app_id,
            };
            parsed.events.push(inbound(
                message.target.recipient_id,
                event.id,
                sent_at,
                kind,
            ));
        } else {
            let kind = InboundKind::Message {
                text: Some(message.message_data.text),
                attachments: Vec::new(),
                quick_reply: None,
            };
            parsed
                .events
                .push(inbound(message.sender_id, event.id, sent_at, kind));
        }
    }
    for tweet in envelope.tweet_create_events {
        let mentions_us = tweet
            .entities
            .user_mentions
            .iter()
            .any(|m| m.id_str == account)
            || tweet.in_reply_to_user_id_str.as_deref() == Some(account.as_str());
        if tweet.user.id_str == account || !mentions_us {
            parsed.skipped += 1;
            continue;
        }
        let text = match (tweet.truncated, tweet.extended_tweet) {
            (true, Some(extended)) => extended.full_text,
            _ => tweet.text,
        };
        let sent_at = millis(tweet.timestamp_ms.as_deref(), received_at);
        let kind = InboundKind::Mention {
            text,
            author: tweet.user.screen_name,
        };
        parsed
            .events
            .push(inbound(tweet.user.id_str, tweet.id_str, sent_at, kind));
    }
    parsed
}

/// The X API v2 client, shared by all accounts.
#[derive(Debug, Clone)]
pub struct XClient {
    http: reqwest::Client,
    base_url: String,
    oauth: Option<api::OAuthClient>,
}

#[derive(Debug, Deserialize)]
struct Created {
    data: Option<HashMap<String, serde_json::Value>>,
}

impl XClient {
    pub fn new(http: reqwest::Client, base_url: &str) -> Self {
        XClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            oauth: None,
        }
    }

    /// Sends a direct message; returns the DM event id.
    pub async fn send_dm(
        &self,
        token: &SecretString,
        participant_id: &str,
        text: &str,
    ) -> Result<Option<String>, SendError> {
        if participant_id.is_empty() || !participant_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SendError::terminal(format!(
                "{participant_id:?} is not an X user id"
            )));
        }
        let url = format!(
            "{}/2/dm_conversations/with/{participant_id}/messages",
            self.base_url
        );
        self.post(
            token,
            url,
            serde_json::json!({ "text": text }),
            "dm_event_id",
        )
        .await
    }

    /// Answers a post publicly; returns the new post's id.
    pub async fn reply_publicly(
        &self,
        token: &SecretString,
        post_id: &str,
        text: &str,
    ) -> Result<Option<String>, SendError> {
        let body =
            serde_json::json!({ "text": text, "reply": { "in_reply_to_tweet_id": post_id } });
        self.post(token, format!("{}/2/tweets", self.base_url), body, "id")
            .await
    }

    async fn post(
        &self,
        token: &SecretString,
        url: String,
        body: serde_json::Value,
        id_field: &str,
    ) -> Result<Option<String>, SendError> {
        let request = self
            .http
            .post(url)
            .bearer_auth(token.expose_secret())
            .json(&body);
        let (status, headers, bytes) = super::exchange(request).await?;
        let reset = rate_limit_reset(&headers);
        if status.is_success() {
            let created: Option<Created> = serde_json::from_slice(&bytes).ok();
            return Ok(created
                .and_then(|c| c.data)
                .and_then(|d| d.get(id_field).and_then(|v| v.as_str()).map(str::to_owned)));
        }
        Err(classify(status, &bytes, reset))
    }
}

/// `x-rate-limit-reset`: when the limit resets, in Unix seconds.
fn rate_limit_reset(headers: &reqwest::header::HeaderMap) -> Option<DateTime<Utc>> {
    let seconds: i64 = headers
        .get("x-rate-limit-reset")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    DateTime::from_timestamp(seconds, 0)
}

/// X's problem details (v2) or error list (v1.1).
#[derive(Debug, Deserialize)]
struct Problem {
    title: Option<String>,
    detail: Option<String>,
    #[serde(default)]
    errors: Vec<ProblemError>,
}

#[derive(Debug, Deserialize)]
struct ProblemError {
    message: Option<String>,
}

/// Failure code: the X account's daily DM budget is used up (`x_account`).
pub const DM_BUDGET_USED_UP: &str = "x_dm_budget";
/// Failure code: no fresh X access token now (a refresh failed, or runs elsewhere).
pub const TOKEN_REFRESH: &str = "x_token_refresh";

/// 429 waits for the rate limit's reset; 5xx are retried; everything else (403: the user
/// does not accept DMs from us, 401: the token is invalid) fails the same way every time.
fn classify(status: StatusCode, body: &[u8], reset: Option<DateTime<Utc>>) -> SendError {
    let problem = serde_json::from_slice::<Problem>(body).ok();
    let detail = problem
        .and_then(|p| {
            p.detail
                .or(p.title)
                .or_else(|| p.errors.into_iter().find_map(|e| e.message))
        })
        .unwrap_or_default();
    let message = format!("HTTP {status}: {detail}")
        .trim_end_matches(": ")
        .to_owned();
    let retriable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
    SendError {
        retriable,
        retry_after: reset
            .filter(|_| status == StatusCode::TOO_MANY_REQUESTS)
            .map(RetryAfter::At),
        message,
        code: super::http_failure_code(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(body: &str) -> Parsed {
        parse(body.as_bytes(), "app", Utc::now()).expect("valid payload")
    }

    #[test]
    fn a_direct_message() {
        let parsed = parse_file(include_str!("../../../webhooks/x_dm_event.json"));
        let [event] = parsed.events.as_slice() else {
            panic!("one event expected: {parsed:?}")
        };
        assert_eq!(event.channel, Channel::X);
        assert_eq!(event.page_id, "1602317347845976187");
        assert_eq!(event.customer_id, "1428747032328024187");
        assert_eq!(event.message_id, "1860299849330471035");
        assert_eq!(event.sent_at.timestamp_millis(), 1732365021437);
        assert_eq!(
            event.kind,
            InboundKind::Message {
                text: Some("Hi, my package for order 48213 never arrived. Can you help?".into()),
                attachments: vec![],
                quick_reply: None
            }
        );
    }

    #[test]
    fn our_own_direct_message_is_an_echo() {
        let parsed = parse_file(include_str!("../../../webhooks/x_dm_event_own_echo.json"));
        let event = &parsed.events[0];
        assert_eq!(
            event.kind,
            InboundKind::Echo {
                app_id: Some("29401847".into())
            }
        );
        assert_eq!(
            event.customer_id, "1428747032328024187",
            "the conversation is the customer's"
        );
    }

    #[test]
    fn a_mention_and_our_own_posts() {
        let parsed = parse_file(include_str!("../../../webhooks/x_tweet_mention.json"));
        let event = &parsed.events[0];
        assert_eq!(event.message_id, "1860300020063809659");
        assert_eq!(event.customer_id, "1428747032328024187");
        assert!(
            matches!(&event.kind, InboundKind::Mention { author: Some(a), .. } if a == "jrivera_dev")
        );

        let own = r#"{"for_user_id":"1","tweet_create_events":[{"id_str":"5","text":"@x hi","user":{"id_str":"1"},
            "entities":{"user_mentions":[{"id_str":"1"}]}}]}"#;
        assert_eq!(
            parse_file(own),
            Parsed {
                events: vec![],
                skipped: 1
            }
        );
    }

    #[test]
    fn every_event_of_a_delivery_and_ignored_kinds() {
        let body = r#"{"for_user_id":"1",
            "direct_message_events":[
              {"type":"message_create","id":"11","created_timestamp":"1732365021437","message_create":{"target":{"recipient_id":"1"},"sender_id":"2","message_data":{"text":"a"}}},
              {"type":"message_create","id":"12","created_timestamp":"1732365021438","message_create":{"target":{"recipient_id":"1"},"sender_id":"3","message_data":{"text":"b"}}}],
            "tweet_create_events":[{"id_str":"13","text":"long…","truncated":true,"extended_tweet":{"full_text":"the whole text"},
              "user":{"id_str":"4"},"in_reply_to_user_id_str":"1","timestamp_ms":"1732365021439"}],
            "direct_message_indicate_typing_events":[{"created_timestamp":"1","sender_id":"2","target":{"recipient_id":"1"}}],
            "favorite_events":[{"id":"x"},{"id":"y"}],
            "users":{}}"#;
        let parsed = parse_file(body);
        let ids: Vec<_> = parsed
            .events
            .iter()
            .map(|e| e.message_id.as_str())
            .collect();
        assert_eq!(ids, ["11", "12", "13"]);
        assert_eq!(parsed.skipped, 3);
        assert!(
            matches!(&parsed.events[2].kind, InboundKind::Mention { text, .. } if text == "the whole text")
        );
    }

    #[test]
    fn crc_tokens_that_could_be_bodies_are_refused() {
        assert!(plausible_crc_token("foo"));
        assert!(plausible_crc_token("a+b/c=d"));
        assert!(plausible_crc_token(&"x".repeat(256)));
        assert!(!plausible_crc_token(&"x".repeat(257)));
        // protocols-2.md §V.1, XV-4: this body's CRC answer would be its valid signature.
        assert!(!plausible_crc_token(
            r#"{"data":{"event_uuid":"5120398847162290451","filter":{},"event_type":"oauth.revoke","payload":{"date_time":"2026-11-24T11:05:42+00:00","user_id":"1602317347845976187","app_id":"29401847"}}}"#
        ));
        assert!(!plausible_crc_token("a b"));
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(parse(b"{\"for_user_id\":", "app", Utc::now()).is_err());
        assert!(
            parse(b"{}", "app", Utc::now()).is_err(),
            "for_user_id is required"
        );
    }

    #[test]
    fn send_errors_are_classified() {
        let reset = DateTime::from_timestamp(1_800_000_000, 0);
        let limited = classify(
            StatusCode::TOO_MANY_REQUESTS,
            br#"{"title":"Too Many Requests"}"#,
            reset,
        );
        assert!(limited.retriable);
        assert_eq!(limited.retry_after, reset.map(RetryAfter::At));
        assert_eq!(
            limited.message,
            "HTTP 429 Too Many Requests: Too Many Requests"
        );
        let forbidden = classify(
            StatusCode::FORBIDDEN,
            br#"{"detail":"You are not permitted to send a DM to this user","title":"Forbidden"}"#,
            reset,
        );
        assert!(!forbidden.retriable);
        assert_eq!(forbidden.retry_after, None);
        assert!(
            forbidden
                .message
                .ends_with("You are not permitted to send a DM to this user")
        );
        assert!(classify(StatusCode::BAD_GATEWAY, b"", None).retriable);
    }
}
