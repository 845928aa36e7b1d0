//! What the human queue holds: conversations, their messages and the fate of each reply, and
//! how a conversation moves between people (claim, release, assign, resolve, reopen).
//!
//! The transitions are pure functions here; the embedded store applies them in a
//! transaction and the Redis store mirrors them in Lua, and the store contract tests hold
//! both to the same behaviour.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::decision::{Decision, Priority};
use super::event::{ConversationKey, Trace};

/// Where a conversation stands for the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for a person to pick it up.
    New,
    /// A person has it.
    Assigned,
    /// A person answered; the customer's turn.
    WaitingOnCustomer,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Assigned => "assigned",
            Status::WaitingOnCustomer => "waiting_on_customer",
            Status::Resolved => "resolved",
        }
    }
}

/// After this many customer messages without a person's answer, the conversation gets high
/// priority.
pub const UNANSWERED_FOR_PRIORITY: u32 = 3;

/// A note about the customer, kept with the conversation (one per customer, page and
/// channel, reopened rather than duplicated, so notes stay with the customer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Note {
    pub author: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// A change a person makes to a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Take it; only one person can hold a conversation.
    Claim {
        staff: String,
    },
    /// Give it back to the queue.
    Release,
    /// Hand it to a colleague.
    Assign {
        to: String,
    },
    Resolve,
    Reopen,
}

/// For logs: `claim by ann`, `release`, `assign to bob`, `resolve`, `reopen`.
impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Claim { staff } => write!(f, "claim by {staff}"),
            Change::Release => f.write_str("release"),
            Change::Assign { to } => write!(f, "assign to {to}"),
            Change::Resolve => f.write_str("resolve"),
            Change::Reopen => f.write_str("reopen"),
        }
    }
}

/// How one recorded event moves its conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Turn {
    /// The customer wrote and waits for an answer (`Conversation::on_customer_message`).
    #[default]
    Customer,
    /// The customer only acknowledged an answer (thanks, a greeting, an emoji): the message is
    /// kept, and nothing reopens or counts as unanswered.
    Aside,
    /// A person answered as the page outside frontdesk (the platform's inbox, another app):
    /// they hold the conversation as `by` (`Conversation::on_staff_reply`).
    Outside { by: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("the conversation is held by {0}")]
    HeldBy(String),
    #[error("the conversation is resolved; reopen it first")]
    Resolved,
}

/// A conversation as the staff see it, with every message in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Conversation {
    #[serde(flatten)]
    pub key: ConversationKey,
    pub status: Status,
    #[serde(default)]
    pub priority: Priority,
    /// The person who has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Customer messages since a person last answered.
    #[serde(default)]
    pub unanswered: u32,
    /// When the conversation first needed a person.
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When a person last resolved it; what the customer writes after it starts a new episode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Customer,
    Bot,
    Staff,
}

/// One message in a conversation. Customer messages carry the decision taken on them, bot
/// messages carry what became of their delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Message {
    /// Stable id: the platform's message id for customer messages, `reply:<that id>` for ours.
    pub id: String,
    pub author: Author,
    pub text: String,
    pub at: DateTime<Utc>,
    /// The person who wrote it (staff messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

/// What happened to a reply we tried to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    Pending,
    Sent {
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        platform_message_id: Option<String>,
        attempts: u32,
    },
    /// The last attempt failed; the next one is scheduled in the store.
    Retrying {
        attempts: u32,
        error: String,
        next_attempt_at: DateTime<Utc>,
    },
    /// Given up: the conversation is queued for a person (`DELIVERY_FAILED`).
    Failed {
        at: DateTime<Utc>,
        error: String,
        attempts: u32,
    },
}

/// The label of a conversation whose reply could not be delivered.
pub const DELIVERY_FAILED: &str = "delivery_failed";

impl Conversation {
    /// A new conversation, first needing attention at `at`.
    pub fn new(key: ConversationKey, at: DateTime<Utc>) -> Self {
        Conversation {
            key,
            status: Status::New,
            priority: Priority::Normal,
            assignee: None,
            labels: BTreeSet::new(),
            notes: Vec::new(),
            unanswered: 0,
            created_at: at,
            updated_at: at,
            resolved_at: None,
            messages: Vec::new(),
        }
    }

    /// The conversation a customer's first event opens: at the lowest priority, so that the
    /// event's own priority becomes the conversation's (`on_event` only raises it).
    pub fn opened(key: ConversationKey, at: DateTime<Utc>) -> Self {
        Conversation {
            priority: Priority::Low,
            ..Conversation::new(key, at)
        }
    }

    /// Applies a person's change, or says why it cannot be made.
    pub fn apply(&mut self, change: &Change, now: DateTime<Utc>) -> Result<(), ChangeError> {
        match change {
            Change::Claim { staff } => {
                if self.status == Status::Resolved {
                    return Err(ChangeError::Resolved);
                }
                if let Some(holder) = self.assignee.as_ref().filter(|h| *h != staff) {
                    return Err(ChangeError::HeldBy(holder.clone()));
                }
                self.assignee = Some(staff.clone());
                self.status = Status::Assigned;
            }
            Change::Assign { to } => {
                if self.status == Status::Resolved {
                    return Err(ChangeError::Resolved);
                }
                self.assignee = Some(to.clone());
                self.status = Status::Assigned;
            }
            Change::Release => {
                self.assignee = None;
                if self.status != Status::Resolved {
                    self.status = Status::New;
                }
            }
            Change::Resolve => {
                self.assignee = None;
                self.status = Status::Resolved;
                self.unanswered = 0;
                self.resolved_at = Some(now);
            }
            Change::Reopen => self.status = Status::New,
        }
        self.updated_at = now;
        Ok(())
    }

    /// The customer wrote again: a resolved conversation reopens, one waiting on the
    /// customer goes back to its person (or the queue), and a customer who keeps writing
    /// without an answer moves up (`UNANSWERED_FOR_PRIORITY` messages), unless all it said
    /// was low priority (a phishing run stays low).
    pub fn on_customer_message(&mut self) {
        self.unanswered += 1;
        if self.unanswered >= UNANSWERED_FOR_PRIORITY && self.priority != Priority::Low {
            self.priority = Priority::High;
        }
        self.needs_attention();
    }

    /// A reply to the customer could not be delivered: whoever had the conversation (the
    /// bot or a person) needs to know, so it needs someone again, labelled.
    pub fn on_delivery_failed(&mut self) {
        self.labels.insert(DELIVERY_FAILED.to_owned());
        self.needs_attention();
    }

    /// Back to someone's attention: a resolved conversation reopens unheld, one waiting on
    /// the customer goes back to whoever held it.
    fn needs_attention(&mut self) {
        self.status = match (self.status, &self.assignee) {
            (Status::Resolved, _) => {
                self.assignee = None;
                Status::New
            }
            (Status::WaitingOnCustomer, Some(_)) => Status::Assigned,
            (Status::WaitingOnCustomer, None) => Status::New,
            (status, _) => status,
        };
    }

    /// Applies what one recorded event did to the conversation.
    pub fn on_turn(&mut self, turn: &Turn, now: DateTime<Utc>) {
        match turn {
            Turn::Customer => self.on_customer_message(),
            Turn::Aside => {}
            Turn::Outside { by } => self.on_staff_reply(by, now),
        }
    }

    /// Takes in what one recorded event did: how it moves the conversation (`turn`), its
    /// messages (new, or replacing the one with the same id, so a replay changes nothing),
    /// its labels, and its priority, which only ever raises the conversation's (first, so a
    /// normal message after phishing counts towards `UNANSWERED_FOR_PRIORITY`).
    pub fn on_event(
        &mut self,
        turn: &Turn,
        messages: impl IntoIterator<Item = Message>,
        labels: impl IntoIterator<Item = String>,
        priority: Priority,
        at: DateTime<Utc>,
    ) {
        self.priority = self.priority.max(priority);
        self.on_turn(turn, at);
        self.updated_at = at;
        self.labels.extend(labels);
        for message in messages {
            self.messages.retain(|m| m.id != message.id);
            self.messages.push(message);
        }
        self.sort_messages();
    }

    /// A person answered: the customer's turn, and the person holds the conversation.
    pub fn on_staff_reply(&mut self, staff: &str, now: DateTime<Utc>) {
        self.assignee.get_or_insert_with(|| staff.to_owned());
        self.status = Status::WaitingOnCustomer;
        self.unanswered = 0;
        self.updated_at = now;
    }

    /// When the current episode started needing a person: the first escalated customer
    /// message since the conversation was last resolved.
    pub fn waiting_since(&self) -> Option<DateTime<Utc>> {
        self.messages
            .iter()
            .filter(|m| m.author == Author::Customer)
            .filter(|m| self.resolved_at.is_none_or(|r| m.at > r))
            .filter(|m| m.decision.as_ref().is_some_and(|d| d.escalate))
            .map(|m| m.at)
            .min()
    }

    /// When the episode started, while no person has answered in it yet (the bot's messages
    /// never count as a response): what first-response targets count from.
    pub fn awaiting_first_response_since(&self) -> Option<DateTime<Utc>> {
        let since = self.waiting_since()?;
        let answered = self
            .messages
            .iter()
            .any(|m| m.author == Author::Staff && m.at >= since);
        (!answered).then_some(since)
    }

    /// When the customer last wrote: the platforms' reply windows count from it.
    pub fn last_customer_message_at(&self) -> Option<DateTime<Utc>> {
        self.messages
            .iter()
            .filter(|m| m.author == Author::Customer)
            .map(|m| m.at)
            .max()
    }

    /// Orders messages by time (ties by id) so every store returns the same sequence.
    pub fn sort_messages(&mut self) {
        self.messages
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    }
}

/// Where a conversation stands in a transition case: its status and who holds it.
pub type Standing = (Status, Option<&'static str>);

/// One case of the transitions' spec: from a standing, a person's change leads to another
/// standing, or is refused.
pub type TransitionCase = (Standing, Change, Result<Standing, ChangeError>);

/// The spec of a person's changes, from every standing a conversation can reach, by `ann`
/// and her colleague `bob`. `Conversation::apply` is tested against it, and the store
/// contract holds both stores (Lua in Redis, the embedded transaction) to it.
pub fn transition_cases() -> Vec<TransitionCase> {
    use Status::{Assigned, New, Resolved, WaitingOnCustomer};
    let claim = |by: &str| Change::Claim { staff: by.into() };
    let assign = |to: &str| Change::Assign { to: to.into() };
    let held = |by: &'static str| Err(ChangeError::HeldBy(by.into()));
    let resolved = || Err(ChangeError::Resolved);
    vec![
        ((New, None), claim("ann"), Ok((Assigned, Some("ann")))),
        ((New, None), assign("bob"), Ok((Assigned, Some("bob")))),
        ((New, None), Change::Release, Ok((New, None))),
        ((New, None), Change::Resolve, Ok((Resolved, None))),
        ((New, None), Change::Reopen, Ok((New, None))),
        (
            (Assigned, Some("ann")),
            claim("ann"),
            Ok((Assigned, Some("ann"))),
        ),
        ((Assigned, Some("ann")), claim("bob"), held("ann")),
        (
            (Assigned, Some("ann")),
            assign("bob"),
            Ok((Assigned, Some("bob"))),
        ),
        ((Assigned, Some("ann")), Change::Release, Ok((New, None))),
        (
            (Assigned, Some("ann")),
            Change::Resolve,
            Ok((Resolved, None)),
        ),
        (
            (Assigned, Some("ann")),
            Change::Reopen,
            Ok((New, Some("ann"))),
        ),
        (
            (WaitingOnCustomer, Some("ann")),
            claim("ann"),
            Ok((Assigned, Some("ann"))),
        ),
        ((WaitingOnCustomer, Some("ann")), claim("bob"), held("ann")),
        (
            (WaitingOnCustomer, Some("ann")),
            assign("bob"),
            Ok((Assigned, Some("bob"))),
        ),
        (
            (WaitingOnCustomer, Some("ann")),
            Change::Release,
            Ok((New, None)),
        ),
        (
            (WaitingOnCustomer, Some("ann")),
            Change::Resolve,
            Ok((Resolved, None)),
        ),
        (
            (WaitingOnCustomer, Some("ann")),
            Change::Reopen,
            Ok((New, Some("ann"))),
        ),
        ((Resolved, None), claim("ann"), resolved()),
        ((Resolved, None), assign("bob"), resolved()),
        ((Resolved, None), Change::Release, Ok((Resolved, None))),
        ((Resolved, None), Change::Resolve, Ok((Resolved, None))),
        ((Resolved, None), Change::Reopen, Ok((New, None))),
    ]
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
    /// A person's reply after Messenger's 24-hour window: sent with the HUMAN_AGENT tag.
    /// Automatic messages never are.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub human_agent: bool,
    /// The person who wrote it; `None` for the bot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// For the bot's answer to a customer's message: the platform's timestamp of that
    /// message (the auto-reply latency counts from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_message_at: Option<DateTime<Utc>>,
    /// Attempts to send it that failed so far (the outbox's retry schedule counts them).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failed_attempts: u32,
    /// The request that recorded the message it answers, and when (for the sender's logs and
    /// the webhook-to-reply latency).
    #[serde(default, skip_serializing_if = "Trace::is_empty")]
    pub trace: Trace,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
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
    /// A private message to the author of a comment on the page (Messenger).
    PrivateReply { comment_id: String },
}

impl OutboundReply {
    /// A plain automatic message from the bot (a follow-up, an announcement, a resolution).
    pub fn automatic(
        id: String,
        conversation: ConversationKey,
        text: String,
        at: DateTime<Utc>,
    ) -> Self {
        OutboundReply {
            id,
            conversation,
            text,
            created_at: at,
            route: ReplyRoute::Direct,
            quick_replies: Vec::new(),
            human_agent: false,
            by: None,
            answers_message_at: None,
            failed_attempts: 0,
            trace: Trace::default(),
        }
    }

    /// The conversation message for this reply in the given delivery state.
    pub fn as_message(&self, delivery: Delivery) -> Message {
        Message {
            id: self.id.clone(),
            author: if self.by.is_some() {
                Author::Staff
            } else {
                Author::Bot
            },
            text: self.text.clone(),
            at: self.created_at,
            by: self.by.clone(),
            decision: None,
            delivery: Some(delivery),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::event::Channel;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, minute, 0).unwrap()
    }

    fn standing(c: &Conversation) -> (Status, Option<&str>) {
        (c.status, c.assignee.as_deref())
    }

    fn conversation((status, held_by): Standing) -> Conversation {
        let key = ConversationKey {
            channel: Channel::Messenger,
            page_id: "p".into(),
            customer_id: "c".into(),
        };
        let mut c = Conversation::new(key, at(0));
        c.status = status;
        c.assignee = held_by.map(str::to_owned);
        c
    }

    #[test]
    fn changes_follow_the_spec() {
        for (from, change, expected) in transition_cases() {
            let mut c = conversation(from);
            let result = c.apply(&change, at(5)).map(|()| standing(&c));
            assert_eq!(result, expected, "{from:?} {change:?}");
            if result.is_ok() {
                assert_eq!(c.updated_at, at(5), "{from:?} {change:?}");
            } else {
                assert_eq!(standing(&c), from, "a refused change changes nothing");
            }
        }
    }

    #[test]
    fn resolving_clears_the_count_and_marks_the_time() {
        let mut c = conversation((Status::Assigned, Some("ann")));
        c.unanswered = 2;
        c.apply(&Change::Resolve, at(7)).unwrap();
        assert_eq!((c.unanswered, c.resolved_at), (0, Some(at(7))));
    }

    /// One turn from a standing: the standing and unanswered count after it.
    fn check_turn(from: Standing, unanswered: u32, turn: Turn, to: Standing, after: u32) {
        let mut c = conversation(from);
        c.unanswered = unanswered;
        c.on_turn(&turn, at(5));
        assert_eq!(
            (standing(&c), c.unanswered),
            (to, after),
            "{from:?} {turn:?}"
        );
    }

    #[test]
    fn turns_follow_the_spec() {
        use Status::{Assigned, New, Resolved, WaitingOnCustomer as Waiting};
        let out = || Turn::Outside {
            by: "outside:x".into(),
        };
        check_turn((New, None), 0, Turn::Customer, (New, None), 1);
        check_turn(
            (Assigned, Some("ann")),
            1,
            Turn::Customer,
            (Assigned, Some("ann")),
            2,
        );
        check_turn(
            (Waiting, Some("ann")),
            0,
            Turn::Customer,
            (Assigned, Some("ann")),
            1,
        );
        check_turn((Waiting, None), 0, Turn::Customer, (New, None), 1);
        check_turn((Resolved, None), 0, Turn::Customer, (New, None), 1);
        check_turn((Resolved, None), 0, Turn::Aside, (Resolved, None), 0);
        check_turn((New, None), 2, Turn::Aside, (New, None), 2);
        check_turn((New, None), 2, out(), (Waiting, Some("outside:x")), 0);
        check_turn((Assigned, Some("ann")), 1, out(), (Waiting, Some("ann")), 0);
    }

    fn message(id: &str, minute: u32, text: &str) -> Message {
        Message {
            id: id.into(),
            author: Author::Customer,
            text: text.into(),
            at: at(minute),
            by: None,
            decision: None,
            delivery: None,
        }
    }

    #[test]
    fn an_event_adds_its_messages_once_in_order_and_never_lowers_priority() {
        let mut c = conversation((Status::New, None));
        let later = message("m2", 3, "later");
        c.on_event(
            &Turn::Customer,
            [later.clone(), message("m1", 2, "first")],
            ["stale".to_owned()],
            Priority::High,
            at(4),
        );
        c.on_event(
            &Turn::Customer,
            [message("m1", 2, "first, replayed")],
            [],
            Priority::Normal,
            at(5),
        );
        let ids: Vec<_> = c.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["m1", "m2"]);
        assert_eq!(c.messages[0].text, "first, replayed");
        assert_eq!(
            (c.priority, c.unanswered, c.updated_at),
            (Priority::High, 2, at(5))
        );
        assert!(c.labels.contains("stale"));
    }

    #[test]
    fn a_conversation_opened_by_phishing_stays_low_until_a_normal_message() {
        let key = conversation((Status::New, None)).key;
        let mut c = Conversation::opened(key, at(1));
        for minute in 0..=UNANSWERED_FOR_PRIORITY {
            let id = format!("spam{minute}");
            let phishing = message(&id, minute + 1, "pay the fee");
            c.on_event(&Turn::Customer, [phishing], [], Priority::Low, at(2));
        }
        assert_eq!(c.priority, Priority::Low, "a phishing run does not move up");
        c.on_event(&Turn::Customer, [], [], Priority::Normal, at(3));
        assert_eq!(c.priority, Priority::High, "a real message after it does");
        let mut c = Conversation::opened(c.key, at(1));
        c.on_event(&Turn::Customer, [], [], Priority::Normal, at(2));
        assert_eq!(c.priority, Priority::Normal);
    }

    #[test]
    fn a_customer_who_keeps_writing_moves_up() {
        let mut c = conversation((Status::New, None));
        for _ in 0..UNANSWERED_FOR_PRIORITY {
            assert_eq!(c.priority, Priority::Normal);
            c.on_customer_message();
        }
        assert_eq!(c.priority, Priority::High);
    }
}
