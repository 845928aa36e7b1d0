//! The `frontdesk` command line: what each command takes (`Cli`) and one module per command
//! group with its body. `main.rs` parses, loads the settings and dispatches here.

pub mod customer;
pub mod faq;
pub mod hours;
pub mod pages;
pub mod serve;
pub mod simulate;
pub mod token;
pub mod x;

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::domain::event::Channel;
use crate::domain::page::PageFile;
use crate::pages::read_page_file;
use crate::settings::Settings;
use crate::startup::open_store;
use crate::store::Store;

#[derive(Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "Answers a business's social-media messages when nobody from the team can"
)]
pub struct Cli {
    /// Settings file (TOML); `FRONTDESK_*` environment variables override it. Without it,
    /// `frontdesk.toml` in the working directory is used when there is one.
    #[arg(long, global = true, env = "FRONTDESK_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the service.
    Serve {
        /// Import every page configuration (*.toml) in this folder before serving.
        #[arg(long)]
        pages: Option<PathBuf>,
    },
    /// Show whether a page is open, why, its next opening and closing, and its holidays.
    Hours {
        /// A page id from the store, or a page file (*.toml) to check before it goes live.
        page: String,
        /// The instant to look at (RFC 3339); now when absent.
        #[arg(long)]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// The channel of a page id: messenger, x or instagram.
        #[arg(long, default_value = "messenger")]
        channel: String,
    },
    /// Work with a page's FAQ.
    Faq {
        #[command(subcommand)]
        command: faq::FaqCommand,
    },
    /// Manage page configurations.
    Pages {
        #[command(subcommand)]
        command: pages::PagesCommand,
    },
    /// A customer's data on request: export it as JSON, or erase it.
    Customer {
        #[command(subcommand)]
        command: customer::CustomerCommand,
    },
    /// Manage API tokens (kept in the store as hashes).
    Token {
        #[command(subcommand)]
        command: token::TokenCommand,
    },
    /// Manage the X side of X accounts: the webhook X delivers to and the X Activity API
    /// subscriptions (against `x.api_base`).
    X {
        #[command(subcommand)]
        command: x::XCommand,
    },
    /// Show the decision frontdesk would take on a message, without sending anything.
    Simulate {
        /// A page id from the store, or a page file (*.toml).
        page: String,
        /// The customer's message.
        #[arg(long)]
        text: String,
        /// When it is written (RFC 3339); now when absent.
        #[arg(long)]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// The channel of a page id: messenger, x or instagram.
        #[arg(long, default_value = "messenger")]
        channel: String,
    },
}

/// The `--channel` argument.
fn parse_channel(channel: &str) -> anyhow::Result<Channel> {
    serde_json::from_value(serde_json::Value::String(channel.into()))
        .context("--channel must be messenger, x or instagram")
}

/// The instant of an `--at` argument, now when absent (the command line reads the clock).
fn instant(at: Option<chrono::DateTime<chrono::FixedOffset>>) -> chrono::DateTime<chrono::Utc> {
    at.map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc))
}

/// A page file (*.toml), or a page of the store by id and channel.
async fn load_page_file(
    settings: &Settings,
    page: &str,
    channel: &str,
) -> anyhow::Result<PageFile> {
    if page.ends_with(".toml") {
        return read_page_file(Path::new(page));
    }
    let store = open_store(settings).await?;
    let channel = parse_channel(channel)?;
    store
        .load_page(channel, page)
        .await
        .context("reading the page")?
        .with_context(|| format!("no page {page} in the store"))
}
