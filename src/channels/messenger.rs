//! Facebook Messenger: the webhook payload (parsed into channel-neutral `Inbound` events) and
//! the Send API client.
//!
//! Every entry and every event of a delivery is handled; deliveries mix pages. Delivery and
//! read receipts, reactions and `standby` events (another app owns the thread) carry nothing
//! to answer and are counted, not recorded. Echoes are recorded so the worker sees what the
//! page itself sent.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer};

use super::meta_errors::classify;
use super::{Parsed, SendError};
use crate::domain::event::{Channel, Inbound, InboundKind};

#[derive(Debug, Deserialize)]
struct Envelope {
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    #[serde(default)]
    messaging: Vec<MessagingEvent>,
    #[serde(default)]
    standby: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    changes: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct MessagingEvent {
    sender: Party,
    recipient: Party,
    #[serde(default, deserialize_with = "millis")]
    timestamp: Option<i64>,
    message: Option<Message>,
    postback: Option<Postback>,
}

#[derive(Debug, Deserialize)]
struct Party {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Message {
    mid: String,
    text: Option<String>,
    #[serde(default)]
    is_echo: bool,
    #[serde(default, deserialize_with = "string_or_number")]
    app_id: Option<String>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    quick_reply: Option<QuickReply>,
}

#[derive(Debug, Deserialize)]
struct QuickReply {
    payload: String,
}

#[derive(Debug, Deserialize)]
struct Attachment {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct Postback {
    mid: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    payload: String,
}

/// Parses a verified Messenger delivery. `verified_by_app` is the app whose secret signed it.
pub fn parse(
    body: &[u8],
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Result<Parsed, serde_json::Error> {
    #[derive(Deserialize)]
    struct Object {
        object: String,
    }
    if serde_json::from_slice::<Object>(body)?.object == "instagram" {
        // One callback URL for both products: the same app secret signed it.
        return super::instagram::parse(body, verified_by_app, received_at);
    }
    let envelope: Envelope = serde_json::from_slice(body)?;
    let mut parsed = Parsed::default();
    if envelope.object != "page" {
        parsed.skipped = envelope.entry.len();
        return Ok(parsed);
    }
    for entry in envelope.entry {
        parsed.skipped += entry.standby.len();
        for change in &entry.changes {
            match comment(&entry.id, change, verified_by_app, received_at) {
                Some(inbound) => parsed.events.push(inbound),
                None => parsed.skipped += 1,
            }
        }
        for event in entry.messaging {
            match into_inbound(&entry.id, event, verified_by_app, received_at) {
                Some(inbound) => parsed.events.push(inbound),
                None => parsed.skipped += 1,
            }
        }
    }
    Ok(parsed)
}

/// A new comment on a page post from a feed change (protocols.md: `field: "feed"`,
/// `item: "comment"`, `verb: "add"`, `created_time` in seconds). Everything else in the feed
/// (posts, reactions, edits, removals) and the page's own comments are skipped.
fn comment(
    page_id: &str,
    change: &serde_json::Value,
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Option<Inbound> {
    let value = &change["value"];
    let is_new_comment =
        change["field"] == "feed" && value["item"] == "comment" && value["verb"] == "add";
    let author = value["from"]["id"].as_str()?;
    if !is_new_comment || author == page_id {
        return None;
    }
    Some(Inbound {
        trace: Default::default(),
        channel: Channel::Messenger,
        page_id: page_id.to_owned(),
        customer_id: author.to_owned(),
        message_id: value["comment_id"].as_str()?.to_owned(),
        sent_at: value["created_time"]
            .as_i64()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .unwrap_or(received_at),
        verified_by_app: Some(verified_by_app.to_owned()),
        kind: InboundKind::Comment {
            text: value["message"].as_str().unwrap_or_default().to_owned(),
            post_id: value["post_id"].as_str().unwrap_or_default().to_owned(),
        },
    })
}

fn into_inbound(
    page_id: &str,
    event: MessagingEvent,
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Option<Inbound> {
    let sent_at = event
        .timestamp
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or(received_at);
    let (message_id, customer_id, kind) = if let Some(message) = event.message {
        if message.is_echo {
            // Echo: sent by the page, to the customer.
            let kind = InboundKind::Echo {
                app_id: message.app_id,
            };
            (message.mid, event.recipient.id, kind)
        } else {
            let kind = InboundKind::Message {
                text: message.text,
                attachments: message.attachments.into_iter().map(|a| a.kind).collect(),
                quick_reply: message.quick_reply.map(|q| q.payload),
            };
            (message.mid, event.sender.id, kind)
        }
    } else if let Some(postback) = event.postback {
        // Postbacks before Graph v11 had no mid; the timestamp identifies them per sender.
        let id = postback.mid.unwrap_or_else(|| {
            format!(
                "postback:{}:{}",
                event.sender.id,
                sent_at.timestamp_millis()
            )
        });
        let kind = InboundKind::Postback {
            title: postback.title,
            payload: postback.payload,
        };
        (id, event.sender.id, kind)
    } else {
        return None;
    };
    Some(Inbound {
        trace: Default::default(),
        channel: Channel::Messenger,
        page_id: page_id.to_owned(),
        customer_id,
        message_id,
        sent_at,
        verified_by_app: Some(verified_by_app.to_owned()),
        kind,
    })
}

/// Meta sends numbers, but some documented samples send strings; accept both.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(u64),
        Text(String),
    }
    Ok(Option::<Id>::deserialize(d)?.map(|id| match id {
        Id::Number(n) => n.to_string(),
        Id::Text(s) => s,
    }))
}

fn millis<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(string_or_number(d)?.and_then(|s| s.parse().ok()))
}

/// The Send API client, shared by all pages.
#[derive(Debug, Clone)]
pub struct MessengerClient {
    http: reqwest::Client,
    base_url: String,
}

#[derive(Debug, Deserialize)]
struct SendResponse {
    message_id: Option<String>,
}

impl MessengerClient {
    pub fn new(http: reqwest::Client, base_url: &str) -> Self {
        MessengerClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
        }
    }

    /// Sends a text reply to a customer inside the 24-hour window, with quick-reply buttons
    /// `(title, payload)` if any. Returns Meta's message id.
    pub async fn send_text(
        &self,
        access_token: &SecretString,
        recipient: Recipient<'_>,
        text: &str,
        quick_replies: &[(String, String)],
        human_agent: bool,
    ) -> Result<Option<String>, SendError> {
        let body = message_body(recipient, text, quick_replies, human_agent);
        let request = self
            .http
            .post(format!("{}/me/messages", self.base_url))
            .query(&[("access_token", access_token.expose_secret())]);
        send_message(request, &body).await
    }
}

/// A Send API request body (Messenger, and Instagram on either host).
pub(super) fn message_body(
    recipient: Recipient<'_>,
    text: &str,
    quick_replies: &[(String, String)],
    human_agent: bool,
) -> serde_json::Value {
    let mut message = serde_json::json!({ "text": text });
    if !quick_replies.is_empty() {
        message["quick_replies"] = quick_replies
            .iter()
            .map(|(title, payload)| {
                serde_json::json!({ "content_type": "text", "title": title, "payload": payload })
            })
            .collect();
    }
    let mut body = serde_json::json!({
        "recipient": match recipient {
            Recipient::Person(id) => serde_json::json!({ "id": id }),
            Recipient::Comment(id) => serde_json::json!({ "comment_id": id }),
        },
        "messaging_type": "RESPONSE",
        "message": message,
    });
    if human_agent {
        // A person answering 24 hours to 7 days after the customer's last message.
        body["messaging_type"] = "MESSAGE_TAG".into();
        body["tag"] = "HUMAN_AGENT".into();
    }
    body
}

/// Posts a Send API body and reads Meta's message id, or classifies the failure.
pub(super) async fn send_message(
    request: reqwest::RequestBuilder,
    body: &serde_json::Value,
) -> Result<Option<String>, SendError> {
    let (status, headers, bytes) = super::exchange(request.json(body)).await?;
    if status.is_success() {
        let sent: Option<SendResponse> = serde_json::from_slice(&bytes).ok();
        return Ok(sent.and_then(|s| s.message_id));
    }
    Err(classify(status, &bytes, &headers))
}

/// Whom a Send API message goes to.
#[derive(Debug, Clone, Copy)]
pub enum Recipient<'a> {
    /// A customer by their page-scoped id.
    Person(&'a str),
    /// The author of a comment, privately (one private reply per comment, within 7 days).
    Comment(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(body: &str) -> Parsed {
        parse(body.as_bytes(), "app", Utc::now()).expect("valid payload")
    }

    #[test]
    fn text_message() {
        let parsed = parse_file(include_str!("../../webhooks/messenger_text_message.json"));
        assert_eq!(parsed.skipped, 0);
        let [event] = parsed.events.as_slice() else {
            panic!("one event expected: {parsed:?}")
        };
        assert_eq!(event.page_id, "104857600123456");
        assert_eq!(event.customer_id, "7034819265011234");
        assert!(event.message_id.starts_with("m_Xy3k"));
        assert_eq!(event.sent_at.timestamp_millis(), 1732365020912);
        assert_eq!(event.verified_by_app.as_deref(), Some("app"));
        assert_eq!(
            event.kind,
            InboundKind::Message {
                text: Some("Hi! Is my order #48213 shipped yet? Merci, René".into()),
                attachments: vec![],
                quick_reply: None
            }
        );
    }

    #[test]
    fn batch_of_two_pages_keeps_every_event() {
        let parsed = parse_file(include_str!(
            "../../webhooks/messenger_batch_two_entries.json"
        ));
        let pages: Vec<_> = parsed.events.iter().map(|e| e.page_id.as_str()).collect();
        assert_eq!(pages, ["104857600123456", "209384756102938"]);
        assert_eq!(
            parsed.events[1].kind,
            InboundKind::Message {
                text: None,
                attachments: vec!["image".into()],
                quick_reply: None
            }
        );
    }

    #[test]
    fn several_events_per_entry_are_all_kept() {
        let body = r#"{"object":"page","entry":[{"id":"1","time":1,"messaging":[
            {"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1732365020912,"message":{"mid":"m_a","text":"one"}},
            {"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1732365020913,"message":{"mid":"m_b","text":"two"}},
            {"sender":{"id":"9"},"recipient":{"id":"1"},"delivery":{"mids":["m_x"],"watermark":1}},
            {"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1,"read":{"watermark":1}}
        ]}]}"#;
        let parsed = parse_file(body);
        let ids: Vec<_> = parsed
            .events
            .iter()
            .map(|e| e.message_id.as_str())
            .collect();
        assert_eq!(ids, ["m_a", "m_b"]);
        assert_eq!(parsed.skipped, 2);
    }

    #[test]
    fn echo_belongs_to_the_customer_conversation() {
        let parsed = parse_file(include_str!("../../webhooks/messenger_echo.json"));
        let event = &parsed.events[0];
        assert_eq!(event.customer_id, "7034819265011234");
        assert_eq!(
            event.kind,
            InboundKind::Echo {
                app_id: Some("948271635012345".into())
            }
        );
    }

    #[test]
    fn postback_and_feed() {
        let postback = parse_file(include_str!("../../webhooks/messenger_postback.json"));
        assert!(matches!(
            postback.events[0].kind,
            InboundKind::Postback { .. }
        ));
        let text = include_str!("../../webhooks/messenger_feed_comment.json");
        let feed = parse_file(text);
        assert_eq!((feed.events.len(), feed.skipped), (1, 0));
        let comment = &feed.events[0];
        assert_eq!(comment.message_id, "122171234567890123_1098765432109876");
        assert_eq!(comment.customer_id, "8120034455667788");
        assert_eq!(
            comment.sent_at.timestamp(),
            1_732_365_298,
            "seconds, not millis"
        );
        assert_eq!(
            comment.kind,
            InboundKind::Comment {
                text: "Does this come in blue? Ordered last week and still waiting".into(),
                post_id: "104857600123456_122171234567890123".into(),
            }
        );
        // The page's own comment, and anything but a new comment, are skipped.
        let own = text.replace("8120034455667788", "104857600123456");
        assert_eq!(parse_file(&own).events.len(), 0);
        let reaction = text.replace("\"item\": \"comment\"", "\"item\": \"reaction\"");
        assert_eq!(parse_file(&reaction).events.len(), 0);
        let removed = text.replace("\"verb\": \"add\"", "\"verb\": \"remove\"");
        assert_eq!(parse_file(&removed).events.len(), 0);
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(parse(b"{\"object\":", "app", Utc::now()).is_err());
        assert!(parse(b"[]", "app", Utc::now()).is_err());
    }
}
