//! Customers' data as the law expects, for the API, the console and `frontdesk customer`:
//! everything kept about one customer exported as JSON, the same erased on request (with an
//! audit record that names the customer only by a keyed hash and says how much went, never
//! what), and the retention round that forgets each page's resolved conversations past its
//! `retention_days`.
//!
//! A customer is a channel and their id on it; their conversations are one per page, so a
//! request covers the pages the person asking may see (`pages`).

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::event::{Channel, ConversationKey};
use crate::metrics::Metrics;
use crate::pages::PageDirectory;
use crate::settings::Settings;
use crate::store::{
    AnyStore, CustomerRecords, Erased, PageStore, PrivacyStore, RecordStore, StoreError,
};

/// The named set the erasures' audit records are kept in.
pub const AUDIT_SET: &str = "audit:erasures";

/// One customer: their channel and their id on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub channel: Channel,
    pub id: String,
}

impl Customer {
    /// The customer's conversation on each of `pages`.
    pub fn keys(&self, pages: &[String]) -> Vec<ConversationKey> {
        pages
            .iter()
            .map(|page| ConversationKey {
                channel: self.channel,
                page_id: page.clone(),
                customer_id: self.id.clone(),
            })
            .collect()
    }
}

/// Why a request about a customer cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    #[error("a customer id is 1 to 128 letters, digits, '-', '_' or '.'")]
    InvalidCustomer,
    #[error("erasure needs privacy.audit_key (or api.token) in the settings to hash the audit log")]
    NoAuditKey,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A customer id as the platforms make them (PSIDs, IGSIDs, X user ids are digits); refused
/// otherwise, so an id never carries `:` into the store's keys.
pub fn customer(channel: Channel, id: &str) -> Result<Customer, PrivacyError> {
    let valid = (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !valid {
        return Err(PrivacyError::InvalidCustomer);
    }
    Ok(Customer {
        channel,
        id: id.to_owned(),
    })
}

/// The key of the audit log's customer hashes.
#[derive(Clone)]
pub struct AuditKey(SecretString);

impl AuditKey {
    /// `privacy.audit_key`, else one derived from `api.token` (HMAC of a fixed label), else
    /// none: there is no default key.
    pub fn from_settings(settings: &Settings) -> Option<Self> {
        if let Some(key) = &settings.privacy.audit_key {
            return Some(AuditKey(key.clone()));
        }
        let token = settings.api.token.as_ref()?;
        let derived = hex::encode(mac(token.expose_secret(), "frontdesk audit key"));
        Some(AuditKey(SecretString::from(derived)))
    }

    /// The customer's keyed hash (hex HMAC-SHA256 of `<channel>:<id>`).
    pub fn hash(&self, customer: &Customer) -> String {
        hex::encode(mac(
            self.0.expose_secret(),
            &format!("{}:{}", customer.channel, customer.id),
        ))
    }
}

fn mac(key: &str, text: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Everything kept about one customer, as handed to them.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub customer: Customer,
    pub exported_at: DateTime<Utc>,
    /// The pages looked at.
    pub pages: Vec<String>,
    #[serde(flatten)]
    pub records: CustomerRecords,
}

/// Everything kept about `customer` on `pages`.
pub async fn export(
    store: &AnyStore,
    customer: &Customer,
    pages: &[String],
    now: DateTime<Utc>,
) -> Result<Export, PrivacyError> {
    let records = store.customer_records(&customer.keys(pages)).await?;
    Ok(Export {
        customer: customer.clone(),
        exported_at: now,
        pages: pages.to_vec(),
        records,
    })
}

/// The audit record of one erasure: who, when, which customer (as a keyed hash) and how
/// much went; never what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErasureRecord {
    pub by: String,
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub customer_hash: String,
    /// How many pages were looked at.
    pub pages: usize,
    pub erased: Erased,
}

/// Erases `customer` on `pages` and records it in the audit log (`AUDIT_SET`) and the
/// metrics. Erasing a customer of whom nothing is kept is recorded too (it was asked for).
pub async fn erase(
    store: &AnyStore,
    metrics: Option<&Metrics>,
    audit_key: Option<&AuditKey>,
    customer: &Customer,
    pages: &[String],
    by: &str,
    now: DateTime<Utc>,
) -> Result<ErasureRecord, PrivacyError> {
    let audit_key = audit_key.ok_or(PrivacyError::NoAuditKey)?;
    let erased = store.erase_customer(&customer.keys(pages)).await?;
    let record = ErasureRecord {
        by: by.to_owned(),
        at: now,
        channel: customer.channel,
        customer_hash: audit_key.hash(customer),
        pages: pages.len(),
        erased,
    };
    if let Ok(json) = serde_json::to_string(&record) {
        store.remember(AUDIT_SET, &json).await?;
    }
    tracing::info!(
        by,
        channel = %customer.channel,
        customer_hash = %record.customer_hash,
        conversations = erased.conversations,
        messages = erased.messages,
        "customer erased"
    );
    if let Some(metrics) = metrics {
        metrics
            .customer_erasures
            .with_label_values(&[customer.channel.as_str()])
            .inc();
        metrics.count_removed("erasure", &erased);
    }
    Ok(record)
}

/// The audit log of erasures, newest first.
pub async fn erasures(store: &AnyStore) -> Result<Vec<ErasureRecord>, StoreError> {
    let mut records: Vec<ErasureRecord> = store
        .members(AUDIT_SET)
        .await?
        .iter()
        .filter_map(|member| serde_json::from_str(member).ok())
        .collect();
    records.sort_by_key(|record| std::cmp::Reverse(record.at));
    Ok(records)
}

/// One retention round: on every configured page, forgets the resolved conversations older
/// than its `retention_days`, at most `max` over all pages (the next round goes on).
pub async fn retention_round(
    store: &AnyStore,
    pages: &PageDirectory,
    metrics: Option<&Metrics>,
    now: DateTime<Utc>,
    max: usize,
) -> Result<Erased, StoreError> {
    let mut total = Erased::default();
    for (channel, page_id) in store.list_pages().await? {
        let left = usize::try_from(total.conversations).map_or(0, |done| max.saturating_sub(done));
        if left == 0 {
            break;
        }
        let Some(page) = pages.get(channel, &page_id).await? else {
            continue;
        };
        let Some(before) = now.checked_sub_signed(page.retention) else {
            continue;
        };
        let erased = store.forget_resolved(&page_id, before, left).await?;
        if !erased.is_empty() {
            tracing::info!(page = %page_id, conversations = erased.conversations, "retention: resolved conversations forgotten");
        }
        total.add(&erased);
    }
    if let Some(metrics) = metrics {
        metrics.count_removed("retention", &total);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_ids_are_refused_unless_shaped_like_the_platforms() {
        assert!(customer(Channel::Messenger, "7034819265011234").is_ok());
        for bad in ["", "a:b", "a b", "x/y", &"1".repeat(129)] {
            assert!(
                matches!(
                    customer(Channel::Messenger, bad),
                    Err(PrivacyError::InvalidCustomer)
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_audit_hash_is_keyed_and_never_the_id() {
        let who = customer(Channel::X, "1428747032328024187").unwrap();
        let one = AuditKey(SecretString::from("first key"));
        let two = AuditKey(SecretString::from("second key"));
        assert_eq!(one.hash(&who), one.hash(&who));
        assert_ne!(one.hash(&who), two.hash(&who));
        assert!(!one.hash(&who).contains(&who.id));
        assert_eq!(one.hash(&who).len(), 64);
    }

    #[test]
    fn without_a_configured_key_there_is_no_default() {
        let mut settings = Settings::default();
        assert!(AuditKey::from_settings(&settings).is_none());
        settings.api.token = Some(SecretString::from("owner-token-1"));
        let derived = AuditKey::from_settings(&settings).unwrap();
        settings.privacy.audit_key = Some(SecretString::from("audit-key-1"));
        let configured = AuditKey::from_settings(&settings).unwrap();
        let who = customer(Channel::Messenger, "42").unwrap();
        assert_ne!(derived.hash(&who), configured.hash(&who));
    }
}
