//! Channel-neutral inbound events: what every channel parser produces and the worker consumes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The platform a message came through and a reply must go back through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Messenger,
    X,
    /// Instagram DMs and comments, through the same Meta app as Messenger.
    Instagram,
}

impl Channel {
    /// Every channel, in the order a page id is looked up when the channel is not given.
    pub const ALL: [Channel; 3] = [Channel::Messenger, Channel::X, Channel::Instagram];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Messenger => "messenger",
            Channel::X => "x",
            Channel::Instagram => "instagram",
        }
    }

    /// Meta's messaging rules apply (Messenger and Instagram): any reply within 24 hours of
    /// the customer's last message, then only a person's, with the `HUMAN_AGENT` tag, for
    /// up to 7 days.
    pub fn has_messaging_window(self) -> bool {
        matches!(self, Channel::Messenger | Channel::Instagram)
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a customer (or the page itself) did, as recorded before we answer the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbound {
    pub channel: Channel,
    /// The page the event belongs to: the Facebook Page id, or the X account's user id.
    pub page_id: String,
    /// The customer on the other side of the conversation (a PSID on Messenger, a user id on X).
    pub customer_id: String,
    /// The platform's id of the message; redeliveries carry the same id.
    pub message_id: String,
    /// When the platform says the customer sent it.
    pub sent_at: DateTime<Utc>,
    /// The app whose secret verified the delivery (see `channels::signature`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by_app: Option<String>,
    pub kind: InboundKind,
    /// Which request recorded it, and when (none on entries recorded before it was kept).
    #[serde(default, skip_serializing_if = "Trace::is_empty")]
    pub trace: Trace,
}

/// Where a piece of work came from, carried with it for logs and metrics: the id of the HTTP
/// request that recorded it (`X-Request-Id`) and when that request was received. Work
/// recorded before this was kept has neither.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
}

impl Trace {
    pub fn is_empty(&self) -> bool {
        self.request_id.is_none() && self.received_at.is_none()
    }

    /// The request id for a log field; empty when unknown.
    pub fn request_id(&self) -> &str {
        self.request_id.as_deref().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundKind {
    /// A customer's message: text, attachments or both.
    Message {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attachments: Vec<String>,
        /// The payload of a quick-reply button the customer tapped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quick_reply: Option<String>,
    },
    /// A customer pressed a button.
    Postback { title: String, payload: String },
    /// A public post that mentions the page (an X mention); `message_id` is the post's id.
    Mention {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        author: Option<String>,
    },
    /// A comment on one of the page's posts (Messenger feed); `message_id` is the comment's
    /// id, the one a private reply goes to.
    Comment { text: String, post_id: String },
    /// A message the page sent (by us, another app or a person in the page inbox).
    Echo {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        app_id: Option<String>,
    },
}

impl Inbound {
    /// The conversation this event belongs to.
    pub fn conversation(&self) -> ConversationKey {
        ConversationKey {
            channel: self.channel,
            page_id: self.page_id.clone(),
            customer_id: self.customer_id.clone(),
        }
    }

    /// Identifies the message across redeliveries, also across instances.
    pub fn dedupe_key(&self) -> String {
        format!("{}:{}:{}", self.channel, self.page_id, self.message_id)
    }

    /// The text a person would read, for the queue and for matching.
    pub fn display_text(&self) -> String {
        match &self.kind {
            InboundKind::Message {
                text, attachments, ..
            } => match (text, attachments.is_empty()) {
                (Some(text), true) => text.clone(),
                (Some(text), false) => format!("{text} [{}]", attachments.join(", ")),
                (None, _) => format!("[{}]", attachments.join(", ")),
            },
            InboundKind::Postback { title, .. } => format!("[button] {title}"),
            InboundKind::Mention { text, .. } => text.clone(),
            InboundKind::Comment { text, .. } => format!("[comment] {text}"),
            InboundKind::Echo { .. } => String::new(),
        }
    }
}

/// A conversation is one customer talking to one page through one channel.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConversationKey {
    pub channel: Channel,
    pub page_id: String,
    pub customer_id: String,
}

impl std::fmt::Display for ConversationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.channel, self.page_id, self.customer_id)
    }
}
