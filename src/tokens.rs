//! API tokens' use cases: create one (its secret shown once), list a page's tokens, revoke one.
//! The API (`http/tokens.rs`), the console and `frontdesk token` all call these, so the rules
//! live here once:
//!
//! - Only an admin (or the owner) manages tokens, and only for pages they administer; an agent
//!   is refused (`Forbidden`), a page that is not the caller's is `NotFound`.
//! - A person creates agent and admin tokens; owner tokens are made only on the command line
//!   (`Actor::Operator`).
//! - A listing never shows a secret or a hash, and shows of each token only the pages the
//!   viewer may see (`other_pages` counts the rest), so page ids do not leak.
//! - Revoking deletes the token, so it must not reach further than the caller: a token that
//!   also covers pages the caller does not administer, or an owner's token, is refused
//!   (`Forbidden`; the owner can revoke it). A token that does not cover the page is
//!   `NotFound`, so token ids do not leak either.
//!
//! Tokens are read from the store on every request (`http::auth::Caller`), so a token created
//! or revoked here counts at once on every instance sharing the store.

use chrono::{DateTime, Duration, Months, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::access::{Role, TokenRecord, new_token, token_hash};
use crate::domain::page::ConfigError;
use crate::store::{AnyStore, RecordStore, StoreError};

/// Longest token name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest a token may live: an expiry further ahead is a mistake.
pub const MAX_LIFETIME: Months = Months::new(120);
/// Longest page id a token may name, in characters.
const MAX_PAGE_ID_CHARS: usize = 100;

/// Who manages tokens.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// The installation's operator at the command line (`frontdesk token …`): every token,
    /// owner tokens included, on any page.
    Operator,
    /// A person, through the API or the console.
    Person {
        name: &'a str,
        role: Role,
        /// The pages they may see; `None`: every page (the owner).
        pages: Option<&'a [String]>,
    },
}

impl Actor<'_> {
    fn name(&self) -> &str {
        match self {
            Actor::Operator => "command line",
            Actor::Person { name, .. } => name,
        }
    }

    fn is_owner(&self) -> bool {
        match self {
            Actor::Operator => true,
            Actor::Person { role, .. } => *role == Role::Owner,
        }
    }

    fn sees(&self, page: &str) -> bool {
        match self {
            Actor::Operator => true,
            Actor::Person { pages, .. } => {
                pages.is_none_or(|pages| pages.iter().any(|p| p == page))
            }
        }
    }

    fn administers(&self, page: &str) -> bool {
        self.sees(page)
            && match self {
                Actor::Operator => true,
                Actor::Person { role, .. } => *role >= Role::Admin,
            }
    }

    /// The caller may manage tokens (of `page`, when given): `NotFound` for a page that is not
    /// theirs, `Forbidden` below the admin role. (The HTTP extractors decide the same before a
    /// handler runs; this keeps every other caller of these functions to the same rule.)
    fn check(&self, page: Option<&str>) -> Result<(), TokenError> {
        if page.is_some_and(|page| !self.sees(page)) {
            return Err(TokenError::NotFound);
        }
        if matches!(self, Actor::Person { role, .. } if *role < Role::Admin) {
            return Err(TokenError::Forbidden(
                "managing tokens needs the admin role",
            ));
        }
        Ok(())
    }

    /// The token concerns the caller: the owner's concern is every token, a person's the
    /// tokens that cover one of their pages.
    fn reaches(&self, record: &TokenRecord) -> bool {
        self.is_owner() || record.pages.iter().any(|page| self.sees(page))
    }
}

/// What a new token should be. Every field is checked by `create`, which names the field at
/// fault; the API reads it from JSON with `from_json`, the console from its form.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Whose token it is (the name on their replies).
    pub name: Option<String>,
    /// `agent` or `admin` (`owner` only on the command line).
    pub role: Option<Role>,
    /// The pages it covers (through the page's API, in addition to that page).
    #[serde(default)]
    pub pages: Vec<String>,
    /// When it stops working (RFC 3339); or
    pub expires_at: Option<DateTime<Utc>>,
    /// after how many days it stops working. Neither: it works until revoked.
    pub expires_in_days: Option<i64>,
}

impl TokenRequest {
    /// Reads a request from JSON; a value of the wrong type is `Invalid` naming its field.
    pub fn from_json(value: Value) -> Result<Self, TokenError> {
        serde_path_to_error::deserialize(value).map_err(|error| {
            let field = error.path().to_string();
            invalid(
                if field == "." { String::new() } else { field },
                error.into_inner(),
            )
        })
    }
}

/// A token as it is listed: never its secret or hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TokenSummary {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The pages it covers that the viewer may see.
    pub pages: Vec<String>,
    /// How many more pages it covers, which the viewer may not see.
    pub other_pages: usize,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub expired: bool,
}

impl TokenSummary {
    fn of(record: TokenRecord, viewer: &Actor<'_>, now: DateTime<Utc>) -> Self {
        let expired = record.is_expired(now);
        let total = record.pages.len();
        let pages: Vec<String> = record
            .pages
            .into_iter()
            .filter(|page| viewer.sees(page))
            .collect();
        TokenSummary {
            id: record.id,
            name: record.name,
            role: record.role,
            other_pages: total.saturating_sub(pages.len()),
            pages,
            created_at: record.created_at,
            created_by: record.created_by,
            expires_at: record.expires_at,
            expired,
        }
    }
}

/// A token just created: the secret, to be shown this once, and what is kept of it.
#[derive(Debug)]
pub struct Created {
    pub token: SecretString,
    pub record: TokenSummary,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// A field of the request is invalid (named).
    #[error("{0}")]
    Invalid(ConfigError),
    /// No such token (or page) as far as the caller may know.
    #[error("no such token")]
    NotFound,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn invalid(field: impl Into<String>, message: impl ToString) -> TokenError {
    TokenError::Invalid(ConfigError {
        field: field.into(),
        message: message.to_string(),
    })
}

/// Creates a token for `page` (first) and the request's other pages, as the page's API and
/// console do.
pub async fn create_for_page(
    store: &AnyStore,
    actor: &Actor<'_>,
    page: &str,
    request: TokenRequest,
    now: DateTime<Utc>,
) -> Result<Created, TokenError> {
    actor.check(Some(page))?;
    issue(store, actor, Some(page), request, now).await
}

/// Creates a token for the request's pages, as `frontdesk token create` does.
pub async fn create(
    store: &AnyStore,
    actor: &Actor<'_>,
    request: TokenRequest,
    now: DateTime<Utc>,
) -> Result<Created, TokenError> {
    actor.check(None)?;
    issue(store, actor, None, request, now).await
}

async fn issue(
    store: &AnyStore,
    actor: &Actor<'_>,
    page: Option<&str>,
    request: TokenRequest,
    now: DateTime<Utc>,
) -> Result<Created, TokenError> {
    let name = checked_name(request.name.as_deref())?;
    let role = request
        .role
        .ok_or_else(|| invalid("role", "is required: agent or admin"))?;
    if role == Role::Owner && !matches!(actor, Actor::Operator) {
        return Err(invalid(
            "role",
            "must be agent or admin; owner tokens are made on the command line",
        ));
    }
    let mut pages: Vec<String> = page.map(str::to_owned).into_iter().collect();
    for (i, asked) in request.pages.iter().enumerate() {
        let field = format!("pages[{i}]");
        let asked = asked.trim();
        if asked.is_empty()
            || asked.chars().count() > MAX_PAGE_ID_CHARS
            || asked.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid(field, "is not a page id"));
        }
        // The same answer whether the page exists or not, so page ids do not leak.
        if !actor.administers(asked) {
            return Err(invalid(field, "is not a page you administer"));
        }
        if !pages.iter().any(|p| p == asked) {
            pages.push(asked.to_owned());
        }
    }
    if role != Role::Owner && pages.is_empty() {
        return Err(invalid("pages", "needs at least one page"));
    }
    let expires_at = checked_expiry(&request, now)?;
    let (token, id) = new_token();
    let record = TokenRecord {
        id,
        name,
        role,
        pages,
        created_at: now,
        created_by: Some(actor.name().to_owned()),
        expires_at,
    };
    store.save_token(&token_hash(&token), &record).await?;
    tracing::info!(
        id = %record.id,
        name = %record.name,
        role = ?record.role,
        pages = ?record.pages,
        by = %actor.name(),
        "token created"
    );
    Ok(Created {
        token: SecretString::from(token),
        record: TokenSummary::of(record, actor, now),
    })
}

/// A token's name: trimmed, not empty, at most `MAX_NAME_CHARS`, no control characters.
fn checked_name(name: Option<&str>) -> Result<String, TokenError> {
    let name = name.ok_or_else(|| invalid("name", "is required"))?.trim();
    if name.is_empty() {
        return Err(invalid("name", "must not be empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(
            "name",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("name", "must not contain control characters"));
    }
    Ok(name.to_owned())
}

/// When the token expires: after `now`, and at most `MAX_LIFETIME` ahead.
fn checked_expiry(
    request: &TokenRequest,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, TokenError> {
    let (field, at) = match (request.expires_at, request.expires_in_days) {
        (None, None) => return Ok(None),
        (Some(_), Some(_)) => {
            return Err(invalid(
                "expires_in_days",
                "give expires_at or expires_in_days, not both",
            ));
        }
        (Some(at), None) => ("expires_at", Some(at)),
        (None, Some(days)) => {
            if days < 1 {
                return Err(invalid("expires_in_days", "must be at least 1"));
            }
            (
                "expires_in_days",
                Duration::try_days(days).and_then(|days| now.checked_add_signed(days)),
            )
        }
    };
    let latest = now.checked_add_months(MAX_LIFETIME);
    match at {
        Some(at) if at <= now => Err(invalid(field, "must be in the future")),
        Some(at) if latest.is_none_or(|latest| at <= latest) => Ok(Some(at)),
        _ => Err(invalid(field, "must be within ten years")),
    }
}

/// The tokens that cover `page` (or, without one, every token the caller's pages concern; the
/// owner's: every token), oldest first.
pub async fn list(
    store: &AnyStore,
    actor: &Actor<'_>,
    page: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<TokenSummary>, TokenError> {
    actor.check(page)?;
    let mut listed: Vec<TokenSummary> = store
        .list_tokens()
        .await?
        .into_iter()
        .filter(|record| covers(record, page) && actor.reaches(record))
        .map(|record| TokenSummary::of(record, actor, now))
        .collect();
    listed.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(listed)
}

/// Revokes the token `id` that covers `page` (or, without one, any token the caller's pages
/// concern): it stops working at once; what it was is returned. A person may revoke only tokens whose pages they all
/// administer, and only the owner revokes an owner's token (`Forbidden` otherwise).
pub async fn revoke(
    store: &AnyStore,
    actor: &Actor<'_>,
    page: Option<&str>,
    id: &str,
    now: DateTime<Utc>,
) -> Result<TokenSummary, TokenError> {
    actor.check(page)?;
    let record = store
        .list_tokens()
        .await?
        .into_iter()
        .find(|record| record.id == id && covers(record, page) && actor.reaches(record))
        .ok_or(TokenError::NotFound)?;
    if record.role == Role::Owner && !actor.is_owner() {
        return Err(TokenError::Forbidden(
            "only the owner can revoke an owner's token",
        ));
    }
    if !record.pages.iter().all(|page| actor.administers(page)) {
        return Err(TokenError::Forbidden(
            "the token also covers pages you do not administer; the owner can revoke it",
        ));
    }
    if !store.revoke_token(id).await? {
        return Err(TokenError::NotFound);
    }
    tracing::info!(id = %record.id, name = %record.name, by = %actor.name(), "token revoked");
    Ok(TokenSummary::of(record, actor, now))
}

fn covers(record: &TokenRecord, page: Option<&str>) -> bool {
    page.is_none_or(|page| record.pages.iter().any(|p| p == page))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn field_of(result: Result<impl std::fmt::Debug, TokenError>) -> String {
        match result {
            Err(TokenError::Invalid(error)) => error.field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(checked_name(Some("  Klára ")).unwrap(), "Klára");
        assert_eq!(field_of(checked_name(None)), "name");
        assert_eq!(field_of(checked_name(Some(" \t "))), "name");
        assert_eq!(field_of(checked_name(Some("a\u{7}b"))), "name");
        assert!(checked_name(Some(&"ž".repeat(MAX_NAME_CHARS))).is_ok());
        assert_eq!(
            field_of(checked_name(Some(&"ž".repeat(MAX_NAME_CHARS + 1)))),
            "name"
        );
    }

    #[test]
    fn an_expiry_is_in_the_future_and_within_ten_years() {
        let at = |expires_at, expires_in_days| TokenRequest {
            expires_at,
            expires_in_days,
            ..TokenRequest::default()
        };
        assert_eq!(checked_expiry(&at(None, None), now()).unwrap(), None);
        assert_eq!(
            checked_expiry(&at(None, Some(30)), now()).unwrap(),
            Some(now() + Duration::days(30))
        );
        let in_ten_years = Utc.with_ymd_and_hms(2036, 11, 24, 9, 0, 0).unwrap();
        assert_eq!(
            checked_expiry(&at(Some(in_ten_years), None), now()).unwrap(),
            Some(in_ten_years)
        );
        for (request, field) in [
            (at(Some(now()), None), "expires_at"),
            (
                at(Some(in_ten_years + Duration::seconds(1)), None),
                "expires_at",
            ),
            (at(None, Some(0)), "expires_in_days"),
            (at(None, Some(-3)), "expires_in_days"),
            (at(None, Some(3700)), "expires_in_days"),
            (at(None, Some(i64::MAX)), "expires_in_days"),
            (at(Some(in_ten_years), Some(1)), "expires_in_days"),
        ] {
            assert_eq!(
                field_of(checked_expiry(&request, now())),
                field,
                "{request:?}"
            );
        }
    }

    #[test]
    fn a_request_of_the_wrong_shape_names_the_field() {
        let field = |value| field_of(TokenRequest::from_json(value));
        assert_eq!(field(serde_json::json!({"role": "root"})), "role");
        assert_eq!(field(serde_json::json!({"name": 5})), "name");
        assert_eq!(
            field(serde_json::json!({"expires_in_days": 1.5})),
            "expires_in_days"
        );
        assert_eq!(
            field(serde_json::json!({"expires_at": "tomorrow"})),
            "expires_at"
        );
        assert_eq!(field(serde_json::json!({"pages": ["a", 7]})), "pages[1]");
        let request = TokenRequest::from_json(serde_json::json!({
            "name": "Klára", "role": "agent", "expires_at": "2027-01-01T00:00:00+01:00"
        }))
        .unwrap();
        assert_eq!(request.role, Some(Role::Agent));
        assert_eq!(
            request.expires_at,
            Some(Utc.with_ymd_and_hms(2026, 12, 31, 23, 0, 0).unwrap())
        );
    }

    #[test]
    fn people_manage_tokens_of_their_pages_only() {
        let mine = ["p1".to_owned(), "p2".to_owned()];
        let admin = Actor::Person {
            name: "Eva",
            role: Role::Admin,
            pages: Some(&mine),
        };
        let agent = Actor::Person {
            name: "Jana",
            role: Role::Agent,
            pages: Some(&mine),
        };
        let owner = Actor::Person {
            name: "Owner",
            role: Role::Owner,
            pages: None,
        };
        assert!(admin.check(Some("p1")).is_ok());
        assert!(matches!(admin.check(Some("p3")), Err(TokenError::NotFound)));
        assert!(matches!(
            agent.check(Some("p1")),
            Err(TokenError::Forbidden(_))
        ));
        assert!(matches!(agent.check(Some("p3")), Err(TokenError::NotFound)));
        assert!(owner.check(Some("anything")).is_ok());
        let record = |pages: &[&str]| TokenRecord {
            id: "t".into(),
            name: "Petr".into(),
            role: Role::Agent,
            pages: pages.iter().map(|p| (*p).to_owned()).collect(),
            created_at: now(),
            created_by: None,
            expires_at: None,
        };
        assert!(admin.reaches(&record(&["p3", "p2"])));
        assert!(!admin.reaches(&record(&["p3"])));
        assert!(owner.reaches(&record(&[])));
        let shown = TokenSummary::of(record(&["p1", "p3", "p4"]), &admin, now());
        assert_eq!(shown.pages, ["p1"]);
        assert_eq!(shown.other_pages, 2);
    }
}
