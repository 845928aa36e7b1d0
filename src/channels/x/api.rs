//! Managing the X side: the webhook (`/2/webhooks`), the X Activity API subscriptions of an
//! account (`/2/activity/subscriptions`) and the OAuth 2.0 token refresh (`/2/oauth2/token`),
//! per protocols-2.md §X-A.2, §X-A.6 and §X-B.3. Answers are returned as X's JSON `data`; no
//! token is ever part of an error or a log line.

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use super::XClient;

/// The event types frontdesk subscribes an account to: DMs both ways (a `dm.sent` that is not
/// ours means a person answered in the X app), mentions, and replies to the account's Posts.
pub const SUBSCRIBED_EVENTS: [&str; 4] = [
    "dm.received",
    "dm.sent",
    "post.mention.create",
    "post.reply.create",
];

/// A management call X refused, or that did not get through.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// The HTTP status, when X answered.
    pub status: Option<u16>,
    pub message: String,
}

/// The OAuth 2.0 client of the X app, for refreshing user tokens.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    /// Confidential clients authenticate with HTTP Basic; public ones send `client_id`.
    pub client_secret: Option<SecretString>,
}

/// A new token pair.
#[derive(Debug, Deserialize)]
pub struct TokenGrant {
    pub access_token: SecretString,
    /// X rotates refresh tokens: the new one replaces the one just spent.
    pub refresh_token: Option<SecretString>,
    /// Seconds the access token lives (7200 at X).
    pub expires_in: Option<i64>,
}

/// Why a refresh did not give a new pair.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    /// The refresh token is unknown, spent or revoked (`invalid_request`, `invalid_grant`):
    /// only a person re-authorising the account helps.
    #[error("the refresh token was refused: {0}")]
    Refused(String),
    /// The app's OAuth client is not configured or not accepted (`unauthorized_client`).
    #[error("the X OAuth client is misconfigured: {0}")]
    Misconfigured(String),
    /// A network error or a 5xx: try again later.
    #[error("the token refresh failed for now: {0}")]
    Transient(String),
}

#[derive(Debug, Deserialize)]
struct OAuthProblem {
    error: Option<String>,
    error_description: Option<String>,
}

impl XClient {
    /// Sets the OAuth 2.0 client used by `refresh_token`.
    pub fn with_oauth(mut self, oauth: Option<OAuthClient>) -> Self {
        self.oauth = oauth;
        self
    }

    /// `POST /2/oauth2/token` with `grant_type=refresh_token`.
    pub async fn refresh_token(
        &self,
        refresh_token: &SecretString,
    ) -> Result<TokenGrant, RefreshError> {
        let Some(oauth) = &self.oauth else {
            return Err(RefreshError::Misconfigured(
                "x.oauth_client_id is not set".into(),
            ));
        };
        let mut form = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose_secret()),
        ];
        let mut request = self.http.post(format!("{}/2/oauth2/token", self.base_url));
        match &oauth.client_secret {
            Some(secret) => {
                let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    oauth.client_id,
                    secret.expose_secret()
                ));
                request = request.header("authorization", format!("Basic {credentials}"));
            }
            None => form.push(("client_id", oauth.client_id.as_str())),
        }
        let (status, _, body) = crate::channels::exchange(request.form(&form))
            .await
            .map_err(|e| RefreshError::Transient(e.message))?;
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map_err(|e| RefreshError::Transient(format!("unreadable token answer: {e}")));
        }
        let problem = serde_json::from_slice::<OAuthProblem>(&body).ok();
        let (error, description) = problem
            .map(|p| (p.error.unwrap_or_default(), p.error_description))
            .unwrap_or_default();
        let message = match description {
            Some(description) => format!("HTTP {status} {error}: {description}"),
            None => format!("HTTP {status} {error}"),
        };
        Err(match (status.as_u16(), error.as_str()) {
            (_, "invalid_request" | "invalid_grant") => RefreshError::Refused(message),
            (401, _) | (_, "unauthorized_client" | "invalid_client") => {
                RefreshError::Misconfigured(message)
            }
            (400..=499, _) if status.as_u16() != 429 => RefreshError::Refused(message),
            _ => RefreshError::Transient(message),
        })
    }

    /// `POST /2/webhooks {"url"}`: X runs a CRC check against the URL before it answers.
    pub async fn register_webhook(
        &self,
        bearer: &SecretString,
        url: &str,
    ) -> Result<Value, ApiError> {
        let request = self
            .http
            .post(format!("{}/2/webhooks", self.base_url))
            .json(&json!({ "url": url }));
        self.call(request, bearer).await
    }

    /// `GET /2/webhooks`.
    pub async fn list_webhooks(&self, bearer: &SecretString) -> Result<Value, ApiError> {
        let request = self.http.get(format!("{}/2/webhooks", self.base_url));
        self.call(request, bearer).await
    }

    /// `DELETE /2/webhooks/:id`.
    pub async fn delete_webhook(&self, bearer: &SecretString, id: &str) -> Result<Value, ApiError> {
        let request = self
            .http
            .delete(format!("{}/2/webhooks/{}", self.base_url, path_id(id)?));
        self.call(request, bearer).await
    }

    /// `POST /2/activity/subscriptions` for one event type of the account `user_id`, with
    /// the account's own OAuth 2.0 user token (private events need the user's consent).
    pub async fn create_subscription(
        &self,
        user_token: &SecretString,
        event_type: &str,
        user_id: &str,
        webhook_id: Option<&str>,
    ) -> Result<Value, ApiError> {
        let mut body = json!({
            "event_type": event_type,
            "filter": { "user_id": user_id },
            "tag": format!("frontdesk:{user_id}:{event_type}"),
        });
        if let (Some(webhook_id), Some(fields)) = (webhook_id, body.as_object_mut()) {
            fields.insert("webhook_id".into(), json!(webhook_id));
        }
        let request = self
            .http
            .post(format!("{}/2/activity/subscriptions", self.base_url))
            .json(&body);
        self.call(request, user_token).await
    }

    /// `GET /2/activity/subscriptions`.
    pub async fn list_subscriptions(&self, bearer: &SecretString) -> Result<Value, ApiError> {
        let request = self
            .http
            .get(format!("{}/2/activity/subscriptions", self.base_url))
            .query(&[("max_results", "1000")]);
        self.call(request, bearer).await
    }

    /// `DELETE /2/activity/subscriptions/:id`.
    pub async fn delete_subscription(
        &self,
        bearer: &SecretString,
        id: &str,
    ) -> Result<Value, ApiError> {
        let request = self.http.delete(format!(
            "{}/2/activity/subscriptions/{}",
            self.base_url,
            path_id(id)?
        ));
        self.call(request, bearer).await
    }

    async fn call(
        &self,
        request: reqwest::RequestBuilder,
        token: &SecretString,
    ) -> Result<Value, ApiError> {
        let (status, _, body) =
            crate::channels::exchange(request.bearer_auth(token.expose_secret()))
                .await
                .map_err(|e| ApiError {
                    status: None,
                    message: e.message,
                })?;
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(value);
        }
        let detail = ["detail", "title", "reason"]
            .iter()
            .find_map(|field| value.get(*field).and_then(Value::as_str))
            .or_else(|| value.pointer("/errors/0/message").and_then(Value::as_str))
            .unwrap_or_default();
        Err(ApiError {
            status: Some(status.as_u16()),
            message: format!("HTTP {status}: {detail}")
                .trim_end_matches(": ")
                .to_owned(),
        })
    }
}

/// An id that goes into a URL path: X's ids are digits (webhooks, subscriptions).
fn path_id(id: &str) -> Result<&str, ApiError> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(id)
    } else {
        Err(ApiError {
            status: None,
            message: format!("{id:?} is not an X id"),
        })
    }
}
