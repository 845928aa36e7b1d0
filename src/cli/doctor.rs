//! `frontdesk doctor`: checks an installation and says what to fix, one line per finding:
//! the settings (everything `Settings::problems` stops a start for, placeholder secrets
//! included), each configured channel's webhook secrets, the Graph API version's end of life,
//! the store (reachable, writable) and each stored page (validates, a real access token, its
//! channel on). Exits non-zero when something must be fixed. Names settings, never values.
//!
//! The store's part is an `AdminCommand` (`cli/admin.rs`), so it runs through the admin
//! socket when a running service holds the embedded store.

use std::fmt;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::channels::graph_version::{self, Verdict};
use crate::domain::event::Channel;
use crate::settings::{Settings, is_placeholder};
use crate::store::{AnyStore, PageStore, RecordStore};

use super::admin::{AdminCommand, Output};

/// One thing the doctor found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stops frontdesk from working (exit code 1), as opposed to a warning.
    pub must_fix: bool,
    /// What is wrong and what to do, naming the setting or page.
    pub text: String,
}

impl Finding {
    fn fix(text: impl Into<String>) -> Self {
        Finding {
            must_fix: true,
            text: text.into(),
        }
    }

    fn warn(text: impl Into<String>) -> Self {
        Finding {
            must_fix: false,
            text: text.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.must_fix { "fix" } else { "warning" };
        write!(f, "{kind}: {}", self.text)
    }
}

/// Runs every check with the settings from `file` and the environment; prints the findings.
pub async fn run(file: Option<&Path>) -> anyhow::Result<()> {
    let findings = match Settings::load_unchecked(file) {
        Err(error) => vec![Finding::fix(format!(
            "settings do not load: {error}; correct the file or the FRONTDESK_ variable it names"
        ))],
        Ok(settings) => {
            let mut findings = check_settings(&settings, Utc::now().date_naive());
            findings.extend(check_store(&settings).await);
            findings
        }
    };
    for finding in &findings {
        super::print(&format!("{finding}\n"))?;
    }
    let to_fix = findings.iter().filter(|f| f.must_fix).count();
    if to_fix > 0 {
        anyhow::bail!("{to_fix} thing(s) to fix");
    }
    eprintln!(
        "nothing to fix ({} warning(s))",
        findings.iter().filter(|f| !f.must_fix).count()
    );
    Ok(())
}

/// The channels whose webhooks are accepted: those with an app. Instagram accounts connected
/// through a Facebook Page are signed with the Meta app's secret.
fn channels_on(settings: &Settings) -> Vec<Channel> {
    let mut on = Vec::new();
    if !settings.messenger.apps.is_empty() {
        on.extend([Channel::Messenger, Channel::Instagram]);
    }
    if !settings.instagram.apps.is_empty() && !on.contains(&Channel::Instagram) {
        on.push(Channel::Instagram);
    }
    if !settings.x.apps.is_empty() {
        on.push(Channel::X);
    }
    on
}

/// The settings' findings on `today` (pure).
pub fn check_settings(settings: &Settings, today: NaiveDate) -> Vec<Finding> {
    let mut findings: Vec<Finding> = settings.problems().into_iter().map(Finding::fix).collect();
    let channels = channels_on(settings);
    if channels.is_empty() {
        findings.push(Finding::warn(
            "no channel is on (messenger.apps, instagram.apps and x.apps are empty): every webhook answers 404",
        ));
    }
    if !settings.messenger.apps.is_empty() && settings.messenger.verify_token.is_none() {
        findings.push(Finding::fix(
            "messenger.verify_token is not set: Meta's webhook verification fails; set the Verify Token typed into the App Dashboard",
        ));
    }
    if !settings.instagram.apps.is_empty()
        && settings.instagram.verify_token.is_none()
        && settings.messenger.verify_token.is_none()
    {
        findings.push(Finding::fix(
            "instagram.verify_token is not set (nor messenger.verify_token): Instagram's webhook verification fails",
        ));
    }
    match graph_version::bundled() {
        Err(error) => findings.push(Finding::warn(format!(
            "the bundled Graph API version table does not parse ({error})"
        ))),
        Ok(versions) => {
            let mut bases = Vec::new();
            if channels.contains(&Channel::Messenger) || channels.contains(&Channel::Instagram) {
                bases.push((
                    "messenger.graph_api_base",
                    &settings.messenger.graph_api_base,
                ));
            }
            if !settings.instagram.apps.is_empty() {
                bases.push((
                    "instagram.graph_api_base",
                    &settings.instagram.graph_api_base,
                ));
            }
            for (setting, url) in bases {
                findings.extend(graph_finding(
                    setting,
                    graph_version::check(url, today, &versions),
                ));
            }
        }
    }
    findings
}

/// What a Graph version's verdict asks of the operator.
fn graph_finding(setting: &str, verdict: Verdict) -> Option<Finding> {
    match verdict {
        Verdict::Fine => None,
        Verdict::EndsSoon {
            version,
            until,
            days_left,
        } => Some(Finding::warn(format!(
            "{setting}: Graph API {version} reaches its end of life on {until} ({days_left} days left); move to a newer version"
        ))),
        Verdict::Ended { version, until } => Some(Finding::fix(format!(
            "{setting}: Graph API {version} is past its end of life ({until}); move to a newer version"
        ))),
        Verdict::Unknown { version } => Some(Finding::warn(format!(
            "{setting}: no end-of-life date is known for {}; check it against Meta's changelog",
            version.as_deref().unwrap_or("a URL without a version")
        ))),
    }
}

/// The store's and the pages' findings: directly, or through the running service.
async fn check_store(settings: &Settings) -> Vec<Finding> {
    if !settings.uses_redis() && !settings.data_file.exists() {
        // Opening it would create it; the doctor changes nothing.
        return vec![Finding::warn(format!(
            "store: data_file {} does not exist yet: the first `frontdesk serve` or `pages import` creates it (or set redis_url)",
            settings.data_file.display()
        ))];
    }
    let command = AdminCommand::Doctor {
        channels_on: channels_on(settings),
    };
    let output = match super::admin::run_quietly(settings, command).await {
        Ok(output) => output,
        Err(error) => {
            let store = if !settings.redis_cluster_nodes.is_empty() {
                "redis_cluster_nodes (Redis Cluster)".to_owned()
            } else if settings.redis_url.is_some() {
                "redis_url (Redis)".to_owned()
            } else {
                format!("data_file ({})", settings.data_file.display())
            };
            return vec![Finding::fix(format!(
                "store: {store} cannot be used: {error:#}"
            ))];
        }
    };
    serde_json::from_str(&output.stdout).unwrap_or_else(|error| {
        vec![Finding::fix(format!(
            "store: the running service answered the check with something else ({error}); are both the same version of frontdesk?"
        ))]
    })
}

/// The store's part of the doctor on `store` (the `AdminCommand::Doctor` body): a write read
/// back, then each stored page; the findings as JSON on stdout.
pub async fn execute(
    store: &AnyStore,
    channels_on: &[Channel],
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<Output> {
    let findings = check_pages(store, channels_on, now).await;
    Ok(Output {
        stdout: serde_json::to_string(&findings)?,
        stderr: String::new(),
    })
}

async fn check_pages(
    store: &AnyStore,
    channels_on: &[Channel],
    now: chrono::DateTime<Utc>,
) -> Vec<Finding> {
    let probe = "doctor:probe";
    let written = now.to_rfc3339();
    let writable = async {
        store
            .put_value_expiring(probe, &written, std::time::Duration::from_secs(60))
            .await?;
        store.get_value(probe).await
    };
    match writable.await {
        Ok(Some(read)) if read == written => {}
        Ok(_) => {
            return vec![Finding::fix(
                "store: a value written was not read back; check the store's health",
            )];
        }
        Err(error) => {
            return vec![Finding::fix(format!(
                "store: not writable: {}",
                crate::telemetry::ErrorChain(&error)
            ))];
        }
    }
    let ids = match store.list_pages().await {
        Ok(ids) => ids,
        Err(error) => {
            return vec![Finding::fix(format!(
                "store: the pages cannot be listed: {}",
                crate::telemetry::ErrorChain(&error)
            ))];
        }
    };
    if ids.is_empty() {
        return vec![Finding::warn(
            "no pages in the store: add one with `frontdesk pages import FILE`",
        )];
    }
    let mut findings = Vec::new();
    for (channel, id) in ids {
        let name = format!("page {id} ({})", channel.as_str());
        let file = match store.load_page(channel, &id).await {
            Ok(Some(file)) => file,
            Ok(None) => continue, // deleted meanwhile
            Err(error) => {
                findings.push(Finding::fix(format!(
                    "{name}: cannot be read: {}; save it again",
                    crate::telemetry::ErrorChain(&error)
                )));
                continue;
            }
        };
        if let Err(error) = file.validate() {
            findings.push(Finding::fix(format!(
                "{name}: {error}; correct it in the console or import a corrected file"
            )));
        }
        if is_placeholder(&file.access_token) {
            findings.push(Finding::fix(format!(
                "{name}: access_token is empty or a placeholder; set the page's real token"
            )));
        }
        if !channels_on.contains(&channel) {
            findings.push(Finding::fix(format!(
                "{name}: its channel is off ({}.apps is empty): its webhooks are refused and nothing is answered",
                channel.as_str()
            )));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::pages::PageDirectory;
    use crate::settings::AppSecrets;

    fn healthy() -> Settings {
        let mut settings = Settings::default();
        settings.messenger.verify_token = Some(SecretString::from("a-real-verify-token"));
        settings.messenger.apps = vec![AppSecrets {
            id: "948271635012345".into(),
            secrets: vec![SecretString::from("a1b2c3d4e5f60718293a4b5c6d7e8f90")],
        }];
        settings
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn healthy_settings_have_nothing_to_fix() {
        assert_eq!(check_settings(&healthy(), day("2026-12-01")), vec![]);
    }

    #[test]
    fn a_placeholder_secret_is_named_never_shown() {
        let mut settings = healthy();
        settings.messenger.apps[0].secrets = vec![SecretString::from("changeme")];
        settings.x.apps = vec![AppSecrets {
            id: "29401847".into(),
            secrets: vec![SecretString::from("TODO")],
        }];
        let findings = check_settings(&settings, day("2026-12-01"));
        assert_eq!(
            findings,
            vec![
                Finding::fix(
                    "messenger.apps[0].secrets[0] is empty or a placeholder; set the real secret"
                ),
                Finding::fix("x.apps[0].secrets[0] is empty or a placeholder; set the real secret"),
            ]
        );
    }

    #[test]
    fn a_channel_without_its_verify_token_must_be_fixed() {
        let mut settings = healthy();
        settings.messenger.verify_token = None;
        let findings = check_settings(&settings, day("2026-12-01"));
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].must_fix);
        assert!(
            findings[0]
                .text
                .starts_with("messenger.verify_token is not set")
        );
    }

    #[test]
    fn no_channel_at_all_is_a_warning() {
        let findings = check_settings(&Settings::default(), day("2026-12-01"));
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(!findings[0].must_fix);
        assert!(findings[0].text.starts_with("no channel is on"));
    }

    #[test]
    fn the_graph_versions_end_of_life_is_a_warning_then_a_fix() {
        let mut settings = healthy();
        settings.messenger.graph_api_base = "https://graph.facebook.com/v21.0".into();
        assert_eq!(
            check_settings(&settings, day("2026-12-01")),
            vec![Finding::warn(
                "messenger.graph_api_base: Graph API v21.0 reaches its end of life on 2027-01-21 (51 days left); move to a newer version"
            )]
        );
        assert_eq!(
            check_settings(&settings, day("2027-01-22")),
            vec![Finding::fix(
                "messenger.graph_api_base: Graph API v21.0 is past its end of life (2027-01-21); move to a newer version"
            )]
        );
    }

    #[test]
    fn settings_that_stop_a_start_are_all_listed() {
        let mut settings = healthy();
        settings.worker.reclaim_after_ms = 10;
        settings.outbox.max_attempts = 0;
        let findings = check_settings(&settings, day("2026-12-01"));
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(findings.iter().all(|f| f.must_fix));
    }

    #[tokio::test]
    async fn pages_with_a_placeholder_token_or_a_channel_off_must_be_fixed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = AnyStore::Embedded(
            crate::store::embedded::EmbeddedStore::open(
                &dir.path().join("store.redb"),
                std::time::Duration::from_secs(15),
            )
            .expect("store"),
        );
        let pages = PageDirectory::new(store.clone(), std::time::Duration::ZERO);
        let now = Utc::now();
        let on = [Channel::Messenger, Channel::Instagram];
        assert_eq!(
            check_pages(&store, &on, now).await,
            vec![Finding::warn(
                "no pages in the store: add one with `frontdesk pages import FILE`"
            )]
        );
        let mut page = crate::domain::page::PageFile::from_toml(include_str!(
            "../../responses/pages/example.toml"
        ))
        .expect("the example page");
        pages.save(&page, "test", now).await.expect("saved");
        assert_eq!(check_pages(&store, &on, now).await, vec![]);

        page.access_token = SecretString::from("changeme");
        pages.save(&page, "test", now).await.expect("saved");
        let findings = check_pages(&store, &[Channel::X], now).await;
        assert_eq!(
            findings,
            vec![
                Finding::fix(
                    "page 104857600123456 (messenger): access_token is empty or a placeholder; set the page's real token"
                ),
                Finding::fix(
                    "page 104857600123456 (messenger): its channel is off (messenger.apps is empty): its webhooks are refused and nothing is answered"
                ),
            ]
        );
    }
}
