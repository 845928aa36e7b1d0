//! Crisis mode's use cases, for the admin API and the console: starting a crisis (an
//! announcement per language until a given instant) and ending it, both saved as a new
//! version of the page (`pages`); who received the announcement; and the one resolution
//! message once a crisis is over. (The announcement itself is decided by the policy and
//! claimed by the worker.)

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::conversation::OutboundReply;
use crate::domain::event::ConversationKey;
use crate::domain::limits::{self, TooLong};
use crate::domain::locale::Language;
use crate::domain::page::{ConfigError, Crisis, PageFile, check_instant};
use crate::domain::window;
use crate::pages::{PageDirectory, SaveError};
use crate::store::claims::Claim;
use crate::store::{AnyStore, ConversationStore, DEDUPE_WINDOW, RecordStore, StoreError};

/// Why a crisis cannot be started or ended.
#[derive(Debug, thiserror::Error)]
pub enum CrisisError {
    /// A field is invalid (named: `announcement.cs`, `until`, or the page's own).
    #[error("{0}")]
    Invalid(ConfigError),
    #[error("the page is not in crisis mode")]
    NotActive,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SaveError> for CrisisError {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::Invalid(error) => CrisisError::Invalid(error),
            SaveError::Store(error) => CrisisError::Store(error),
        }
    }
}

/// A page saved with its crisis changed.
#[derive(Debug)]
pub struct Changed {
    pub page: PageFile,
    pub version: u64,
}

fn invalid(field: impl Into<String>, message: impl ToString) -> CrisisError {
    CrisisError::Invalid(ConfigError {
        field: field.into(),
        message: message.to_string(),
    })
}

/// Starts crisis mode on `current` (the stored page) from `now` until `until`, with the
/// announcement in each language given (blank ones are left out; each must fit a message of
/// the page's channel), as a new version by `by`.
pub async fn start(
    pages: &PageDirectory,
    by: &str,
    current: &PageFile,
    announcement: BTreeMap<Language, String>,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Changed, CrisisError> {
    let mut kept = BTreeMap::new();
    for (language, text) in announcement {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let field = format!("announcement.{}", language.code());
        limits::check_message(current.channel, text, "the announcement")
            .map_err(|error| invalid(&field, error))?;
        kept.insert(language, text.to_owned());
    }
    if kept.is_empty() {
        return Err(invalid(
            "announcement",
            "needs the announcement in at least one language",
        ));
    }
    check_instant("until", until).map_err(CrisisError::Invalid)?;
    if until <= now {
        return Err(invalid("until", "must be in the future"));
    }
    let mut page = current.clone();
    page.crisis = Some(Crisis {
        announcement: kept,
        started_at: now,
        until,
    });
    let saved = pages.save_over(Some(current), &page, by, now).await?;
    tracing::info!(page = %page.id, by, version = saved.version, %until, "crisis mode started");
    Ok(Changed {
        page,
        version: saved.version,
    })
}

/// Ends the crisis of `current` now (it also ends by itself at its `until`).
pub async fn end(
    pages: &PageDirectory,
    by: &str,
    current: &PageFile,
    now: DateTime<Utc>,
) -> Result<Changed, CrisisError> {
    let mut page = current.clone();
    match page.crisis.as_mut() {
        Some(crisis) if crisis.is_active(now) => crisis.until = now,
        _ => return Err(CrisisError::NotActive),
    }
    let saved = pages.save_over(Some(current), &page, by, now).await?;
    tracing::info!(page = %page.id, by, version = saved.version, "crisis mode ended");
    Ok(Changed {
        page,
        version: saved.version,
    })
}

/// The conversations that received the announcement of `page`'s last crisis, in order.
pub async fn recipients(
    store: &AnyStore,
    page: &PageFile,
) -> Result<Vec<ConversationKey>, StoreError> {
    let Some(crisis) = &page.crisis else {
        return Ok(Vec::new());
    };
    let mut keys: Vec<ConversationKey> = store
        .members(&crisis.id(&page.id))
        .await?
        .iter()
        .filter_map(|member| serde_json::from_str(member).ok())
        .collect();
    keys.sort_by(|a, b| {
        (a.channel.as_str(), &a.customer_id).cmp(&(b.channel.as_str(), &b.customer_id))
    });
    Ok(keys)
}

/// The resolution message of `page`'s last crisis, once it went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentResolution {
    pub at: DateTime<Utc>,
    pub by: String,
    pub sent: u32,
    pub outside_window: u32,
}

fn resolution_record_key(crisis_id: &str) -> String {
    format!("{crisis_id}:resolution")
}

/// Whether (and how) the resolution message of `page`'s last crisis went out.
pub async fn sent_resolution(
    store: &AnyStore,
    page: &PageFile,
) -> Result<Option<SentResolution>, StoreError> {
    let Some(crisis) = &page.crisis else {
        return Ok(None);
    };
    let record = store
        .get_value(&resolution_record_key(&crisis.id(&page.id)))
        .await?;
    Ok(record.and_then(|json| serde_json::from_str(&json).ok()))
}

/// How the resolution message went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Resolution {
    /// Customers it was queued for.
    pub sent: u32,
    /// Customers who got the announcement but are outside the window for automatic messages.
    pub outside_window: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ResolutionError {
    #[error("text must not be empty")]
    Empty,
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error("the page has had no crisis")]
    NoCrisis,
    #[error("end the crisis first")]
    StillActive,
    #[error("the resolution message of this crisis went out already")]
    AlreadySent,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Sends `text` once per crisis to every customer who got the announcement of `page`'s last
/// crisis and is still inside the channel's window for automatic messages (Messenger: 24
/// hours since their last message), on behalf of `by`. The text must not be blank and must
/// fit a message of the page's channel.
pub async fn send_resolution(
    store: &AnyStore,
    page: &PageFile,
    by: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Resolution, ResolutionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ResolutionError::Empty);
    }
    limits::check_message(page.channel, text, "the resolution message")?;
    let crisis = page.crisis.as_ref().ok_or(ResolutionError::NoCrisis)?;
    if crisis.is_active(now) {
        return Err(ResolutionError::StillActive);
    }
    let crisis_id = crisis.id(&page.id);
    let once = Claim::Resolution {
        crisis_id: &crisis_id,
    }
    .to_string();
    if !store
        .claim_once(&once, &uuid::Uuid::new_v4().to_string(), DEDUPE_WINDOW * 30)
        .await?
    {
        return Err(ResolutionError::AlreadySent);
    }
    let (mut sent, mut outside_window) = (0u32, 0u32);
    for member in store.members(&crisis_id).await? {
        let Ok(key) = serde_json::from_str::<ConversationKey>(&member) else {
            continue;
        };
        let Some(conversation) = store.conversation(&key).await? else {
            continue;
        };
        if !window::automatic_allowed(key.channel, conversation.last_customer_message_at(), now) {
            outside_window = outside_window.saturating_add(1);
            continue;
        }
        let reply = OutboundReply::automatic(
            format!("{once}:{}", uuid::Uuid::new_v4()),
            key,
            text.to_owned(),
            now,
        );
        if store.commit_outbound(&reply).await? {
            sent = sent.saturating_add(1);
        }
    }
    let record = SentResolution {
        at: now,
        by: by.to_owned(),
        sent,
        outside_window,
    };
    // Only for showing what happened: the claim above is what keeps it to once.
    if let Ok(json) = serde_json::to_string(&record) {
        store
            .put_value_expiring(
                &resolution_record_key(&crisis_id),
                &json,
                DEDUPE_WINDOW * 30,
            )
            .await?;
    }
    tracing::info!(page = %page.id, by, sent, outside_window, "crisis resolution sent");
    Ok(Resolution {
        sent,
        outside_window,
    })
}
