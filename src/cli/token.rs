//! `frontdesk token create|list|revoke`: API tokens, kept in the store as hashes. The command
//! line is the installation's operator (`tokens::Actor::Operator`): it may make owner tokens
//! and reaches every page; the rules are otherwise those of the API (`tokens.rs`).

use std::fmt::Write;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::settings::Settings;
use crate::store::AnyStore;
use crate::tokens::{self, Actor, TokenError, TokenRequest};

use super::admin::{AdminCommand, Output};

#[derive(Debug, Subcommand, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
        /// Expires after this many days (at most ten years); never when absent.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List the tokens (never the tokens themselves).
    List,
    /// Revoke a token by its id.
    Revoke { id: String },
}

/// Runs the command where the store is (here, or in the running service).
pub async fn run(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    super::admin::run(settings, AdminCommand::Token(command)).await
}

/// The command's body on `store` at `now`, as the operator (`Actor::Operator`).
pub async fn execute(
    store: &AnyStore,
    command: TokenCommand,
    now: DateTime<Utc>,
) -> anyhow::Result<Output> {
    let mut output = Output::default();
    // Writing into a String cannot fail.
    match command {
        TokenCommand::Create {
            name,
            role,
            pages,
            expires_in_days,
        } => {
            let request = TokenRequest {
                name: Some(name),
                role: Some(role),
                pages,
                expires_at: None,
                expires_in_days: expires_in_days.map(i64::from),
            };
            let created = tokens::create(store, &Actor::Operator, request, now)
                .await
                .map_err(as_cli_error)?;
            let _ = writeln!(output.stdout, "{}", created.token.expose_secret());
            let _ = writeln!(
                output.stderr,
                "token {} for {} created; it is shown only now",
                created.record.id, created.record.name
            );
        }
        TokenCommand::List => {
            for token in tokens::list(store, &Actor::Operator, None, now).await? {
                let expires = token
                    .expires_at
                    .map_or_else(|| "never".to_owned(), |t| t.to_rfc3339());
                let _ = writeln!(
                    output.stdout,
                    "{}\t{}\t{:?}\t{}\texpires {}{}",
                    token.id,
                    token.name,
                    token.role,
                    token.pages.join(","),
                    expires,
                    if token.expired { " (expired)" } else { "" }
                );
            }
        }
        TokenCommand::Revoke { id } => {
            match tokens::revoke(store, &Actor::Operator, None, &id, now).await {
                Err(TokenError::NotFound) => anyhow::bail!("no token {id}"),
                revoked => revoked?,
            };
            let _ = writeln!(output.stdout, "token {id} revoked");
        }
    }
    Ok(output)
}

/// A rejected request as the command line names it (`--pages`, not `pages`).
fn as_cli_error(error: TokenError) -> anyhow::Error {
    match error {
        TokenError::Invalid(error) => {
            let field = error.field.replace('_', "-");
            anyhow::anyhow!("--{field}: {}", error.message)
        }
        other => other.into(),
    }
}
