//! What the human queue holds: conversations, their messages and the fate of each reply.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::ConversationKey;
use super::policy::{Decision, Priority};

/// Where a conversation stands for the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for a person to pick it up.
    New,
}

/// A conversation as the staff see it, with every message in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    #[serde(flatten)]
    pub key: ConversationKey,
    pub status: Status,
    #[serde(default)]
    pub priority: Priority,
    /// When the conversation first needed a person.
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Customer,
    Bot,
}

/// One message in a conversation. Customer messages carry the decision taken on them, bot
/// messages carry what became of their delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Stable id: the platform's message id for customer messages, `reply:<that id>` for ours.
    pub id: String,
    pub author: Author,
    pub text: String,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

/// What happened to a reply we tried to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    Pending,
    Sent {
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        platform_message_id: Option<String>,
        attempts: u32,
    },
    Failed {
        at: DateTime<Utc>,
        error: String,
        attempts: u32,
    },
}

impl Conversation {
    /// Orders messages by time (ties by id) so every store returns the same sequence.
    pub fn sort_messages(&mut self) {
        self.messages
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    }
}

/// A reply waiting in the outbox to be sent to a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboundReply {
    /// The id of the bot message it becomes in the conversation (`reply:<customer message id>`).
    pub id: String,
    pub conversation: ConversationKey,
    pub text: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub route: ReplyRoute,
    /// Buttons offered with the reply: (title, payload), where the channel supports them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick_replies: Vec<(String, String)>,
}

/// How a reply reaches the customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReplyRoute {
    /// A private message to the customer.
    #[default]
    Direct,
    /// A public answer to one of the customer's posts (an X reply to a mention).
    PublicReply { to: String },
}

impl OutboundReply {
    /// The conversation message for this reply in the given delivery state.
    pub fn as_message(&self, delivery: Delivery) -> Message {
        Message {
            id: self.id.clone(),
            author: Author::Bot,
            text: self.text.clone(),
            at: self.created_at,
            decision: None,
            delivery: Some(delivery),
        }
    }
}
