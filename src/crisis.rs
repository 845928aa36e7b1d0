//! Crisis mode's use cases that are more than a page change: the one resolution message
//! once a crisis is over. (Starting and ending a crisis are page changes, see `pages`; the
//! announcement itself is decided by the policy and claimed by the worker.)

use chrono::{DateTime, Utc};

use crate::domain::conversation::OutboundReply;
use crate::domain::event::ConversationKey;
use crate::domain::page::PageFile;
use crate::domain::window;
use crate::store::claims::Claim;
use crate::store::{AnyStore, DEDUPE_WINDOW, Store, StoreError};

/// How the resolution message went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    /// Customers it was queued for.
    pub sent: u32,
    /// Customers who got the announcement but are outside the window for automatic messages.
    pub outside_window: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ResolutionError {
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
/// hours since their last message). The text has been checked by the caller.
pub async fn send_resolution(
    store: &AnyStore,
    page: &PageFile,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Resolution, ResolutionError> {
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
    Ok(Resolution {
        sent,
        outside_window,
    })
}
