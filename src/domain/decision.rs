//! What frontdesk decided to do with one event, and why: the data `policy::decide_in`
//! returns, kept with each customer message in its conversation.
//!
//! These types live apart from `policy` so that `conversation` (which stores them) and
//! `policy` (which reads conversations) do not import each other.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::faq::Match;
use super::locale::Language;
use super::page::MentionReply;
use super::schedule::Why;

/// What to do with one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<AutoReply>,
    /// Whether the conversation goes to the human queue.
    pub escalate: bool,
    #[serde(default)]
    pub priority: Priority,
    /// Labels for the conversation (`stale`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// Why, in order of evaluation: the explanation of "why did the bot say this?".
    pub reasons: Vec<Reason>,
    /// The page's crisis announcement, sent ahead of the reply to a customer who has not had
    /// it yet (the worker sends it once per customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement: Option<String>,
}

/// How urgently a person should look at a conversation, least urgent first (the order is
/// the queue's: `Low` after `Normal`, `High` ahead of both).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// When there is time: obvious phishing (labelled `spam`).
    Low,
    #[default]
    Normal,
    High,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
        }
    }
}

/// An automatic reply to send to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AutoReply {
    pub kind: AutoReplyKind,
    pub text: String,
    pub language: Language,
    /// The same reply (same kind and topic) goes to one customer at most once in this period
    /// (seconds).
    #[serde(with = "seconds")]
    #[schema(value_type = u64)]
    pub at_most_once_per: Duration,
    /// Whether it answers the customer's public post in public instead of privately.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
    /// Buttons offered with the reply: (title, payload).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick_replies: Vec<(String, String)>,
}

impl AutoReply {
    /// What "the same reply" means for throttling: the kind, and the FAQ entry for answers.
    pub fn throttle_topic(&self) -> String {
        match &self.kind {
            AutoReplyKind::FaqAnswer { entry } => format!("faq:{entry}"),
            kind => kind.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AutoReplyKind {
    Acknowledgement,
    AfterHours,
    FaqAnswer { entry: String },
}

impl AutoReplyKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            AutoReplyKind::Acknowledgement => "acknowledgement",
            AutoReplyKind::AfterHours => "after_hours",
            AutoReplyKind::FaqAnswer { .. } => "faq_answer",
        }
    }
}

/// One rule that shaped the decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// The page itself sent this message; answering would talk to ourselves.
    OwnMessage,
    /// A public mention: a person answers it; an automatic reply only as the page allows.
    PublicMention { reply: MentionReply },
    /// Too old to answer as if it were new; a person sees it instead.
    Stale { age_hours: i64 },
    /// The customer pressed "talk to a person".
    AskedForPerson,
    /// A person holds the conversation: the bot stays silent until it is released or
    /// resolved.
    PersonHandling { by: String },
    /// What the FAQ matcher concluded (answer, or why not).
    Faq {
        #[serde(rename = "match")]
        result: Match,
    },
    /// The team is working now, by the schedule rule `because`.
    OfficeHours { because: Why },
    /// The team is away (by `because`); it comes back at `next_open` (never, when `None`).
    AfterHours {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_open: Option<DateTime<Utc>>,
        because: Why,
    },
    /// The same automatic reply went out recently (set by the worker, not by `decide`).
    RecentlyReplied,
    /// A comment on a page post: a person answers it; the customer gets a private reply
    /// when the page enables them and the comment is young enough (7 days).
    Comment { private_reply: bool },
    /// The page is in crisis mode until `until`: the customer gets the announcement first.
    Crisis { until: DateTime<Utc> },
    /// The customer asks again what FAQ entry `entry` already answered in this conversation:
    /// the answer did not help, so a person takes over.
    AskedAgain { entry: String },
    /// A person answered as the page outside frontdesk (the platform's own inbox or another
    /// app): they hold the conversation, as `by`, until it is released or resolved.
    AnsweredOutside { by: String },
    /// Only thanks, a greeting or an emoji after an answer: nothing to answer, no new work.
    Courtesy,
}

mod seconds {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_secs)
    }
}
