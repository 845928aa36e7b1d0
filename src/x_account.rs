//! What frontdesk keeps per X account beyond its configuration: OAuth 2.0 tokens that stay
//! fresh, the daily DM budget, replies parked while the account is disconnected, and telling
//! our own DMs from a person's in `dm.sent` deliveries (protocols-2.md §X-A.7, §X-B).
//!
//! **Tokens.** The page configuration holds the tokens an admin gave (`access_token`,
//! `refresh_token`). The store holds the live pair under `x:tokens:<account>` with its expiry
//! and the fingerprint of the configured pair it descends from: when an admin puts new
//! tokens in the configuration, the fingerprints differ and the configured pair wins again
//! (that is how an account is reconnected). Before a DM goes out, an access token that
//! expires within `REFRESH_MARGIN` (or whose expiry is unknown, as for a freshly imported
//! one) is refreshed; X rotates the refresh token, and the new pair is saved before the new
//! access token is used. Each refresh token is spent once across instances (`claim_once` on
//! its fingerprint); a loser uses the pair the winner saves. A refused refresh
//! (`invalid_request`/`invalid_grant`: revoked or expired) marks the account disconnected,
//! counted in `/metrics` and shown by the admin API; so does an `oauth.revoke` delivery.
//!
//! **Nothing is lost while disconnected.** A reply for a disconnected account is parked in
//! the store set `x:parked:<account>` (its message stays `pending` in the conversation) and
//! the conversation goes to a person with the label `disconnected`. `sweep` (every minute,
//! and on demand in tests) puts parked replies back into the outbox once the account is
//! connected again, and refreshes tokens about to expire.
//!
//! **Budget.** Each DM takes one unit of the account's budget for the UTC day
//! (`x_daily_dm_budget`, default 1440, X's pay-per-use cap); when none is left, the reply fails
//! with that reason and the conversation goes to a person with the label
//! `budget_exhausted`.
//!
//! Tokens are `SecretString`s: never logged, never in errors or API answers. The store
//! encrypts them at rest (the configured pair with the page, the live pair as a whole);
//! this module only ever sees them in plain text.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;

use crate::channels::SendError;
use crate::channels::x::activity::Delivery as XDelivery;
use crate::channels::x::api::RefreshError;
use crate::channels::x::{DM_BUDGET_USED_UP, TOKEN_REFRESH, XClient};
use crate::clock::Clock;
use crate::domain::conversation::{Author, Change, Delivery, OutboundReply, ReplyRoute};
use crate::domain::event::{Channel, ConversationKey, InboundKind};
use crate::domain::page::{Page, PageFile};
use crate::metrics::Metrics;
use crate::store::claims::Claim;
use crate::store::sealing::X_TOKENS;
use crate::store::{
    AnyStore, ConversationStore, DEDUPE_WINDOW, PageStore, RecordStore, StoreError,
};
use crate::telemetry::ErrorChain;

/// Access tokens are refreshed when less than this is left of their life.
pub const REFRESH_MARGIN: chrono::Duration = chrono::Duration::minutes(10);
/// X's access tokens live two hours; used when a token answer does not say.
const DEFAULT_LIFETIME_SECONDS: i64 = 7200;
/// How long one instance may take to spend a refresh token before another may try it.
const REFRESH_LOCK: Duration = Duration::from_secs(60);
/// X's pay-per-use cap on DMs per account and day, at the time of writing.
pub const DEFAULT_DAILY_DM_BUDGET: u32 = 1440;
/// How often `run` sweeps.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The live token pair of an account, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Tokens {
    /// The fingerprint of the configured pair this one descends from.
    origin: String,
    #[serde(serialize_with = "crate::domain::page::expose")]
    access_token: SecretString,
    #[serde(default, serialize_with = "crate::domain::page::expose_optional")]
    refresh_token: Option<SecretString>,
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    disconnected: Option<Disconnected>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Disconnected {
    pub at: DateTime<Utc>,
    /// `refused` (the refresh token was refused) or `revoked` (`oauth.revoke`).
    pub reason: String,
}

/// A short fingerprint of secrets, for keys and comparisons; never the secrets themselves.
fn fingerprint(parts: &[&SecretString]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.expose_secret().as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn configured_origin(file: &PageFile) -> String {
    match &file.refresh_token {
        Some(refresh) => fingerprint(&[&file.access_token, refresh]),
        None => fingerprint(&[&file.access_token]),
    }
}

/// The pair's record; the store keeps it encrypted (`store::sealing::X_TOKENS`).
fn tokens_key(account: &str) -> String {
    format!("{X_TOKENS}{account}")
}

async fn read_tokens(store: &AnyStore, account: &str) -> Result<Option<Tokens>, StoreError> {
    let key = tokens_key(account);
    match store.get_value(&key).await? {
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|source| StoreError::Corrupt { key, source }),
        None => Ok(None),
    }
}

fn parked_set(account: &str) -> String {
    format!("x:parked:{account}")
}

/// The connection of an X account as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Connection {
    /// `connected` or `disconnected`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnected: Option<Disconnected>,
    /// When the current access token expires, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<DateTime<Utc>>,
    pub refresh_token_set: bool,
}

/// What the sender does with a reply (see `XAccounts::prepare`).
#[derive(Debug)]
pub enum Prepared {
    /// Send it with this token.
    Send(SecretString),
    /// Do not send now: the error says whether trying again can help.
    NotNow(SendError),
    /// The account is disconnected: park the reply until it is reconnected.
    Park,
}

/// The X accounts' tokens, budgets and parked replies; cheap to clone.
#[derive(Clone)]
pub struct XAccounts {
    inner: Arc<Inner>,
}

struct Inner {
    store: AnyStore,
    client: XClient,
    clock: Clock,
    metrics: Arc<Metrics>,
    /// This instance's name, the owner of its refresh claims.
    consumer: String,
}

impl XAccounts {
    pub fn new(
        store: AnyStore,
        client: XClient,
        clock: Clock,
        metrics: Arc<Metrics>,
        consumer: String,
    ) -> Self {
        XAccounts {
            inner: Arc::new(Inner {
                store,
                client,
                clock,
                metrics,
                consumer,
            }),
        }
    }

    /// Called by the sender before each attempt at a reply: the token to send with, after
    /// refreshing it if needed, and one unit of the day's DM budget. Other channels send
    /// with the page's token as configured.
    pub async fn prepare(
        &self,
        page: &Page,
        reply: &OutboundReply,
    ) -> Result<Prepared, StoreError> {
        if page.channel != Channel::X {
            return Ok(Prepared::Send(page.access_token.clone()));
        }
        let Some(file) = self.inner.store.load_page(Channel::X, &page.id).await? else {
            return Ok(Prepared::Send(page.access_token.clone()));
        };
        let token = match self.fresh(&file).await? {
            Fresh::Token(token) => token,
            Fresh::Disconnected => return Ok(Prepared::Park),
            Fresh::Unavailable(error) => return Ok(Prepared::NotNow(error)),
        };
        if reply.route == ReplyRoute::Direct {
            let budget = file.x_daily_dm_budget.unwrap_or(DEFAULT_DAILY_DM_BUDGET);
            let day = self.inner.clock.now().date_naive();
            let used = self
                .inner
                .store
                .count_up(
                    &format!("x:dms:{}:{day}", page.id),
                    Duration::from_secs(48 * 3600),
                )
                .await?;
            if used > u64::from(budget) {
                self.inner
                    .metrics
                    .x_dm_budget_exhausted
                    .with_label_values(&[&page.id])
                    .inc();
                tracing::warn!(page = %page.id, budget, "the X account's daily DM budget is used up; the conversation goes to a person");
                self.hand_to_person(&reply.conversation, "budget_exhausted")
                    .await?;
                return Ok(Prepared::NotNow(SendError {
                    retriable: false,
                    retry_after: None,
                    message: format!(
                        "the account's daily DM budget ({budget}) is used up; a person has the conversation"
                    ),
                    code: DM_BUDGET_USED_UP,
                }));
            }
        }
        Ok(Prepared::Send(token))
    }

    /// A usable access token of the account, refreshed first if needed, for calls made as
    /// the account (creating its subscriptions); `None` when it has no page or is
    /// disconnected.
    pub async fn user_token(&self, account: &str) -> Result<Option<SecretString>, StoreError> {
        let Some(file) = self.inner.store.load_page(Channel::X, account).await? else {
            return Ok(None);
        };
        Ok(match self.fresh(&file).await? {
            Fresh::Token(token) => Some(token),
            Fresh::Disconnected | Fresh::Unavailable(_) => None,
        })
    }

    /// Keeps a reply of a disconnected account until it is reconnected, and hands its
    /// conversation to a person. The sender then takes the reply off its queue (`commit_reply`
    /// with `Delivery::Pending`).
    pub async fn park(&self, reply: &OutboundReply) -> Result<(), StoreError> {
        let member = serde_json::to_string(reply).unwrap_or_default();
        let account = &reply.conversation.page_id;
        self.inner
            .store
            .remember(&parked_set(account), &member)
            .await?;
        tracing::warn!(page = %account, reply = %reply.id, "the X account is disconnected: reply parked until an admin reconnects it");
        self.hand_to_person(&reply.conversation, "disconnected")
            .await
    }

    /// Puts a conversation in the human queue (unless a person holds it) with `label`.
    async fn hand_to_person(&self, key: &ConversationKey, label: &str) -> Result<(), StoreError> {
        let store = &self.inner.store;
        let Some(conversation) = store.conversation(key).await? else {
            return Ok(());
        };
        // Reopening also puts a conversation the bot alone has answered into the queue.
        if conversation.assignee.is_none() {
            store
                .change_conversation(key, &Change::Reopen, self.inner.clock.now())
                .await?;
        }
        store.change_labels(key, &[label.to_owned()], &[]).await?;
        Ok(())
    }

    /// The stored pair, or the configured one when there is none or an admin has put new
    /// tokens in the configuration since.
    async fn current(&self, file: &PageFile) -> Result<Tokens, StoreError> {
        let origin = configured_origin(file);
        if let Some(stored) = self.stored(&file.id).await? {
            if stored.origin == origin {
                return Ok(stored);
            }
            tracing::info!(page = %file.id, "new X tokens in the configuration: the account is connected with them");
        }
        let tokens = Tokens {
            origin,
            access_token: file.access_token.clone(),
            refresh_token: file.refresh_token.clone(),
            expires_at: None,
            disconnected: None,
        };
        self.save(&file.id, &tokens).await?;
        Ok(tokens)
    }

    async fn stored(&self, account: &str) -> Result<Option<Tokens>, StoreError> {
        read_tokens(&self.inner.store, account).await
    }

    async fn save(&self, account: &str, tokens: &Tokens) -> Result<(), StoreError> {
        let text = serde_json::to_string(tokens).unwrap_or_default();
        self.inner
            .store
            .put_value(&tokens_key(account), &text)
            .await
    }

    /// A usable access token, refreshed first when it is about to expire.
    async fn fresh(&self, file: &PageFile) -> Result<Fresh, StoreError> {
        let mut tokens = self.current(file).await?;
        if tokens.disconnected.is_some() {
            return Ok(Fresh::Disconnected);
        }
        let now = self.inner.clock.now();
        let due = tokens
            .expires_at
            .is_none_or(|expires| expires - now < REFRESH_MARGIN);
        let Some(refresh) = tokens.refresh_token.clone().filter(|_| due) else {
            return Ok(Fresh::Token(tokens.access_token));
        };
        let spent = fingerprint(&[&refresh]);
        let claim = Claim::XRefresh {
            account: &file.id,
            fingerprint: &spent,
        }
        .to_string();
        let metrics = &self.inner.metrics;
        if !self
            .inner
            .store
            .claim_once(&claim, &self.inner.consumer, REFRESH_LOCK)
            .await?
        {
            return Ok(self
                .rotated_meanwhile(&file.id, &spent)
                .await?
                .unwrap_or_else(|| {
                    Fresh::Unavailable(SendError {
                        retriable: true,
                        retry_after: None,
                        message: "the X token is being refreshed by another instance".into(),
                        code: TOKEN_REFRESH,
                    })
                }));
        }
        match self.inner.client.refresh_token(&refresh).await {
            Ok(grant) => {
                let lifetime = grant
                    .expires_in
                    .filter(|s| *s > 0)
                    .unwrap_or(DEFAULT_LIFETIME_SECONDS);
                tokens.access_token = grant.access_token;
                // X rotates; should it ever not, the old refresh token stays valid.
                tokens.refresh_token = Some(grant.refresh_token.unwrap_or(refresh));
                tokens.expires_at = Some(now + chrono::Duration::seconds(lifetime));
                // Saved before use: a crash now must not lose the only valid refresh token.
                self.save(&file.id, &tokens).await?;
                metrics
                    .x_token_refreshes
                    .with_label_values(&["rotated"])
                    .inc();
                tracing::info!(page = %file.id, expires_at = tokens.expires_at.map(|at| at.to_rfc3339()), "X access token refreshed");
                Ok(Fresh::Token(tokens.access_token))
            }
            Err(RefreshError::Refused(reason)) => {
                metrics
                    .x_token_refreshes
                    .with_label_values(&["refused"])
                    .inc();
                // Another instance may have rotated the pair a moment ago.
                if let Some(fresh) = self.rotated_meanwhile(&file.id, &spent).await? {
                    return Ok(fresh);
                }
                tracing::error!(page = %file.id, %reason, "X refused the refresh token: the account is disconnected until an admin reconnects it");
                self.disconnect(&file.id, tokens, "refused").await?;
                Ok(Fresh::Disconnected)
            }
            Err(error) => {
                metrics
                    .x_token_refreshes
                    .with_label_values(&["failed"])
                    .inc();
                tracing::warn!(page = %file.id, %error, "X token refresh failed, will try again");
                Ok(Fresh::Unavailable(SendError {
                    retriable: true,
                    retry_after: None,
                    message: error.to_string(),
                    code: TOKEN_REFRESH,
                }))
            }
        }
    }

    /// The stored pair, if another instance has replaced the refresh token `spent`.
    async fn rotated_meanwhile(
        &self,
        account: &str,
        spent: &str,
    ) -> Result<Option<Fresh>, StoreError> {
        Ok(self.stored(account).await?.and_then(|tokens| {
            let rotated = tokens
                .refresh_token
                .as_ref()
                .is_some_and(|r| fingerprint(&[r]) != spent);
            (rotated && tokens.disconnected.is_none()).then_some(Fresh::Token(tokens.access_token))
        }))
    }

    async fn disconnect(
        &self,
        account: &str,
        mut tokens: Tokens,
        reason: &str,
    ) -> Result<(), StoreError> {
        if tokens.disconnected.is_some() {
            return Ok(());
        }
        tokens.disconnected = Some(Disconnected {
            at: self.inner.clock.now(),
            reason: reason.to_owned(),
        });
        self.save(account, &tokens).await?;
        self.inner
            .metrics
            .x_disconnected
            .with_label_values(&[account, reason])
            .inc();
        Ok(())
    }

    /// `oauth.revoke`: the account withdrew the app's access. Its tokens are forgotten and it
    /// is disconnected until an admin gives new ones.
    pub async fn revoked(&self, account: &str) -> Result<(), StoreError> {
        let Some(file) = self.inner.store.load_page(Channel::X, account).await? else {
            tracing::info!(account, "oauth.revoke for an account with no page, ignored");
            return Ok(());
        };
        let mut tokens = self.current(&file).await?;
        tokens.access_token = SecretString::from(String::new());
        tokens.refresh_token = None;
        tokens.expires_at = None;
        tracing::warn!(page = %account, "the X account revoked frontdesk's access: disconnected");
        self.disconnect(account, tokens, "revoked").await
    }

    /// What an X delivery needs before it is recorded: its echoes attributed, its
    /// revocations applied.
    pub async fn before_recording(&self, delivery: &mut XDelivery) -> Result<(), StoreError> {
        for account in &delivery.revoked {
            self.revoked(account).await?;
        }
        self.attribute_echoes(delivery).await
    }

    /// Marks the `dm.sent` echoes of a delivery that frontdesk sent with the app that
    /// verified the delivery; the others (sent from the X app or another tool) keep no app.
    /// Ours are the DMs whose id the conversation recorded when the send returned, or, while
    /// that send is still being recorded, a pending reply with the same text.
    pub async fn attribute_echoes(&self, delivery: &mut XDelivery) -> Result<(), StoreError> {
        for event in &mut delivery.parsed.events {
            if !matches!(event.kind, InboundKind::Echo { app_id: None }) {
                continue;
            }
            let Some(text) = delivery.sent_texts.get(&event.message_id) else {
                continue;
            };
            let Some(conversation) = self.inner.store.conversation(&event.conversation()).await?
            else {
                continue;
            };
            let ours = conversation.messages.iter().any(|message| {
                message.author != Author::Customer
                    && match &message.delivery {
                        Some(Delivery::Sent {
                            platform_message_id: Some(id),
                            ..
                        }) => *id == event.message_id,
                        Some(Delivery::Pending) => message.text == *text,
                        _ => false,
                    }
            });
            if ours {
                event.kind = InboundKind::Echo {
                    app_id: event.verified_by_app.clone(),
                };
            }
        }
        Ok(())
    }

    /// How the account's connection stands, for the admin API (`None`: not an X page).
    pub async fn connection(
        store: &AnyStore,
        file: &PageFile,
    ) -> Result<Option<Connection>, StoreError> {
        if file.channel != Channel::X {
            return Ok(None);
        }
        let current = read_tokens(store, &file.id)
            .await?
            .filter(|t| t.origin == configured_origin(file));
        let disconnected = current.as_ref().and_then(|t| t.disconnected.clone());
        Ok(Some(Connection {
            status: if disconnected.is_some() {
                "disconnected"
            } else {
                "connected"
            },
            disconnected,
            access_token_expires_at: current.as_ref().and_then(|t| t.expires_at),
            refresh_token_set: file.refresh_token.is_some(),
        }))
    }

    /// Refreshes tokens about to expire and puts parked replies of reconnected accounts back
    /// into the outbox; returns how many replies it released.
    pub async fn sweep(&self) -> Result<usize, StoreError> {
        let store = &self.inner.store;
        let mut released = 0;
        for (channel, account) in store.list_pages().await? {
            if channel != Channel::X {
                continue;
            }
            let Some(file) = store.load_page(Channel::X, &account).await? else {
                continue;
            };
            if !matches!(self.fresh(&file).await?, Fresh::Token(_)) {
                continue;
            }
            let origin = configured_origin(&file);
            for member in store.members(&parked_set(&account)).await? {
                let reply: OutboundReply = match serde_json::from_str(&member) {
                    Ok(reply) => reply,
                    Err(error) => {
                        tracing::error!(page = %account, %error, "unreadable parked reply, left in place");
                        continue;
                    }
                };
                // One instance releases a reply per reconnection.
                let slot = Claim::XRelease {
                    reply_id: &reply.id,
                    origin: &origin,
                }
                .to_string();
                if store
                    .claim_once(&slot, &self.inner.consumer, DEDUPE_WINDOW)
                    .await?
                {
                    store.commit_outbound(&reply).await?;
                    released += 1;
                }
                store.forget(&parked_set(&account), &member).await?;
            }
        }
        if released > 0 {
            tracing::info!(released, "parked X replies back in the outbox");
        }
        Ok(released)
    }

    /// Sweeps every minute until `shutdown` fires.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(SWEEP_EVERY) => {}
            }
            if let Err(error) = self.sweep().await {
                tracing::error!(error = %ErrorChain(&error), "x account sweep failed");
            }
        }
    }
}

enum Fresh {
    Token(SecretString),
    Disconnected,
    Unavailable(SendError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_pairs_apart_and_hide_them() {
        let a = SecretString::from("access-1".to_owned());
        let b = SecretString::from("refresh-1".to_owned());
        let print = fingerprint(&[&a, &b]);
        assert_eq!(print.len(), 24);
        assert_ne!(print, fingerprint(&[&b, &a]));
        assert_ne!(print, fingerprint(&[&a]));
        assert!(!print.contains("access") && !print.contains("refresh"));
    }

    #[test]
    fn stored_tokens_never_show_in_debug() {
        let tokens = Tokens {
            origin: "o".into(),
            access_token: SecretString::from("very-secret-access".to_owned()),
            refresh_token: Some(SecretString::from("very-secret-refresh".to_owned())),
            expires_at: None,
            disconnected: None,
        };
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
