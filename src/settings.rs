//! Process settings: built-in defaults, then a TOML file, then `FRONTDESK_` environment
//! variables (nested fields with `__`, e.g. `FRONTDESK_MESSENGER__VERIFY_TOKEN`). An empty
//! variable counts as unset (`FRONTDESK_REDIS_URL=` means the embedded store), as an empty
//! line in a compose or env file usually means. An error names the setting, where its value
//! came from and what to do.
//! Handlers never read the environment; they get what they need from here at start-up.

use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;

use crate::access::Role;
use crate::secrets::Keyring;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address the HTTP server listens on; port 0 picks a free one.
    pub bind: String,
    /// Redis server shared by all instances. Without it, the embedded store in `data_file`
    /// is used (one instance only).
    pub redis_url: Option<String>,
    /// A Redis Cluster shared by all instances, instead of `redis_url`: the addresses of some
    /// of its nodes (the rest are discovered), each `redis://[:password@]host:port`. A list in
    /// TOML, comma-separated in `FRONTDESK_REDIS_CLUSTER_NODES`.
    #[serde(deserialize_with = "list_or_commas")]
    pub redis_cluster_nodes: Vec<SecretString>,
    /// On a Redis Cluster, how many slots the pages' data and the work queues are spread
    /// over (each page in one, by its id); every instance reads each in its own lane, so it
    /// also bounds how many conversations are worked on in parallel. The first start fixes it
    /// (another count would look for every page's data in another slot, so it is refused).
    pub redis_partitions: u16,
    /// Every Redis key starts with this, so several installations or test runs can share a server.
    pub key_prefix: String,
    /// The embedded store's file, used when `redis_url` is not set.
    pub data_file: PathBuf,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// How long a page configuration is served from memory before it is read again; a change
    /// drops it at once on every instance (live notice), this bounds staleness when a notice
    /// is lost.
    pub page_cache_ttl_ms: u64,
    /// How many pages (configuration and FAQ index) an instance keeps in memory; the least
    /// recently used leaves first and is read again from the store when needed.
    pub page_cache_size: usize,
    /// Longest a client may take to send a request's headers, and again its body; slower
    /// requests get 408 and their connection is closed.
    pub request_timeout_ms: u64,
    /// Keys that encrypt the pages' access tokens and the X accounts' tokens in the store,
    /// each `id:base64key` (32 bytes; `frontdesk secrets new-key` makes one). The first one
    /// encrypts, every one decrypts: to rotate, put a new key first, then run
    /// `frontdesk secrets reencrypt` and drop the old key. A list in TOML, comma-separated
    /// in `FRONTDESK_SECRETS_KEYS`. No default: Redis refuses to start without one, the
    /// embedded store keeps tokens in plain text and warns.
    #[serde(deserialize_with = "list_or_commas")]
    pub secrets_keys: Vec<SecretString>,
    pub messenger: MessengerSettings,
    pub x: XSettings,
    pub instagram: InstagramSettings,
    pub api: ApiSettings,
    pub worker: WorkerSettings,
    pub outbox: OutboxSettings,
    pub privacy: PrivacySettings,
}

/// Customers' data (`crate::privacy`): the audit key of erasures and the retention's pace.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacySettings {
    /// The key the audit log hashes an erased customer's id with (HMAC-SHA256), so the log
    /// can show that a customer was erased without keeping who. When unset, a key is derived
    /// from `api.token` (changing that token then changes the hashes); with neither, erasure
    /// is refused.
    pub audit_key: Option<SecretString>,
    /// How often the retention looks for resolved conversations past their page's
    /// `retention_days`.
    pub retention_every_ms: u64,
    /// Conversations the retention forgets per round at most, over all pages.
    pub retention_batch: usize,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            audit_key: None,
            retention_every_ms: 600_000,
            retention_batch: 500,
        }
    }
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

/// Whether a secret is empty or stands for "not set yet" (`unset`, `changeme`, …).
pub fn is_placeholder(secret: &SecretString) -> bool {
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

/// A list, or one string of comma-separated entries (the form an environment variable takes).
fn list_or_commas<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<SecretString>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrCommas {
        List(Vec<String>),
        Commas(String),
    }
    let entries = match ListOrCommas::deserialize(deserializer)? {
        ListOrCommas::List(entries) => entries,
        ListOrCommas::Commas(text) => text
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    Ok(entries.into_iter().map(SecretString::from).collect())
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{}", describe(.0))]
    Load(#[from] Box<figment::Error>),
    #[error("{0}")]
    Invalid(String),
}

/// Every problem figment found, one per line: the setting, what is wrong, where the value
/// came from (the file, or the environment variable) and what to do.
fn describe(error: &figment::Error) -> String {
    let mut lines = Vec::new();
    for problem in error.clone() {
        let setting = problem.path.join(".");
        let from = match (&problem.metadata, problem.path.is_empty()) {
            (Some(md), false) if md.name.contains("environment") => {
                format!(" (from {})", env_name(&problem.path))
            }
            (Some(md), _) => match &md.source {
                Some(source) => format!(" (from {source})"),
                None => format!(" (from {})", md.name),
            },
            (None, _) => String::new(),
        };
        let line = if setting.is_empty() {
            format!("{}{from}; correct the settings", problem.kind)
        } else {
            format!(
                "setting {setting}: {}{from}; correct it, or remove it for the default",
                problem.kind
            )
        };
        lines.push(line);
    }
    lines.join("\n")
}

/// The environment variable of a setting: `worker.batch` is `FRONTDESK_WORKER__BATCH`.
pub fn env_name(path: &[String]) -> String {
    format!("FRONTDESK_{}", path.join("__").to_ascii_uppercase())
}

/// The `FRONTDESK_` variables set to nothing (or blanks), without the prefix: they count as
/// unset.
fn empty_variables(
    vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> Vec<String> {
    vars.filter_map(|(key, value)| {
        let key = key.to_str()?.strip_prefix("FRONTDESK_")?.to_owned();
        value.to_string_lossy().trim().is_empty().then_some(key)
    })
    .collect()
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

/// Instagram (`/webhooks/instagram`). Accounts connected with Facebook Login are signed with
/// the Meta app secrets of `messenger.apps` and send through `messenger.graph_api_base`;
/// accounts connected with Instagram Login are signed with the Instagram app secret listed
/// here and send through `graph_api_base`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InstagramSettings {
    /// The Instagram Graph host with its version (Instagram Login).
    pub graph_api_base: String,
    /// The Verify Token of the Instagram webhook; `messenger.verify_token` when unset.
    pub verify_token: Option<SecretString>,
    /// Instagram-Login apps: the Instagram app id and its Instagram app secrets. Deliveries
    /// signed with a secret of `messenger.apps` are accepted too (Facebook Login).
    pub apps: Vec<AppSecrets>,
}

impl Default for InstagramSettings {
    fn default() -> Self {
        InstagramSettings {
            graph_api_base: crate::channels::instagram::DEFAULT_GRAPH_BASE.into(),
            verify_token: None,
            apps: Vec::new(),
        }
    }
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
    /// The OAuth 2.0 client id of the X app (developer portal, "Keys and tokens"), for
    /// refreshing the accounts' user access tokens.
    pub oauth_client_id: Option<String>,
    /// The OAuth 2.0 client secret (confidential clients: "Web App", "Automated App or
    /// bot"); without it the refresh is made as a public client.
    pub oauth_client_secret: Option<SecretString>,
    /// The app-only bearer token, for `frontdesk x webhook …` and listing or deleting
    /// subscriptions.
    pub bearer_token: Option<SecretString>,
}

impl Default for XSettings {
    fn default() -> Self {
        XSettings {
            api_base: "https://api.x.com".into(),
            apps: Vec::new(),
            oauth_client_id: None,
            oauth_client_secret: None,
            bearer_token: None,
        }
    }
}

impl XSettings {
    /// The app's OAuth 2.0 client, when configured.
    pub fn oauth_client(&self) -> Option<crate::channels::x::api::OAuthClient> {
        self.oauth_client_id
            .clone()
            .map(|client_id| crate::channels::x::api::OAuthClient {
                client_id,
                client_secret: self.oauth_client_secret.clone(),
            })
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
    /// How long a claim on an event or a reply lasts without being renewed. A live instance
    /// renews the claims it works on every third of this (a heartbeat), so only the work of
    /// an instance that died is taken over by another one, this long after its last beat.
    pub reclaim_after_ms: u64,
    /// On SIGTERM or Ctrl-C: how long in-flight requests, events and sends may take to
    /// finish before the process exits; unfinished claimed work is handed back at once.
    pub drain_ms: u64,
    /// How much lower than the HTTP server the worker and the sender are scheduled (a nice
    /// value, 0 to 19; 10 by default). When the machine is busy, webhooks are accepted
    /// first and replies catch up from the durable queue; 0 shares the CPU evenly (replies
    /// go out sooner under load, and a burst of webhooks is accepted more slowly).
    pub background_niceness: i32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxSettings {
    /// Timeout of one send request.
    pub timeout_ms: u64,
    /// Attempts per reply before it is given up (recorded as failed, and its conversation
    /// queued for a person with the `delivery_failed` label).
    pub max_attempts: u32,
    /// First retry delay; doubles with each attempt, with jitter.
    pub backoff_base_ms: u64,
    /// Longest delay between attempts, also the cap on a platform's `Retry-After`.
    pub backoff_max_ms: u64,
    /// A reply is given up once its next attempt would fall later than this after it was
    /// written (whatever attempts are left).
    pub give_up_after_ms: u64,
    /// Replies being sent at once by one instance; one slow send never holds up the others.
    pub max_in_flight: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            redis_url: None,
            redis_cluster_nodes: Vec::new(),
            redis_partitions: 16,
            key_prefix: "frontdesk:".into(),
            data_file: "frontdesk.redb".into(),
            log_format: LogFormat::Pretty,
            page_cache_ttl_ms: 60_000,
            page_cache_size: crate::pages::DEFAULT_CACHE_SIZE,
            request_timeout_ms: 10_000,
            secrets_keys: Vec::new(),
            messenger: MessengerSettings::default(),
            x: XSettings::default(),
            instagram: InstagramSettings::default(),
            api: ApiSettings::default(),
            worker: WorkerSettings::default(),
            outbox: OutboxSettings::default(),
            privacy: PrivacySettings::default(),
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
            reclaim_after_ms: 15_000,
            drain_ms: 15_000,
            background_niceness: 10,
        }
    }
}

impl Default for OutboxSettings {
    fn default() -> Self {
        OutboxSettings {
            timeout_ms: 10_000,
            // With the backoff below: attempts spread over about four hours, well inside
            // Messenger's 24-hour window; see `outbox::RetryPolicy`.
            max_attempts: 30,
            backoff_base_ms: 2_000,
            backoff_max_ms: 900_000,
            give_up_after_ms: 6 * 3_600_000,
            max_in_flight: 256,
        }
    }
}

impl Settings {
    /// Loads settings from `file` (if given) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let settings = Self::load_unchecked(file)?;
        settings.validate()?;
        Ok(settings)
    }

    /// `load` without the checks of `problems`, for `frontdesk doctor` to list them all.
    pub fn load_unchecked(file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut figment = Figment::new();
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        let empty = empty_variables(std::env::vars_os());
        let empty: Vec<&str> = empty.iter().map(String::as_str).collect();
        let settings: Settings = figment
            // FRONTDESK_CONFIG names the file (a CLI flag); FRONTDESK_TEST_* are the tests'
            // Redis and browser. None is a setting.
            .merge(
                Env::prefixed("FRONTDESK_")
                    .ignore(&[
                        "CONFIG",
                        "TEST_REDIS_URL",
                        "TEST_REDIS_CLUSTER",
                        "TEST_CHROMEDRIVER",
                        "TEST_CHROMIUM",
                    ])
                    .ignore(&empty)
                    .split("__"),
            )
            .extract()
            .map_err(Box::new)?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(SettingsError::Invalid(problem)),
            None => Ok(()),
        }
    }

    /// Everything that stops a start, each naming its setting: secrets first.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.secret_problems();
        if let Err(error) = self.keyring() {
            problems.push(error.to_string());
        }
        if let Some(url) = &self.redis_url {
            // The URL may hold a password: the message never repeats it.
            if redis::Client::open(url.as_str()).is_err() {
                problems.push(
                    "redis_url (FRONTDESK_REDIS_URL) is not a Redis URL; write it as redis://[:password@]host:port[/db], or leave it unset (or empty) for the embedded store in data_file".to_owned(),
                );
            }
        }
        if self.redis_url.is_some() && !self.redis_cluster_nodes.is_empty() {
            problems.push(
                "redis_cluster_nodes (FRONTDESK_REDIS_CLUSTER_NODES) and redis_url are both set: set one, redis_url for one server, redis_cluster_nodes for a Redis Cluster".to_owned(),
            );
        }
        for (n, node) in self.redis_cluster_nodes.iter().enumerate() {
            use secrecy::ExposeSecret;
            if redis::Client::open(node.expose_secret()).is_err() {
                problems.push(format!(
                    "redis_cluster_nodes[{n}] (FRONTDESK_REDIS_CLUSTER_NODES) is not a Redis URL; write each node as redis://[:password@]host:port"
                ));
            }
        }
        if !(0..=19).contains(&self.worker.background_niceness) {
            problems.push(format!(
                "worker.background_niceness ({}) must be between 0 and 19",
                self.worker.background_niceness
            ));
        }
        if !(1..=1024).contains(&self.redis_partitions) {
            problems.push(format!(
                "redis_partitions ({}) must be between 1 and 1024",
                self.redis_partitions
            ));
        }
        // Claims are renewed every third of `reclaim_after`: under a second would keep the
        // store busy with heartbeats and risk takeovers of live work on a slow round trip.
        if self.worker.reclaim_after_ms < 1_000 {
            problems.push(format!(
                "worker.reclaim_after_ms ({}) must be at least 1000",
                self.worker.reclaim_after_ms,
            ));
        }
        if self.privacy.retention_batch == 0 || self.privacy.retention_every_ms < 1_000 {
            problems.push(
                "privacy.retention_batch must be at least 1 and privacy.retention_every_ms at least 1000"
                    .to_owned(),
            );
        }
        if self.worker.batch == 0 || self.outbox.max_attempts == 0 || self.outbox.max_in_flight == 0
        {
            problems.push(
                "worker.batch, outbox.max_attempts and outbox.max_in_flight must be at least 1"
                    .to_owned(),
            );
        }
        if self.page_cache_size == 0 {
            problems.push("page_cache_size must be at least 1".to_owned());
        }
        problems
    }

    /// Every secret is real: not empty and not a placeholder such as `unset` or `changeme`
    /// (a placeholder is a key anyone can sign with). A channel without secrets is off.
    /// `Application::build` checks this too, so no process serves with a placeholder secret,
    /// however its settings were made.
    pub fn validate_secrets(&self) -> Result<(), SettingsError> {
        match self.secret_problems().into_iter().next() {
            Some(problem) => Err(SettingsError::Invalid(problem)),
            None => Ok(()),
        }
    }

    /// Each secret that is not real (`validate_secrets`), by its setting, never its value.
    pub fn secret_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut secrets: Vec<(String, &SecretString)> = Vec::new();
        for (channel, apps) in [
            ("messenger", &self.messenger.apps),
            ("instagram", &self.instagram.apps),
            ("x", &self.x.apps),
        ] {
            for (i, app) in apps.iter().enumerate() {
                if app.secrets.is_empty() {
                    problems.push(format!(
                        "{channel}.apps[{i}].secrets: an app needs at least one secret; leave the app out to switch the channel off"
                    ));
                }
                for (j, secret) in app.secrets.iter().enumerate() {
                    secrets.push((format!("{channel}.apps[{i}].secrets[{j}]"), secret));
                }
            }
        }
        for (field, secret) in [
            ("messenger.verify_token", &self.messenger.verify_token),
            ("instagram.verify_token", &self.instagram.verify_token),
            ("x.oauth_client_secret", &self.x.oauth_client_secret),
            ("x.bearer_token", &self.x.bearer_token),
            ("privacy.audit_key", &self.privacy.audit_key),
        ] {
            if let Some(secret) = secret {
                secrets.push((field.into(), secret));
            }
        }
        if let Some(token) = &self.api.token {
            secrets.push(("api.token".into(), token));
        }
        for (i, member) in self.api.staff.iter().enumerate() {
            secrets.push((format!("api.staff[{i}].token"), &member.token));
        }
        problems.extend(
            secrets
                .into_iter()
                .filter(|(_, s)| is_placeholder(s))
                .map(|(field, _)| {
                    format!("{field} is empty or a placeholder; set the real secret")
                }),
        );
        problems
    }

    /// The keys of `secrets_keys`, the sealing one first.
    pub fn keyring(&self) -> Result<Keyring, SettingsError> {
        Keyring::parse(&self.secrets_keys).map_err(|e| SettingsError::Invalid(e.to_string()))
    }

    /// Whether the store is Redis (one server or a cluster) rather than the embedded one.
    pub fn uses_redis(&self) -> bool {
        self.redis_url.is_some() || !self.redis_cluster_nodes.is_empty()
    }

    pub fn reclaim_after(&self) -> Duration {
        Duration::from_millis(self.worker.reclaim_after_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    const K1: &str = "k1:25g4M42FDqpgac3EtOLKyT5KGbzBt85ml5IeURjAkj8=";
    const K2: &str = "k2:Z58IvtYxzv2nubOIiNmN7xqGv+2zbPcM6GByFaLVyWw=";

    fn from_toml(text: &str) -> Result<Settings, Box<figment::Error>> {
        Figment::from(Toml::string(text))
            .extract()
            .map_err(Box::new)
    }

    #[test]
    fn secrets_keys_are_a_list_or_comma_separated_and_the_first_one_seals() {
        for text in [
            format!("secrets_keys = [\"{K2}\", \"{K1}\"]"),
            format!("secrets_keys = \"{K2}, {K1}\""),
        ] {
            let settings = from_toml(&text).expect("parses");
            let keys: Vec<&str> = settings
                .secrets_keys
                .iter()
                .map(|k| k.expose_secret())
                .collect();
            assert_eq!(keys, [K2, K1]);
            let keyring = settings.keyring().expect("valid keys");
            assert_eq!(keyring.current_id(), Some("k2"));
            assert!(keyring.contains("k1"));
        }
        assert!(Settings::default().secrets_keys.is_empty());
    }

    #[test]
    fn a_bad_key_is_refused_naming_its_place_not_its_value() {
        let settings =
            from_toml(&format!("secrets_keys = [\"{K1}\", \"k2:short\"]")).expect("parses");
        let error = settings.validate().unwrap_err().to_string();
        assert!(error.contains("secrets_keys[1]"), "{error}");
        assert!(!error.contains("short"), "{error}");
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let vars = [
            ("FRONTDESK_REDIS_URL", ""),
            ("FRONTDESK_API__TOKEN", "  "),
            ("FRONTDESK_BIND", "0.0.0.0:8080"),
            ("OTHER_EMPTY", ""),
        ]
        .map(|(k, v)| (k.into(), v.into()));
        assert_eq!(
            empty_variables(vars.into_iter()),
            ["REDIS_URL", "API__TOKEN"]
        );
    }

    #[test]
    fn a_bad_value_names_its_setting_and_where_it_came_from() {
        let error = Figment::new()
            .merge(Toml::string("[worker]\nbatch = \"many\""))
            .extract::<Settings>()
            .map_err(|e| SettingsError::from(Box::new(e)))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("setting worker.batch: "), "{error}");
        assert!(error.contains("\"many\""), "{error}");
        assert!(
            error.ends_with("correct it, or remove it for the default"),
            "{error}"
        );
        assert_eq!(
            env_name(&["worker".into(), "batch".into()]),
            "FRONTDESK_WORKER__BATCH"
        );
    }

    #[test]
    fn a_redis_cluster_is_named_by_its_nodes_and_checked_without_repeating_them() {
        let settings = from_toml(
            "redis_cluster_nodes = \"redis://:pw1@127.0.0.1:7000, redis://127.0.0.1:7001\"",
        )
        .expect("parses");
        assert_eq!(settings.redis_cluster_nodes.len(), 2);
        assert!(settings.uses_redis());
        assert_eq!(settings.redis_partitions, 16);
        let both = Settings {
            redis_url: Some("redis://127.0.0.1:6379".into()),
            redis_cluster_nodes: vec![SecretString::from("not a url:secretpw".to_owned())],
            redis_partitions: 0,
            ..Settings::default()
        };
        let problems = both.problems().join("\n");
        assert!(
            problems.contains(
                "redis_cluster_nodes (FRONTDESK_REDIS_CLUSTER_NODES) and redis_url are both set"
            ),
            "{problems}"
        );
        assert!(problems.contains("redis_cluster_nodes[0]"), "{problems}");
        assert!(
            problems.contains("redis_partitions (0) must be between 1 and 1024"),
            "{problems}"
        );
        assert!(!problems.contains("secretpw"), "{problems}");
    }

    #[test]
    fn the_background_niceness_is_a_nice_value() {
        assert_eq!(Settings::default().worker.background_niceness, 10);
        let mut settings = Settings::default();
        settings.worker.background_niceness = 25;
        let problems = settings.problems().join("\n");
        assert!(
            problems.contains("worker.background_niceness (25) must be between 0 and 19"),
            "{problems}"
        );
    }

    #[test]
    fn a_redis_url_that_does_not_parse_names_the_setting_not_the_url() {
        let settings = Settings {
            redis_url: Some("localhost:6379-secretpw".into()),
            ..Settings::default()
        };
        let error = settings.validate().unwrap_err().to_string();
        assert!(
            error.starts_with("redis_url (FRONTDESK_REDIS_URL)"),
            "{error}"
        );
        assert!(!error.contains("secretpw"), "{error}");
    }
}
