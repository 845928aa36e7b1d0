//! Who may do what: roles, API tokens and how they are kept.
//!
//! A token is shown once when it is created (`tokens.rs`: the API, the console or `frontdesk
//! token create`) and stored only as its SHA-256 hash (tokens are 256-bit random strings, so a
//! fast hash is enough: there is nothing to guess). The tokens of the settings file
//! (`api.token`, `api.staff`) keep working beside the stored ones.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a token may do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works the human queue of its pages.
    Agent,
    /// Also configures its pages.
    Admin,
    /// The installation's owner: every page, and creating pages.
    Owner,
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "agent" => Ok(Role::Agent),
            "admin" => Ok(Role::Admin),
            "owner" => Ok(Role::Owner),
            other => Err(format!("unknown role {other:?} (agent, admin or owner)")),
        }
    }
}

/// A stored token, without the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Public handle for listing and revoking.
    pub id: String,
    /// The person or system the token belongs to (the name on their replies).
    pub name: String,
    pub role: Role,
    /// The pages it covers; ignored for the owner.
    #[serde(default)]
    pub pages: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// Who created it: a person's name, or `command line`; absent on tokens made before this
    /// was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl TokenRecord {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expires| expires <= now)
    }
}

/// A new random token: `fd_<id>_<secret>`, with its id.
pub fn new_token() -> (String, String) {
    let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    (format!("fd_{id}_{secret}"), id)
}

/// What the store keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_identifies_them() {
        let (a, id_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("fd_{id_a}_")));
        assert_eq!(a.len(), 3 + 12 + 1 + 64);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(!token_hash(&a).contains(&a[16..]));
    }

    #[test]
    fn roles_parse_and_order_by_power() {
        assert_eq!("admin".parse::<Role>(), Ok(Role::Admin));
        assert!("root".parse::<Role>().is_err());
        assert!(Role::Owner > Role::Admin && Role::Admin > Role::Agent);
    }
}
