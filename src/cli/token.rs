//! `frontdesk token create|list|revoke`: API tokens, kept in the store as hashes. The command
//! line is the installation's operator (`tokens::Actor::Operator`): it may make owner tokens
//! and reaches every page; the rules are otherwise those of the API (`tokens.rs`).

use clap::Subcommand;
use secrecy::ExposeSecret;

use crate::access::Role;
use crate::settings::Settings;
use crate::startup::open_store;
use crate::tokens::{self, Actor, TokenError, TokenRequest};

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
        /// Expires after this many days (at most ten years); never when absent.
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
    let now = chrono::Utc::now();
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
            let created = tokens::create(&store, &Actor::Operator, request, now)
                .await
                .map_err(as_cli_error)?;
            println!("{}", created.token.expose_secret());
            eprintln!(
                "token {} for {} created; it is shown only now",
                created.record.id, created.record.name
            );
        }
        TokenCommand::List => {
            for token in tokens::list(&store, &Actor::Operator, None, now).await? {
                let expires = token
                    .expires_at
                    .map_or_else(|| "never".to_owned(), |t| t.to_rfc3339());
                println!(
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
            match tokens::revoke(&store, &Actor::Operator, None, &id, now).await {
                Err(TokenError::NotFound) => anyhow::bail!("no token {id}"),
                revoked => revoked?,
            };
            println!("token {id} revoked");
        }
    }
    Ok(())
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
