//! `frontdesk customer export|erase|erasures`: a customer's data on request, from the
//! command line (the installation's operator: every page unless `--pages` narrows it). The
//! rules are `crate::privacy`'s, as for the API and the console.

use anyhow::Context;
use clap::Subcommand;

use super::parse_channel;
use crate::privacy::{self, AuditKey};
use crate::settings::Settings;
use crate::startup::open_store;
use crate::store::{AnyStore, PageStore};

#[derive(Subcommand)]
pub enum CustomerCommand {
    /// Print everything kept about a customer as JSON.
    Export {
        /// The customer's id on the channel (a PSID, an IGSID, an X user id).
        customer: String,
        /// messenger, x or instagram.
        #[arg(long, default_value = "messenger")]
        channel: String,
        /// Only these page ids (comma-separated); every page when absent.
        #[arg(long, value_delimiter = ',')]
        pages: Vec<String>,
    },
    /// Erase everything kept about a customer; prints the audit record.
    Erase {
        customer: String,
        #[arg(long, default_value = "messenger")]
        channel: String,
        #[arg(long, value_delimiter = ',')]
        pages: Vec<String>,
        /// Confirms the erasure (it cannot be undone).
        #[arg(long)]
        yes: bool,
    },
    /// List the audit log of erasures, newest first.
    Erasures,
}

/// Who the audit log says erased, for the command line.
const OPERATOR: &str = "operator (command line)";

pub async fn run(settings: &Settings, command: CustomerCommand) -> anyhow::Result<()> {
    let store = open_store(settings).await?;
    let now = chrono::Utc::now();
    match command {
        CustomerCommand::Export {
            customer,
            channel,
            pages,
        } => {
            let customer = privacy::customer(parse_channel(&channel)?, &customer)?;
            let pages = pages_or_all(&store, pages).await?;
            let export = privacy::export(&store, &customer, &pages, now).await?;
            super::print(&format!("{}\n", serde_json::to_string_pretty(&export)?))?;
        }
        CustomerCommand::Erase {
            customer,
            channel,
            pages,
            yes,
        } => {
            let customer = privacy::customer(parse_channel(&channel)?, &customer)?;
            if !yes {
                anyhow::bail!("erasing cannot be undone: add --yes to confirm");
            }
            let pages = pages_or_all(&store, pages).await?;
            let record = privacy::erase(
                &store,
                None,
                AuditKey::from_settings(settings).as_ref(),
                &customer,
                &pages,
                OPERATOR,
                now,
            )
            .await?;
            super::print(&format!("{}\n", serde_json::to_string_pretty(&record)?))?;
        }
        CustomerCommand::Erasures => {
            for record in privacy::erasures(&store).await? {
                super::print(&format!("{}\n", serde_json::to_string(&record)?))?;
            }
        }
    }
    Ok(())
}

async fn pages_or_all(store: &AnyStore, pages: Vec<String>) -> anyhow::Result<Vec<String>> {
    if !pages.is_empty() {
        return Ok(pages);
    }
    let mut all: Vec<String> = store
        .list_pages()
        .await
        .context("listing the pages")?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    all.sort();
    all.dedup();
    Ok(all)
}
