//! Instagram DMs and comments (`object: "instagram"`, protocols-2.md §IG): the webhook payload,
//! parsed into channel-neutral `Inbound` events, and sending through the right host.
//!
//! An Instagram professional account is a page of its own (`channel = "instagram"`, id = the
//! webhook's `entry.id`). Per entry: `messaging[]` (messages, echoes, postbacks), `changes[]`
//! (comments), or a flat `field`/`value` pair (the Instagram-Login comment shape Meta shows).
//!
//! - Messages with attachments, story replies (`reply_to.story`) and content the API cannot
//!   show (`is_unsupported`) carry a marker in `attachments`, so they reach a person.
//! - Reactions, reads, edits, unsent messages, referrals and Meta's self-test messages carry
//!   nothing to answer: counted as skipped.
//! - Echoes (`is_echo`) are recorded as `Echo`. Instagram echoes carry no `app_id` (§IG.3), so
//!   the webhook attributes them with `sent_by_us` before recording: ours get the app that
//!   signed the delivery, one a person sent from the Instagram app keeps `None`.
//! - The account's own comments are skipped.
//!
//! Sending: Facebook Login goes through the linked Page's Send API on `graph.facebook.com`
//! with the Page token (as Messenger); Instagram Login through `graph.instagram.com` with the
//! account's Instagram user token as a bearer token.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::messenger::{self, Recipient};
use super::{Parsed, SendError};
use crate::domain::conversation::{Author, Conversation, Delivery};
use crate::domain::event::{Channel, Inbound, InboundKind};
use crate::domain::page::InstagramLogin;

/// The Instagram Graph host with the pinned Graph version (Instagram Login).
pub const DEFAULT_GRAPH_BASE: &str = "https://graph.instagram.com/v25.0";

/// Instagram accepts at most this many bytes of text in one message (§IG.6).
pub const MAX_TEXT_BYTES: usize = 1000;

/// The marker a story reply carries in `attachments`.
pub const STORY_REPLY: &str = "story_reply";

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
    time: Option<i64>,
    #[serde(default)]
    messaging: Vec<MessagingEvent>,
    #[serde(default)]
    changes: Vec<Change>,
    /// The flat Instagram-Login comment shape: `field` and `value` on the entry itself.
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    value: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: serde_json::Value,
}

#[derive(Debug, Deserialize)]
struct MessagingEvent {
    sender: Party,
    recipient: Party,
    #[serde(default)]
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
    #[serde(default)]
    is_deleted: bool,
    #[serde(default)]
    is_self: bool,
    #[serde(default)]
    is_unsupported: bool,
    #[serde(default)]
    app_id: Option<serde_json::Value>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    reply_to: Option<ReplyTo>,
    quick_reply: Option<QuickReply>,
}

#[derive(Debug, Deserialize)]
struct Attachment {
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct ReplyTo {
    story: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct QuickReply {
    payload: String,
}

#[derive(Debug, Deserialize)]
struct Postback {
    mid: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    payload: String,
}

/// Parses a verified Instagram delivery. `verified_by_app` is the app whose secret signed it.
pub fn parse(
    body: &[u8],
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Result<Parsed, serde_json::Error> {
    let envelope: Envelope = serde_json::from_slice(body)?;
    let mut parsed = Parsed::default();
    if envelope.object != "instagram" {
        parsed.skipped = envelope.entry.len();
        return Ok(parsed);
    }
    for entry in envelope.entry {
        let flat = match (&entry.field, &entry.value) {
            (Some(field), Some(value)) => Some(Change {
                field: field.clone(),
                value: value.clone(),
            }),
            _ => None,
        };
        for change in entry.changes.iter().chain(flat.as_ref()) {
            match comment(&entry, change, verified_by_app, received_at) {
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

/// A comment on one of the account's posts (`field: "comments"` or `"live_comments"`); the
/// account's own comments are skipped so answering never loops.
fn comment(
    entry: &Entry,
    change: &Change,
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Option<Inbound> {
    if !matches!(change.field.as_str(), "comments" | "live_comments") {
        return None;
    }
    let value = &change.value;
    let author = value["from"]["id"].as_str()?;
    if author == entry.id {
        return None;
    }
    let id = value["id"].as_str().or(value["comment_id"].as_str())?;
    Some(Inbound {
        trace: Default::default(),
        channel: Channel::Instagram,
        page_id: entry.id.clone(),
        customer_id: author.to_owned(),
        message_id: id.to_owned(),
        // Comment entries give their time in seconds; accept milliseconds as well.
        sent_at: entry.time.and_then(from_epoch).unwrap_or(received_at),
        verified_by_app: Some(verified_by_app.to_owned()),
        kind: InboundKind::Comment {
            text: value["text"].as_str().unwrap_or_default().to_owned(),
            post_id: value["media"]["id"].as_str().unwrap_or_default().to_owned(),
        },
    })
}

/// Epoch seconds or milliseconds (13 digits), whichever the number is.
fn from_epoch(n: i64) -> Option<DateTime<Utc>> {
    if n > 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

fn into_inbound(
    account: &str,
    event: MessagingEvent,
    verified_by_app: &str,
    received_at: DateTime<Utc>,
) -> Option<Inbound> {
    let sent_at = event.timestamp.and_then(from_epoch).unwrap_or(received_at);
    let (message_id, customer_id, kind) = if let Some(message) = event.message {
        if message.is_deleted || message.is_self {
            return None;
        }
        if message.is_echo {
            // Sent by the account, to the customer.
            let app_id = message.app_id.and_then(|id| match id {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            (
                message.mid,
                event.recipient.id,
                InboundKind::Echo { app_id },
            )
        } else {
            let mut attachments: Vec<String> =
                message.attachments.into_iter().map(|a| a.kind).collect();
            if message.reply_to.is_some_and(|r| r.story.is_some()) {
                attachments.push(STORY_REPLY.into());
            }
            if message.is_unsupported {
                attachments.push("unsupported: see the Instagram app".into());
            }
            let kind = InboundKind::Message {
                text: message.text,
                attachments,
                quick_reply: message.quick_reply.map(|q| q.payload),
            };
            (message.mid, event.sender.id, kind)
        }
    } else if let Some(postback) = event.postback {
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
        // Reactions, reads, edits, referrals.
        return None;
    };
    if customer_id == account && !matches!(kind, InboundKind::Echo { .. }) {
        return None;
    }
    Some(Inbound {
        trace: Default::default(),
        channel: Channel::Instagram,
        page_id: account.to_owned(),
        customer_id,
        message_id,
        sent_at,
        verified_by_app: Some(verified_by_app.to_owned()),
        kind,
    })
}

/// Whether an echo with this `mid` is a message frontdesk sent in `conversation`: the Send
/// API gave that id back, or one of our replies is still on its way (its echo can arrive
/// before the send's answer is recorded). Anything else was sent by a person from the
/// Instagram app.
pub fn sent_by_us(conversation: &Conversation, mid: &str) -> bool {
    conversation
        .messages
        .iter()
        .filter(|m| m.author != Author::Customer)
        .any(|m| match &m.delivery {
            Some(Delivery::Pending) => true,
            Some(Delivery::Sent {
                platform_message_id: Some(id),
                ..
            }) => id == mid,
            _ => false,
        })
}

/// Sends Instagram replies through the host of the account's login.
#[derive(Debug, Clone)]
pub struct InstagramClient {
    http: reqwest::Client,
    /// `graph.facebook.com` with its version (Facebook Login, the Page's token).
    facebook_base: String,
    /// `graph.instagram.com` with its version (Instagram Login, the account's token).
    instagram_base: String,
}

impl InstagramClient {
    pub fn new(http: reqwest::Client, facebook_base: &str, instagram_base: &str) -> Self {
        InstagramClient {
            http,
            facebook_base: facebook_base.trim_end_matches('/').to_owned(),
            instagram_base: instagram_base.trim_end_matches('/').to_owned(),
        }
    }

    /// The same client, sending Instagram-Login replies to `instagram_base`.
    pub fn with_instagram_base(mut self, instagram_base: &str) -> Self {
        instagram_base
            .trim_end_matches('/')
            .clone_into(&mut self.instagram_base);
        self
    }

    /// Sends a text (cut to Instagram's 1000 bytes) to a customer or, privately, to the
    /// author of a comment. Returns Meta's message id.
    pub async fn send_text(
        &self,
        login: InstagramLogin,
        access_token: &SecretString,
        recipient: Recipient<'_>,
        text: &str,
        quick_replies: &[(String, String)],
        human_agent: bool,
    ) -> Result<Option<String>, SendError> {
        let body = messenger::message_body(
            recipient,
            truncate(text, MAX_TEXT_BYTES),
            quick_replies,
            human_agent,
        );
        let request = match login {
            InstagramLogin::Facebook => self
                .http
                .post(format!("{}/me/messages", self.facebook_base))
                .query(&[("access_token", access_token.expose_secret())]),
            InstagramLogin::Instagram => self
                .http
                .post(format!("{}/me/messages", self.instagram_base))
                .bearer_auth(access_token.expose_secret()),
        };
        messenger::send_message(request, &body).await
    }
}

/// `text` cut to at most `max` bytes on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    tracing::warn!(
        bytes = text.len(),
        "an Instagram message is longer than {max} bytes; sending its beginning"
    );
    let mut end = max;
    while !text.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::ConversationKey;

    const ACCOUNT: &str = "17841456203381927";
    const IGSID: &str = "7391824650017253";

    fn parse_file(body: &str) -> Parsed {
        parse(body.as_bytes(), "app", Utc::now()).expect("valid payload")
    }

    #[test]
    fn story_reply_and_attachment_reach_a_person_and_the_reaction_is_skipped() {
        let parsed = parse_file(include_str!("../../webhooks/instagram_dm.json"));
        assert_eq!(parsed.skipped, 1, "the reaction");
        let [story, image] = parsed.events.as_slice() else {
            panic!("two events expected: {parsed:?}")
        };
        for event in [story, image] {
            assert_eq!(event.channel, Channel::Instagram);
            assert_eq!(event.page_id, ACCOUNT);
            assert_eq!(event.customer_id, IGSID);
        }
        assert_eq!(story.sent_at.timestamp_millis(), 1_795_514_531_406);
        assert_eq!(
            story.kind,
            InboundKind::Message {
                text: Some(
                    "Is this jacket still available in size M? Need it before Saturday 🙏".into()
                ),
                attachments: vec![STORY_REPLY.into()],
                quick_reply: None,
            }
        );
        assert_eq!(
            image.kind,
            InboundKind::Message {
                text: None,
                attachments: vec!["image".into()],
                quick_reply: None,
            }
        );
    }

    #[test]
    fn echo_belongs_to_the_customer_conversation_and_has_no_app() {
        let parsed = parse_file(include_str!("../../webhooks/instagram_dm_echo.json"));
        let [echo] = parsed.events.as_slice() else {
            panic!("one event expected: {parsed:?}")
        };
        assert_eq!(echo.customer_id, IGSID);
        assert_eq!(echo.kind, InboundKind::Echo { app_id: None });
        let with_app = include_str!("../../webhooks/instagram_dm_echo.json").replace(
            "\"is_echo\": true",
            "\"is_echo\": true, \"app_id\": 948271635012345",
        );
        assert_eq!(
            parse_file(&with_app).events[0].kind,
            InboundKind::Echo {
                app_id: Some("948271635012345".into())
            }
        );
    }

    #[test]
    fn comments_in_either_shape_and_never_our_own() {
        let text = include_str!("../../webhooks/instagram_comment.json");
        let parsed = parse_file(text);
        let [comment] = parsed.events.as_slice() else {
            panic!("one event expected: {parsed:?}")
        };
        assert_eq!(comment.message_id, "18093417726051234");
        assert_eq!(comment.customer_id, "6952301847716630");
        assert_eq!(comment.sent_at.timestamp(), 1_795_515_344, "seconds");
        assert_eq!(
            comment.kind,
            InboundKind::Comment {
                text: "Is the blue one back in stock? 💙 DM me the price pls".into(),
                post_id: "18047719903215566".into(),
            }
        );
        let own = text.replace("6952301847716630", ACCOUNT);
        assert_eq!(parse_file(&own).events.len(), 0);
        let flat = format!(
            r#"{{"object":"instagram","entry":[{{"id":"{ACCOUNT}","time":1795515344,"field":"comments","value":{{"from":{{"id":"5"}},"media":{{"id":"9"}},"comment_id":"77","text":"hi"}}}}]}}"#
        );
        let flat = parse_file(&flat);
        assert_eq!(flat.events[0].message_id, "77");
        let mentions = format!(
            r#"{{"object":"instagram","entry":[{{"id":"{ACCOUNT}","time":1,"changes":[{{"field":"mentions","value":{{"media_id":"1"}}}}]}}]}}"#
        );
        assert_eq!(parse_file(&mentions).skipped, 1);
    }

    #[test]
    fn deleted_self_and_other_objects_are_skipped() {
        let event = |extra: &str| {
            format!(
                r#"{{"object":"instagram","entry":[{{"id":"{ACCOUNT}","time":1,"messaging":[{{"sender":{{"id":"{IGSID}"}},"recipient":{{"id":"{ACCOUNT}"}},"timestamp":1795514531406,"message":{{"mid":"m1","text":"x"{extra}}}}}]}}]}}"#
            )
        };
        assert_eq!(parse_file(&event("")).events.len(), 1);
        assert_eq!(parse_file(&event(r#","is_deleted":true"#)).events.len(), 0);
        assert_eq!(parse_file(&event(r#","is_self":true"#)).events.len(), 0);
        let unsupported = parse_file(&event(r#","is_unsupported":true"#));
        assert!(matches!(
            &unsupported.events[0].kind,
            InboundKind::Message { attachments, .. } if attachments.len() == 1
        ));
        let page = event("").replace("\"object\":\"instagram\"", "\"object\":\"page\"");
        assert_eq!(parse_file(&page).events.len(), 0);
    }

    #[test]
    fn echoes_are_ours_when_the_id_is_known_or_a_reply_is_on_its_way() {
        let key = ConversationKey {
            channel: Channel::Instagram,
            page_id: ACCOUNT.into(),
            customer_id: IGSID.into(),
        };
        let mut conversation = Conversation::new(key, Utc::now());
        let ours = |delivery| crate::domain::conversation::Message {
            id: "reply:1".into(),
            author: Author::Bot,
            text: "hi".into(),
            at: Utc::now(),
            by: None,
            decision: None,
            delivery: Some(delivery),
        };
        assert!(!sent_by_us(&conversation, "m_echo"));
        conversation.messages.push(ours(Delivery::Pending));
        assert!(sent_by_us(&conversation, "m_echo"));
        conversation.messages[0] = ours(Delivery::Sent {
            at: Utc::now(),
            platform_message_id: Some("m_echo".into()),
            attempts: 1,
        });
        assert!(sent_by_us(&conversation, "m_echo"));
        assert!(!sent_by_us(&conversation, "m_person"));
    }

    #[test]
    fn signature_vectors_ig_1_and_its_negative() {
        use super::super::signature::{AppKeys, SignatureError, verify_hex};
        // protocols-2.md §V.2: the compact wire body, with `\u` escapes as Meta sends them.
        let body = r#"{"object":"instagram","entry":[{"time":1795514601220,"id":"17841456203381927","messaging":[{"sender":{"id":"7391824650017253"},"recipient":{"id":"17841456203381927"},"timestamp":1795514600874,"message":{"mid":"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDU2MjAzMzgxOTI3OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjA2MzkxODIwNDc3NTEyOTozMjY0MzExMjI1MDcxNjg0Mjk5ODM3NDEwNTU2MzIzNDMwNAZDZD","text":"Dzi\u0119kuj\u0119! \ud83d\ude4c"}}]}]}"#;
        assert_eq!(body.len(), 423);
        let secret = |s: &str| [SecretString::from(s.to_owned())];
        let apps = [
            AppKeys::new("meta", &secret("a1b2c3d4e5f60718293a4b5c6d7e8f90")),
            AppKeys::new("instagram", &secret("5f0c9e2a7b14d3386e91a0c4b7d2e815")),
        ];
        let meta = b"sha256=d59fcc7e010ad9913bb1cfd2f560afd6a67a79839842e88fad689dec144ecc21";
        let ig = b"sha256=90775c601f3f4b0402a717b9ec2db65fce6eeb4a9a07665cfcd40e7289f0c1ba";
        assert_eq!(verify_hex(&apps, Some(meta), body.as_bytes()), Ok("meta"));
        assert_eq!(
            verify_hex(&apps, Some(ig), body.as_bytes()),
            Ok("instagram")
        );
        assert_eq!(
            verify_hex(&apps[..1], Some(ig), body.as_bytes()),
            Err(SignatureError::Mismatch)
        );
        // IG-1-neg: the same JSON re-serialized with raw UTF-8 no longer verifies.
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        let reencoded = serde_json::to_string(&value).unwrap();
        assert_eq!(reencoded.len(), 407);
        assert_eq!(
            verify_hex(&apps, Some(meta), reencoded.as_bytes()),
            Err(SignatureError::Mismatch)
        );
        // And the parser reads the escaped text.
        let parsed = parse(body.as_bytes(), "meta", Utc::now()).unwrap();
        assert!(matches!(
            &parsed.events[0].kind,
            InboundKind::Message { text: Some(t), .. } if t == "Dziękuję! 🙌"
        ));
    }

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        let text = "ž".repeat(600);
        let cut = truncate(&text, MAX_TEXT_BYTES);
        assert_eq!(cut.len(), 1000);
        assert!(text.starts_with(cut));
        assert_eq!(truncate("short", MAX_TEXT_BYTES), "short");
    }
}
