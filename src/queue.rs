//! The human queue's use cases: listing what waits for a person (with when a first response
//! is due and when the reply window closes), changing a conversation (claim, release, assign,
//! resolve, reopen) with the service-level figures that go with it, a person's reply, and
//! links between one customer's conversations. The staff API (and the console) call these;
//! who may see which page is decided before, by the caller's extractor, and handed in as
//! `may_see`.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::conversation::{
    Change, ChangeError, Conversation, Note, OutboundReply, ReplyRoute, Status,
};
use crate::domain::event::{Channel, ConversationKey};
use crate::domain::figures::{self, DayKey, Figure, Recorded};
use crate::domain::limits::{self, TooLong};
use crate::domain::linking;
use crate::domain::locale::fill;
use crate::domain::page::Page;
use crate::domain::schedule::Schedule;
use crate::domain::window::{self, PersonReply};
use crate::pages::PageDirectory;
use crate::store::{AnyStore, Changed, ConversationStore, FigureStore, StoreError};

/// Which queued conversations a listing keeps.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    pub status: Option<Status>,
    pub label: Option<String>,
    pub assignee: Option<String>,
    /// Only conversations nobody holds.
    #[serde(default)]
    pub unassigned: bool,
    pub channel: Option<Channel>,
}

impl Filter {
    fn keeps(&self, c: &Conversation) -> bool {
        self.status.is_none_or(|s| c.status == s)
            && self.label.as_ref().is_none_or(|l| c.labels.contains(l))
            && self
                .assignee
                .as_ref()
                .is_none_or(|a| c.assignee.as_ref() == Some(a))
            && (!self.unassigned || c.assignee.is_none())
            && self.channel.is_none_or(|ch| c.key.channel == ch)
    }
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// The reply window that closes first comes first (then the longest waiting).
    Window,
    /// The customer who has waited longest comes first.
    Waiting,
    /// High priority first, then the longest waiting (the API's default).
    Priority,
}

/// The conversations waiting for a person on `page_ids`, kept by `filter`; high priority
/// first, then the longest waiting (or by `order`), one customer's conversations side by
/// side. Each page is read once however many of its conversations wait, and the links of
/// all of them in one store call.
pub async fn list(
    store: &AnyStore,
    pages: &PageDirectory,
    page_ids: &[String],
    filter: &Filter,
    order: Option<Order>,
    may_see: impl Fn(&str) -> bool,
    now: DateTime<Utc>,
) -> Result<Vec<Listed>, StoreError> {
    let mut conversations = Vec::new();
    for page in page_ids {
        conversations.extend(store.queue(page).await?);
    }
    conversations.retain(|c| filter.keeps(c));
    let keys: Vec<ConversationKey> = conversations.iter().map(|c| c.key.clone()).collect();
    let all_linked = store.linked_many(&keys).await?;
    let mut configured: HashMap<(Channel, String), Option<Arc<Page>>> = HashMap::new();
    let mut listed = Vec::with_capacity(conversations.len());
    for (conversation, mut linked) in conversations.into_iter().zip(all_linked) {
        let key = &conversation.key;
        let page_key = (key.channel, key.page_id.clone());
        let page = match configured.get(&page_key) {
            Some(page) => page.clone(),
            None => {
                let page = pages.get(key.channel, &key.page_id).await?;
                configured.insert(page_key, page.clone());
                page
            }
        };
        linked.retain(|k| may_see(&k.page_id));
        listed.push(Listed::new(conversation, page, now, linked));
    }
    let longest_waiting = |l: &Listed| {
        l.conversation
            .waiting_since()
            .unwrap_or(l.conversation.created_at)
    };
    match order {
        Some(Order::Window) => listed.sort_by_key(|l| {
            (
                l.window_closes_at.unwrap_or(DateTime::<Utc>::MAX_UTC),
                longest_waiting(l),
            )
        }),
        Some(Order::Waiting) => listed.sort_by_key(longest_waiting),
        Some(Order::Priority) | None => listed.sort_by(|a, b| {
            let (a, b) = (&a.conversation, &b.conversation);
            b.priority
                .cmp(&a.priority)
                .then(a.created_at.cmp(&b.created_at))
        }),
    }
    Ok(linking::together(
        listed,
        |l| &l.conversation.key,
        |l| &l.linked,
    ))
}

/// A queued conversation with what the team needs to plan: when a first response is due
/// (in the page's working time) and when the channel's reply window closes.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Listed {
    #[serde(flatten)]
    pub conversation: Conversation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_due: Option<DateTime<Utc>>,
    pub overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_closes_at: Option<DateTime<Utc>>,
    /// The window closes within `WINDOW_WARNING`.
    pub window_closing: bool,
    /// The same customer's conversations on other channels or pages (linked contacts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<ConversationKey>,
    /// The conversation's page, when it is still configured.
    #[serde(skip)]
    pub page: Option<Arc<Page>>,
}

/// How long before a reply window closes a conversation is flagged.
const WINDOW_WARNING: Duration = Duration::hours(2);

impl Listed {
    fn new(
        conversation: Conversation,
        page: Option<Arc<Page>>,
        now: DateTime<Utc>,
        linked: Vec<ConversationKey>,
    ) -> Self {
        let times = QueueTimes::of(&conversation, page.as_deref(), now);
        Listed {
            first_response_due: times.first_response_due,
            overdue: times.overdue,
            window_closes_at: times.window_closes_at,
            window_closing: times.window_closing,
            conversation,
            linked,
            page,
        }
    }
}

/// When a queued conversation's first response is due and when its reply window closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueTimes {
    pub first_response_due: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub window_closes_at: Option<DateTime<Utc>>,
    /// The window closes within `WINDOW_WARNING`.
    pub window_closing: bool,
}

impl QueueTimes {
    /// Computed from stored times, which may be anything a platform sent before they were
    /// checked: every sum saturates instead of overflowing.
    pub fn of(conversation: &Conversation, page: Option<&Page>, now: DateTime<Utc>) -> Self {
        let first_response_due = page
            .and_then(|p| {
                Some((
                    p,
                    p.first_response?,
                    conversation.awaiting_first_response_since()?,
                ))
            })
            .and_then(|(p, target, since)| p.schedule.add_working_time(since, target));
        let window_closes_at = window::closes_at(
            conversation.key.channel,
            conversation.last_customer_message_at(),
            now,
        );
        QueueTimes {
            overdue: first_response_due.is_some_and(|due| due < now),
            first_response_due,
            window_closing: window_closes_at.is_some_and(|closes| {
                closes > now && closes.signed_duration_since(now) <= WINDOW_WARNING
            }),
            window_closes_at,
        }
    }
}

/// The contacts linked to `key` that the caller may see.
pub async fn linked_keys(
    store: &AnyStore,
    key: &ConversationKey,
    may_see: impl Fn(&str) -> bool,
) -> Result<Vec<ConversationKey>, StoreError> {
    let mut linked = store.linked(key).await?;
    linked.retain(|k| may_see(&k.page_id));
    Ok(linked)
}

/// Why a change or a reply was not made.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("{0}")]
    Transition(ChangeError),
    #[error("no such conversation")]
    NotFound,
    #[error("the page is no longer configured")]
    PageGone,
    #[error("the customer has not written yet")]
    WindowNotOpened,
    #[error("the customer last wrote more than 7 days ago; Meta allows no reply now")]
    WindowClosed,
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Applies `change` to `conversation` at `now` (recording the resolution figure when it
/// resolves) and returns the conversation as it is after.
pub async fn change(
    store: &AnyStore,
    pages: &PageDirectory,
    conversation: &Conversation,
    change: &Change,
    now: DateTime<Utc>,
) -> Result<Option<Conversation>, Refused> {
    match store
        .change_conversation(&conversation.key, change, now)
        .await?
    {
        Changed::Done => {}
        Changed::Refused(refused) => return Err(Refused::Transition(refused)),
        Changed::NotFound => return Err(Refused::NotFound),
    }
    if *change == Change::Resolve {
        record(store, pages, conversation, now, figures::resolution).await?;
    }
    Ok(store.conversation(&conversation.key).await?)
}

/// A person's reply to `conversation`, signed per the page's rule and tagged when Meta's
/// window needs it; not yet sent (the caller checks its length, then `send_reply`).
pub async fn draft_reply(
    pages: &PageDirectory,
    conversation: &Conversation,
    staff: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<OutboundReply, Refused> {
    let key = conversation.key.clone();
    let page = pages
        .get(key.channel, &key.page_id)
        .await?
        .ok_or(Refused::PageGone)?;
    let human_agent =
        match window::person_reply(key.channel, conversation.last_customer_message_at(), now) {
            PersonReply::Standard => false,
            PersonReply::HumanAgent => true,
            PersonReply::NotOpened => return Err(Refused::WindowNotOpened),
            PersonReply::Closed => return Err(Refused::WindowClosed),
        };
    let signature = fill(&page.staff_signature, &[("agent", staff)]);
    Ok(OutboundReply {
        trace: Default::default(),
        id: format!("staff:{}", uuid::Uuid::new_v4()),
        conversation: key,
        text: format!("{}\n{}", text.trim_end(), signature),
        created_at: now,
        route: ReplyRoute::Direct,
        quick_replies: Vec::new(),
        human_agent,
        by: Some(staff.to_owned()),
        answers_message_at: None,
        failed_attempts: 0,
    })
}

/// A person's reply: drafted (signed, tagged), checked against the channel's length limit
/// with its signature, put in the outbox, and the first-response figure recorded. Returns the
/// reply as queued (its delivery shows in the conversation).
pub async fn reply(
    store: &AnyStore,
    pages: &PageDirectory,
    conversation: &Conversation,
    staff: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<OutboundReply, Refused> {
    if text.trim().is_empty() {
        return Err(Refused::Empty("the reply"));
    }
    let reply = draft_reply(pages, conversation, staff, text, now).await?;
    let channel = reply.conversation.channel;
    limits::check_message(
        channel,
        &reply.text,
        &format!("the reply with the signature ({channel} message)"),
    )?;
    send_reply(store, pages, conversation, &reply).await?;
    Ok(reply)
}

/// A note about the customer, by `staff`, kept with the conversation.
pub async fn add_note(
    store: &AnyStore,
    conversation: &Conversation,
    staff: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Note, Refused> {
    if text.trim().is_empty() {
        return Err(Refused::Empty("the note"));
    }
    limits::check_length(text, limits::MAX_NOTE_CHARS, "the note")?;
    let note = Note {
        author: staff.to_owned(),
        text: text.to_owned(),
        at: now,
    };
    if !store.add_note(&conversation.key, &note).await? {
        return Err(Refused::NotFound);
    }
    Ok(note)
}

/// Puts a drafted reply in the outbox and records the first-response figure.
pub async fn send_reply(
    store: &AnyStore,
    pages: &PageDirectory,
    conversation: &Conversation,
    reply: &OutboundReply,
) -> Result<(), Refused> {
    if !store.commit_outbound(reply).await? {
        return Err(Refused::NotFound);
    }
    record(
        store,
        pages,
        conversation,
        reply.created_at,
        figures::first_response,
    )
    .await?;
    Ok(())
}

/// Records a service-level figure (first response, resolution) of `conversation` as it was
/// before the change at `now`, on the page's working time.
async fn record(
    store: &AnyStore,
    pages: &PageDirectory,
    conversation: &Conversation,
    now: DateTime<Utc>,
    figure: fn(&Conversation, &Schedule, DateTime<Utc>) -> Option<Figure>,
) -> Result<(), StoreError> {
    let key = &conversation.key;
    let Some(page) = pages.get(key.channel, &key.page_id).await? else {
        return Ok(());
    };
    if let Some(figure) = figure(conversation, &page.schedule, now) {
        let key = DayKey::at(&page.id, key.channel, &page.schedule, now);
        store.record_figures(&[Recorded { key, figure }]).await?;
    }
    Ok(())
}

/// Another conversation of the same customer, as shown beside one.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkedSummary {
    pub channel: Channel,
    pub page_id: String,
    pub customer_id: String,
    pub status: Status,
    pub last_customer_message_at: Option<DateTime<Utc>>,
}

/// A conversation with its customer's other conversations (linked contacts the caller may
/// see) and the queued ones that may be the same person.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Details {
    #[serde(flatten)]
    pub conversation: Conversation,
    pub linked: Vec<LinkedSummary>,
    /// Queued conversations on other channels whose customer wrote at nearly the same time:
    /// maybe the same person, for a person to confirm with `POST …/links`.
    pub suggested_links: Vec<linking::Suggestion>,
}

/// `conversation` with what is linked to it and what may be. Link suggestions come from the
/// queued conversations of the pages the caller may see (see `domain::linking`): webhooks
/// carry no customer names, so timing decides.
pub async fn details(
    store: &AnyStore,
    pages: &PageDirectory,
    conversation: Conversation,
    may_see: impl Fn(&str) -> bool,
) -> Result<Details, StoreError> {
    let linked_keys = linked_keys(store, &conversation.key, &may_see).await?;
    let mut candidates = Vec::new();
    for page in pages.ids().await?.into_iter().filter(|id| may_see(id)) {
        candidates.extend(store.queue(&page).await?);
    }
    let suggested_links = linking::suggest(&conversation, &candidates, &linked_keys, |_| None);
    let mut linked = Vec::new();
    for key in linked_keys {
        if let Some(other) = store.conversation(&key).await? {
            linked.push(LinkedSummary {
                last_customer_message_at: other.last_customer_message_at(),
                status: other.status,
                channel: key.channel,
                page_id: key.page_id,
                customer_id: key.customer_id,
            });
        }
    }
    Ok(Details {
        conversation,
        linked,
        suggested_links,
    })
}

/// Links (or unlinks) two conversations of the same customer; the keys now linked to `this`
/// that the caller may see.
pub async fn set_link(
    store: &AnyStore,
    this: &ConversationKey,
    other: &ConversationKey,
    linked: bool,
    may_see: impl Fn(&str) -> bool,
) -> Result<Vec<ConversationKey>, StoreError> {
    store.set_link(this, other, linked).await?;
    linked_keys(store, this, may_see).await
}
