//! `frontdesk token create|list|revoke`: API tokens, kept in the store as hashes.

use anyhow::Context;
use clap::Subcommand;

use crate::access::{Role, TokenRecord, new_token, token_hash};
use crate::settings::Settings;
use crate::startup::open_store;
use crate::store::Store;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once; only its hash is kept.
    Create {
        /// Whose token it is (the name on their replies).
        #[arg(long)]
        name: String,
        /// agent, admin or owner.
        #[arg(long)]
        role: Role,
        /// The page ids it covers (comma-separated); not for the owner.
        #[arg(long, value_delimiter = ',')]
        pages: Vec<String>,
        /// Expires after this many days; never when absent.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List the tokens (never the tokens themselves).
    List,
    /// Revoke a token by its id.
    Revoke { id: String },
}

pub async fn run(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let store = open_store(settings).await?;
    match command {
        TokenCommand::Create {
            name,
            role,
            pages,
            expires_in_days,
        } => {
            if role != Role::Owner && pages.is_empty() {
                anyhow::bail!("--pages is required for the {role:?} role");
            }
            let (token, id) = new_token();
            let now = chrono::Utc::now();
            let record = TokenRecord {
                id,
                name,
                role,
                pages,
                created_at: now,
                expires_at: expires_in_days
                    .map(|d| {
                        chrono::Duration::try_days(d.into())
                            .and_then(|days| now.checked_add_signed(days))
                            .context("--expires-in-days is too far ahead")
                    })
                    .transpose()?,
            };
            store.save_token(&token_hash(&token), &record).await?;
            tracing::info!(id = %record.id, name = %record.name, role = ?record.role, "token created");
            println!("{token}");
            eprintln!(
                "token {} for {} created; it is shown only now",
                record.id, record.name
            );
        }
        TokenCommand::List => {
            for record in store.list_tokens().await? {
                let expires = record
                    .expires_at
                    .map_or_else(|| "never".to_owned(), |t| t.to_rfc3339());
                println!(
                    "{}\t{}\t{:?}\t{}\texpires {}",
                    record.id,
                    record.name,
                    record.role,
                    record.pages.join(","),
                    expires
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if !store.revoke_token(&id).await? {
                anyhow::bail!("no token {id}");
            }
            println!("token {id} revoked");
        }
    }
    Ok(())
}
