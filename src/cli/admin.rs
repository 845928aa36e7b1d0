//! The commands that work on the store (`pages import`, `token create|list|revoke`,
//! `hours ID`, `simulate ID`, and `doctor`'s store checks), wherever the store is open. Each is an `AdminCommand`, run by
//! `execute` against a store and a page directory; what it prints comes back as an `Output`.
//!
//! `run` opens the store itself when it can (Redis always; the embedded file when no other
//! process holds it). When a running `frontdesk serve` holds the embedded file (redb allows one
//! process), the command goes to that process over its admin socket (`cli/socket.rs`), which
//! runs the same `execute` on its own store; when that is not possible either, the error says
//! why and what to do.

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::event::Channel;
use crate::domain::locale::Locales;
use crate::domain::page::PageFile;
use crate::pages::PageDirectory;
use crate::settings::Settings;
use crate::startup::open_store;
use crate::store::{AnyStore, StoreError};

/// A command that needs the store, with everything read from the caller's side (files,
/// the clock for `--at`) already in it, so it runs the same here or in the service.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminCommand {
    /// `pages import PATH…`: the page files as read (their FAQ files included) and their names.
    ImportPages {
        files: Vec<String>,
        pages: Vec<PageFile>,
    },
    /// `token create|list|revoke`.
    Token(super::token::TokenCommand),
    /// `hours ID`.
    Hours {
        page: String,
        channel: Channel,
        at: DateTime<Utc>,
    },
    /// `doctor`'s checks of the store and its pages, given the channels that are on.
    Doctor { channels_on: Vec<Channel> },
    /// `simulate ID`.
    Simulate {
        page: String,
        channel: Channel,
        text: String,
        at: DateTime<Utc>,
    },
}

impl AdminCommand {
    /// The command's name, for logs (never its arguments: a page carries its access token).
    pub fn name(&self) -> &'static str {
        match self {
            AdminCommand::ImportPages { .. } => "pages import",
            AdminCommand::Token(super::token::TokenCommand::Create { .. }) => "token create",
            AdminCommand::Token(super::token::TokenCommand::List) => "token list",
            AdminCommand::Token(super::token::TokenCommand::Revoke { .. }) => "token revoke",
            AdminCommand::Hours { .. } => "hours",
            AdminCommand::Simulate { .. } => "simulate",
            AdminCommand::Doctor { .. } => "doctor",
        }
    }
}

/// What a command prints: its result on stdout, notes on stderr.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    fn stdout(text: String) -> Self {
        Output {
            stdout: text,
            stderr: String::new(),
        }
    }
}

/// Runs `command` on `store` (whose pages `pages` serves) at `now`: the one body of each
/// command, for the command line and for the service's admin socket.
pub async fn execute(
    store: &AnyStore,
    pages: &PageDirectory,
    command: AdminCommand,
    now: DateTime<Utc>,
) -> anyhow::Result<Output> {
    match command {
        AdminCommand::ImportPages { files, pages: read } => {
            super::pages::save_all(pages, &files, &read, now)
                .await
                .map(|summary| Output::stdout(format!("{summary}\n")))
        }
        AdminCommand::Token(command) => super::token::execute(store, command, now).await,
        AdminCommand::Hours { page, channel, at } => {
            let page = stored_page(store, &page, channel).await?.validate()?;
            let locales = Locales::bundled()?;
            Ok(Output::stdout(super::hours::render(
                &page,
                locales.get(page.language),
                at,
            )))
        }
        AdminCommand::Simulate {
            page,
            channel,
            text,
            at,
        } => {
            let file = stored_page(store, &page, channel).await?;
            super::simulate::decision(&file, text, at).map(Output::stdout)
        }
        AdminCommand::Doctor { channels_on } => {
            super::doctor::execute(store, &channels_on, now).await
        }
    }
}

/// Runs `command` where the store is: opened here when possible, else in the running service;
/// prints what it prints.
pub async fn run(settings: &Settings, command: AdminCommand) -> anyhow::Result<()> {
    let output = run_quietly(settings, command).await?;
    let printed = super::print(&output.stdout);
    eprint!("{}", output.stderr);
    printed
}

/// `run`, returning what the command would print.
pub async fn run_quietly(settings: &Settings, command: AdminCommand) -> anyhow::Result<Output> {
    Ok(match open_store(settings).await {
        Ok(store) => {
            let pages = PageDirectory::new(store.clone(), std::time::Duration::ZERO);
            execute(&store, &pages, command, Utc::now()).await?
        }
        Err(error) if held_elsewhere(&error) => {
            let socket = super::socket::path(&settings.data_file);
            super::socket::call(&socket, &command).await.map_err(|reason| {
                anyhow::anyhow!(
                    "the embedded store {} is open in another process (a running `frontdesk serve`?), \
                     and its admin socket {} {reason}. Run the command where that service runs, as \
                     its user; or stop the service and run it again; or give every process the same \
                     Redis (redis_url), which several processes can share",
                    settings.data_file.display(),
                    socket.display()
                )
            })??
        }
        Err(error) => return Err(error),
    })
}

/// Whether opening the store failed because another process holds the embedded file.
fn held_elsewhere(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<StoreError>()
            .is_some_and(StoreError::is_held_elsewhere)
    })
}

/// A page of the store by id and channel.
async fn stored_page(store: &AnyStore, page: &str, channel: Channel) -> anyhow::Result<PageFile> {
    use crate::store::PageStore;
    store
        .load_page(channel, page)
        .await
        .context("reading the page")?
        .with_context(|| format!("no page {page} in the store"))
}
