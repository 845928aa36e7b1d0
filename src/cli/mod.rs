//! The `frontdesk` command line: what each command takes (`Cli`) and one module per command
//! group with its body. `main.rs` parses, loads the settings and dispatches here.

pub mod admin;
pub mod customer;
pub mod doctor;
pub mod faq;
pub mod hours;
pub mod pages;
pub mod secrets;
pub mod serve;
pub mod simulate;
pub mod socket;
pub mod token;
pub mod x;

use std::io::{ErrorKind, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::domain::event::Channel;

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
    /// The keys that encrypt the tokens in the store: make one, encrypt again with the
    /// current one.
    Secrets {
        #[command(subcommand)]
        command: secrets::SecretsCommand,
    },
    /// Manage the X side of X accounts: the webhook X delivers to and the X Activity API
    /// subscriptions (against `x.api_base`).
    X {
        #[command(subcommand)]
        command: x::XCommand,
    },
    /// Check the settings, the channels' secrets, the Graph API version, the store and every
    /// page; print what to fix, one line each. Exits with 1 when something must be fixed.
    Doctor,
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

/// Writes `text` to standard output. A reader that went away (`frontdesk faq eval … | head`)
/// ends the output quietly: there is nobody left to tell.
pub fn print(text: &str) -> anyhow::Result<()> {
    write_unless_gone(&mut std::io::stdout().lock(), text)
}

fn write_unless_gone(out: &mut impl Write, text: &str) -> anyhow::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        written => Ok(written.context("writing to standard output")?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose reader went away.
    struct Gone;

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_reader_that_went_away_is_no_error_and_other_failures_are() {
        assert!(write_unless_gone(&mut Gone, "text").is_ok());
        let mut full = [0u8; 2];
        let error = write_unless_gone(&mut &mut full[..], "text").unwrap_err();
        assert!(
            format!("{error:#}").contains("standard output"),
            "{error:#}"
        );
    }
}
