//! `frontdesk secrets new-key|reencrypt`: the keys that encrypt the tokens in the store
//! (`secrets_keys`). `new-key` prints a fresh key to put first in the list; `reencrypt`
//! encrypts every stored token again with that first key, after which the older keys can be
//! removed from the settings.

use anyhow::Context;
use clap::Subcommand;
use secrecy::ExposeSecret;

use crate::secrets::{self, SETTING};
use crate::settings::Settings;
use crate::startup::open_store;

#[derive(Subcommand)]
pub enum SecretsCommand {
    /// Print a new random key as `id:base64key`, for the front of `secrets_keys`.
    NewKey {
        /// The key's id (letters, digits, '-', '_'); `k` and today's date when absent.
        #[arg(long)]
        id: Option<String>,
    },
    /// Encrypt every stored token again with the first key of `secrets_keys` (run it after
    /// every instance has the new key first); the other keys can then be removed.
    Reencrypt,
}

pub async fn run(settings: &Settings, command: SecretsCommand) -> anyhow::Result<()> {
    match command {
        SecretsCommand::NewKey { id } => {
            let id = id.unwrap_or_else(|| format!("k{}", chrono::Utc::now().format("%Y%m%d")));
            let key = secrets::new_key(&id).map_err(|e| anyhow::anyhow!("--id: {}", e.problem))?;
            super::print(&format!("{}\n", key.expose_secret()))?;
            eprintln!(
                "put it first in {SETTING}, keeping the current keys after it; then `frontdesk secrets reencrypt`"
            );
            Ok(())
        }
        SecretsCommand::Reencrypt => {
            let store = open_store(settings).await?;
            let done = store
                .reencrypt()
                .await
                .context("encrypting the stored tokens again")?;
            let current = store.keys().current_id().unwrap_or_default();
            super::print(&format!(
                "{} records checked, {} written again ({} tokens were plain text, {} under an older key); every token is now encrypted with key `{current}`, and the other keys can be removed from {SETTING}\n",
                done.records, done.rewritten, done.were_plain, done.were_other_key
            ))?;
            Ok(())
        }
    }
}
