//! The X Activity API (XAA) delivery: one event per POST, `{"data": {"event_uuid", "filter",
//! "event_type", "tag", "payload", "includes"}}` (protocols-2.md §X-A.4, §X-A.5).
//!
//! - `dm.received`: a customer's DM (`payload` is the legacy DM event) becomes a `Message`;
//! - `dm.sent`: a DM the account sent becomes an `Echo` with no app; whether frontdesk sent it
//!   is decided against the conversation afterwards (`x_account::attribute_echoes`), since
//!   XAA carries no `source_app_id`;
//! - `post.mention.create`, `post.reply.create`: a v2 Post becomes a `Mention`; the account's
//!   own Posts are skipped;
//! - `oauth.revoke`: the account withdrew the app's access (`Delivery::revoked`);
//! - everything else (`dm.read`, typing, `chat.*` we cannot decrypt, …) is counted as skipped.
//!
//! A redelivery is the same event: the message id is the DM event id or the Post id, which a
//! redelivered (or replayed) `event_uuid` carries unchanged, and which Account Activity
//! deliveries of the same DM or Post carry too, so the worker's dedupe answers it once even
//! while both APIs deliver during the migration.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{DmEvent, millis};
use crate::channels::Parsed;
use crate::domain::event::{Channel, Inbound, InboundKind};

#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    pub(super) data: OneOrMany,
}

/// One event per delivery in every sample X documents; several are read too, should X ever
/// batch them (unverified, protocols-2.md §X-A.4).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(Box<Data>),
    Many(Vec<Data>),
}

#[derive(Debug, Deserialize)]
pub(super) struct Data {
    event_uuid: String,
    #[serde(default)]
    filter: Filter,
    event_type: String,
    #[serde(default)]
    payload: serde_json::Value,
    #[serde(default)]
    includes: Includes,
}

#[derive(Debug, Default, Deserialize)]
struct Filter {
    user_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Includes {
    #[serde(default)]
    users: Vec<User>,
}

#[derive(Debug, Deserialize)]
struct User {
    id: String,
    username: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DmPayload {
    #[serde(default)]
    direct_message_events: Vec<DmEvent>,
}

#[derive(Debug, Deserialize)]
struct Post {
    id: String,
    #[serde(default)]
    text: String,
    author_id: String,
    created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
struct Revoke {
    user_id: String,
}

/// An XAA or Account Activity delivery, read.
#[derive(Debug, Default, PartialEq)]
pub struct Delivery {
    pub parsed: Parsed,
    /// Accounts that revoked the app's access (`oauth.revoke`).
    pub revoked: Vec<String>,
    /// The text of each DM the account sent (`dm.sent`), by DM event id, to tell ours from a
    /// person's (see `x_account::attribute_echoes`).
    pub sent_texts: HashMap<String, String>,
}

pub(super) fn parse(
    data: OneOrMany,
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Delivery {
    let events = match data {
        OneOrMany::One(data) => vec![*data],
        OneOrMany::Many(events) => events,
    };
    let mut delivery = Delivery::default();
    for data in events {
        let one = parse_one(data, verified_by_app, received_at);
        delivery.parsed.events.extend(one.parsed.events);
        delivery.parsed.skipped += one.parsed.skipped;
        delivery.revoked.extend(one.revoked);
        delivery.sent_texts.extend(one.sent_texts);
    }
    delivery
}

fn parse_one(data: Data, verified_by_app: &str, received_at: DateTime<Utc>) -> Delivery {
    let mut delivery = Delivery::default();
    let Some(account) = data.filter.user_id.clone() else {
        if data.event_type == "oauth.revoke" {
            match serde_json::from_value::<Revoke>(data.payload) {
                Ok(revoke) => delivery.revoked.push(revoke.user_id),
                Err(error) => tracing::warn!(%error, "oauth.revoke without a user id, ignored"),
            }
        } else {
            delivery.parsed.skipped += 1;
        }
        return delivery;
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
    match data.event_type.as_str() {
        kind @ ("dm.received" | "dm.sent") => {
            let payload: DmPayload = match serde_json::from_value(data.payload) {
                Ok(payload) => payload,
                Err(error) => {
                    tracing::warn!(event_uuid = %data.event_uuid, %error, "unreadable XAA DM payload, skipped");
                    delivery.parsed.skipped += 1;
                    return delivery;
                }
            };
            for event in payload.direct_message_events {
                let Some(message) = event
                    .message_create
                    .filter(|_| event.kind == "message_create")
                else {
                    delivery.parsed.skipped += 1;
                    continue;
                };
                let sent_at = millis(event.created_timestamp.as_deref(), received_at);
                if message.sender_id == account {
                    // Ours or a person's on the account: decided after parsing.
                    delivery
                        .sent_texts
                        .insert(event.id.clone(), message.message_data.text);
                    delivery.parsed.events.push(inbound(
                        message.target.recipient_id,
                        event.id,
                        sent_at,
                        InboundKind::Echo { app_id: None },
                    ));
                } else if kind == "dm.received" {
                    let kind = InboundKind::Message {
                        text: Some(message.message_data.text),
                        attachments: Vec::new(),
                        quick_reply: None,
                    };
                    delivery.parsed.events.push(inbound(
                        message.sender_id,
                        event.id,
                        sent_at,
                        kind,
                    ));
                } else {
                    delivery.parsed.skipped += 1;
                }
            }
        }
        "post.mention.create" | "post.reply.create" => {
            let post: Post = match serde_json::from_value(data.payload) {
                Ok(post) => post,
                Err(error) => {
                    tracing::warn!(event_uuid = %data.event_uuid, %error, "unreadable XAA post payload, skipped");
                    delivery.parsed.skipped += 1;
                    return delivery;
                }
            };
            if post.author_id == account {
                delivery.parsed.skipped += 1;
                return delivery;
            }
            let author = data
                .includes
                .users
                .into_iter()
                .find(|user| user.id == post.author_id)
                .and_then(|user| user.username);
            let kind = InboundKind::Mention {
                text: post.text,
                author,
            };
            let sent_at = post.created_at.unwrap_or(received_at);
            delivery
                .parsed
                .events
                .push(inbound(post.author_id, post.id, sent_at, kind));
        }
        other => {
            tracing::debug!(event_type = other, "XAA event kind not handled, skipped");
            delivery.parsed.skipped += 1;
        }
    }
    delivery
}

#[cfg(test)]
mod tests {
    use super::super::parse_delivery;
    use super::*;

    fn read(body: &str) -> Delivery {
        parse_delivery(body.as_bytes(), "29401847", Utc::now()).expect("valid payload")
    }

    #[test]
    fn a_received_dm() {
        let delivery = read(include_str!(
            "../../../webhooks/x_activity_dm_received.json"
        ));
        let [event] = delivery.parsed.events.as_slice() else {
            panic!("one event expected: {delivery:?}")
        };
        assert_eq!(event.page_id, "1602317347845976187");
        assert_eq!(event.customer_id, "1428747032328024187");
        assert_eq!(event.message_id, "2125155986460222131");
        assert_eq!(event.sent_at.timestamp_millis(), 1795511645318);
        assert_eq!(event.verified_by_app.as_deref(), Some("29401847"));
        assert_eq!(
            event.kind,
            InboundKind::Message {
                text: Some(
                    "Hi! Order #48213 still hasn't arrived 😕 Can you check where it is?".into()
                ),
                attachments: vec![],
                quick_reply: None
            }
        );
    }

    #[test]
    fn a_sent_dm_is_an_echo_to_be_attributed() {
        let delivery = read(include_str!(
            "../../../webhooks/x_activity_dm_sent_own.json"
        ));
        let [event] = delivery.parsed.events.as_slice() else {
            panic!("one event expected: {delivery:?}")
        };
        assert_eq!(event.kind, InboundKind::Echo { app_id: None });
        assert_eq!(
            event.customer_id, "1428747032328024187",
            "the customer's conversation"
        );
        assert!(
            delivery.sent_texts["2125156005686854869"].starts_with("Thanks Jordan, we're on it.")
        );
    }

    #[test]
    fn a_mention_names_its_author_and_our_own_posts_are_skipped() {
        let sample = include_str!("../../../webhooks/x_activity_mention.json");
        let delivery = read(sample);
        let [event] = delivery.parsed.events.as_slice() else {
            panic!("one event expected: {delivery:?}")
        };
        assert_eq!(event.message_id, "2125157883653059047");
        assert_eq!(event.customer_id, "1428747032328024187");
        assert_eq!(event.sent_at.to_rfc3339(), "2026-11-24T09:21:37+00:00");
        assert!(
            matches!(&event.kind, InboundKind::Mention { author: Some(a), text } if a == "jrivera_dev" && text.starts_with("@AcmeSupport order 48213"))
        );
        let reply = sample.replace("post.mention.create", "post.reply.create");
        assert_eq!(read(&reply).parsed.events.len(), 1, "replies are mentions");
        let own = sample.replace(
            "\"author_id\": \"1428747032328024187\"",
            "\"author_id\": \"1602317347845976187\"",
        );
        let own = read(&own);
        assert!(own.parsed.events.is_empty());
        assert_eq!(own.parsed.skipped, 1);
    }

    #[test]
    fn a_revocation_and_unhandled_kinds() {
        let revoke = r#"{"data":{"event_uuid":"5120398847162290451","filter":{},"event_type":"oauth.revoke","payload":{"date_time":"2026-11-24T11:05:42+00:00","user_id":"1602317347845976187","app_id":"29401847"}}}"#;
        let delivery = read(revoke);
        assert_eq!(delivery.revoked, ["1602317347845976187"]);
        assert!(delivery.parsed.events.is_empty());
        let typing = r#"{"data":{"event_uuid":"1","filter":{"user_id":"1"},"event_type":"dm.indicate_typing","payload":{}}}"#;
        assert_eq!(read(typing).parsed.skipped, 1);
        assert!(parse_delivery(br#"{"data":{"event_uuid":"1"}}"#, "a", Utc::now()).is_err());
        let batch = r#"{"data":[{"event_uuid":"1","filter":{"user_id":"1"},"event_type":"dm.read","payload":{}},
            {"event_uuid":"2","filter":{"user_id":"1"},"event_type":"dm.indicate_typing","payload":{}}]}"#;
        assert_eq!(
            read(batch).parsed.skipped,
            2,
            "a batch is read event by event"
        );
    }
}
