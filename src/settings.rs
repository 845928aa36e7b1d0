//! Process settings: built-in defaults, then a TOML file, then `FRONTDESK_` environment
//! variables (nested fields with `__`, e.g. `FRONTDESK_MESSENGER__VERIFY_TOKEN`).
//! Handlers never read the environment; they get what they need from here at start-up.

use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;

use crate::access::Role;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address the HTTP server listens on; port 0 picks a free one.
    pub bind: String,
    /// Redis server shared by all instances. Without it, the embedded store in `data_file`
    /// is used (one instance only).
    pub redis_url: Option<String>,
    /// Every Redis key starts with this, so several installations or test runs can share a server.
    pub key_prefix: String,
    /// The embedded store's file, used when `redis_url` is not set.
    pub data_file: PathBuf,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// How long a page configuration is served from memory before it is read again.
    pub page_cache_ttl_ms: u64,
    /// Longest a client may take to send a request's headers, and again its body; slower
    /// requests get 408 and their connection is closed.
    pub request_timeout_ms: u64,
    pub messenger: MessengerSettings,
    pub x: XSettings,
    pub api: ApiSettings,
    pub worker: WorkerSettings,
    pub outbox: OutboxSettings,
}

/// Values that stand for "not set yet" in examples and templates, compared ignoring case
/// and `-`/`_`.
const PLACEHOLDERS: &[&str] = &[
    "unset",
    "changeme",
    "change",
    "secret",
    "password",
    "placeholder",
    "todo",
    "none",
    "null",
    "default",
    "example",
    "test",
    "xxx",
];

fn is_placeholder(secret: &SecretString) -> bool {
    use secrecy::ExposeSecret;
    let normalized: String = secret
        .expose_secret()
        .trim()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    normalized.is_empty() || PLACEHOLDERS.contains(&normalized.as_str())
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Load(#[from] Box<figment::Error>),
    #[error("{0}")]
    Invalid(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MessengerSettings {
    /// The Graph API base URL, with its version.
    pub graph_api_base: String,
    /// The Verify Token typed into the Meta App Dashboard; without it the handshake fails.
    pub verify_token: Option<SecretString>,
    /// The Meta apps whose webhooks are accepted, each with its active secrets (two during
    /// a rotation).
    pub apps: Vec<AppSecrets>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct XSettings {
    /// The X API base URL.
    pub api_base: String,
    /// The X apps whose webhooks are accepted, each with its consumer secrets (API key
    /// secrets). The CRC challenge is answered with the first app's first secret: list the
    /// current one first while rotating.
    pub apps: Vec<AppSecrets>,
}

impl Default for XSettings {
    fn default() -> Self {
        XSettings {
            api_base: "https://api.x.com".into(),
            apps: Vec::new(),
        }
    }
}

/// An app of a platform and its active secrets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppSecrets {
    pub id: String,
    pub secrets: Vec<SecretString>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiSettings {
    /// Bearer token of the installation's owner (`admin`): every page.
    pub token: Option<SecretString>,
    /// Staff members: each with their own bearer token and the pages they work on.
    pub staff: Vec<StaffMember>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffMember {
    /// The name customers see under replies ("— Jana") and colleagues see in the queue.
    pub name: String,
    pub token: SecretString,
    /// Page ids this person may see and answer.
    pub pages: Vec<String>,
    /// `agent` (the default) works the queue; `admin` also configures the pages.
    #[serde(default = "agent")]
    pub role: Role,
}

fn agent() -> Role {
    Role::Agent
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkerSettings {
    /// Run the event worker and the reply sender in this process.
    pub enabled: bool,
    /// Events or replies taken from a queue at once.
    pub batch: usize,
    /// Work claimed by a consumer that has not finished it after this long is taken over by
    /// another one (the first is presumed dead). Must exceed the outbox's retry budget.
    pub reclaim_after_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxSettings {
    /// Timeout of one send request.
    pub timeout_ms: u64,
    /// Attempts per reply before it is recorded as failed.
    pub max_attempts: u32,
    /// First retry delay; doubles with each attempt, with jitter.
    pub backoff_base_ms: u64,
    /// Longest delay between attempts, also the cap on a platform's `Retry-After`.
    pub backoff_max_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            redis_url: None,
            key_prefix: "frontdesk:".into(),
            data_file: "frontdesk.redb".into(),
            log_format: LogFormat::Pretty,
            page_cache_ttl_ms: 1000,
            request_timeout_ms: 10_000,
            messenger: MessengerSettings::default(),
            x: XSettings::default(),
            api: ApiSettings::default(),
            worker: WorkerSettings::default(),
            outbox: OutboxSettings::default(),
        }
    }
}

impl Default for MessengerSettings {
    fn default() -> Self {
        MessengerSettings {
            graph_api_base: "https://graph.facebook.com/v25.0".into(),
            verify_token: None,
            apps: Vec::new(),
        }
    }
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            enabled: true,
            batch: 64,
            reclaim_after_ms: 300_000,
        }
    }
}

impl Default for OutboxSettings {
    fn default() -> Self {
        OutboxSettings {
            timeout_ms: 10_000,
            max_attempts: 5,
            backoff_base_ms: 500,
            backoff_max_ms: 30_000,
        }
    }
}

impl Settings {
    /// Loads settings from `file` (if given) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut figment = Figment::new();
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        let settings: Settings = figment
            // FRONTDESK_CONFIG names the file (a CLI flag); FRONTDESK_TEST_REDIS_URL is the
            // tests' Redis. Neither is a setting.
            .merge(
                Env::prefixed("FRONTDESK_")
                    .ignore(&["CONFIG", "TEST_REDIS_URL"])
                    .split("__"),
            )
            .extract()
            .map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        self.validate_secrets()?;
        let retry_budget_ms = u64::from(self.outbox.max_attempts)
            * (self.outbox.timeout_ms + self.outbox.backoff_max_ms);
        if self.worker.reclaim_after_ms <= retry_budget_ms {
            return Err(SettingsError::Invalid(format!(
                "worker.reclaim_after_ms ({}) must exceed the outbox retry budget ({retry_budget_ms} ms), or replies would be sent twice",
                self.worker.reclaim_after_ms,
            )));
        }
        if self.worker.batch == 0 || self.outbox.max_attempts == 0 {
            return Err(SettingsError::Invalid(
                "worker.batch and outbox.max_attempts must be at least 1".to_owned(),
            ));
        }
        Ok(())
    }

    /// Every secret is real: not empty and not a placeholder such as `unset` or `changeme`
    /// (a placeholder is a key anyone can sign with). A channel without secrets is off.
    /// `Application::build` checks this too, so no process serves with a placeholder secret,
    /// however its settings were made.
    pub fn validate_secrets(&self) -> Result<(), SettingsError> {
        let mut secrets: Vec<(String, &SecretString)> = Vec::new();
        for (channel, apps) in [("messenger", &self.messenger.apps), ("x", &self.x.apps)] {
            for (i, app) in apps.iter().enumerate() {
                if app.secrets.is_empty() {
                    return Err(SettingsError::Invalid(format!(
                        "{channel}.apps[{i}].secrets: an app needs at least one secret; leave the app out to switch the channel off"
                    )));
                }
                for (j, secret) in app.secrets.iter().enumerate() {
                    secrets.push((format!("{channel}.apps[{i}].secrets[{j}]"), secret));
                }
            }
        }
        if let Some(token) = &self.messenger.verify_token {
            secrets.push(("messenger.verify_token".into(), token));
        }
        if let Some(token) = &self.api.token {
            secrets.push(("api.token".into(), token));
        }
        for (i, member) in self.api.staff.iter().enumerate() {
            secrets.push((format!("api.staff[{i}].token"), &member.token));
        }
        match secrets.into_iter().find(|(_, s)| is_placeholder(s)) {
            Some((field, _)) => Err(SettingsError::Invalid(format!(
                "{field} is empty or a placeholder; set the real secret"
            ))),
            None => Ok(()),
        }
    }

    pub fn reclaim_after(&self) -> Duration {
        Duration::from_millis(self.worker.reclaim_after_ms)
    }
}
