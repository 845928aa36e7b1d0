//! The `frontdesk` command: parse the command line, load settings, start telemetry, and hand
//! the command to its module in `frontdesk::cli`.

use std::path::Path;

use anyhow::Context;
use clap::Parser;
use frontdesk::cli::{self, Cli, Command};
use frontdesk::settings::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let default_file = Path::new("frontdesk.toml");
    let file = cli
        .config
        .as_deref()
        .or_else(|| default_file.exists().then_some(default_file));
    if let Command::Doctor = cli.command {
        // The doctor loads the settings itself: what stops `load` is among its findings.
        return cli::doctor::run(file).await;
    }
    let settings = Settings::load(file).context("loading settings")?;
    frontdesk::telemetry::init(settings.log_format);
    match cli.command {
        Command::Serve { pages } => cli::serve::run(settings, pages.as_deref()).await,
        Command::Hours { page, at, channel } => {
            cli::hours::run(&settings, &page, at, &channel).await
        }
        Command::Doctor => unreachable!("handled before the settings are loaded"),
        Command::Faq { command } => cli::faq::run(command),
        Command::Pages { command } => cli::pages::run(&settings, command).await,
        Command::Token { command } => cli::token::run(&settings, command).await,
        Command::Secrets { command } => cli::secrets::run(&settings, command).await,
        Command::Customer { command } => cli::customer::run(&settings, command).await,
        Command::X { command } => cli::x::run(&settings, command).await,
        Command::Simulate {
            page,
            text,
            at,
            channel,
        } => cli::simulate::run(&settings, &page, text, at, &channel).await,
    }
}
