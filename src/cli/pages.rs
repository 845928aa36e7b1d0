//! `frontdesk pages import`: a validated page file into the store, as its next version.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::domain::page::PageFile;
use crate::pages::{PageDirectory, read_page_file};
use crate::settings::Settings;

use super::admin::AdminCommand;

#[derive(Subcommand)]
pub enum PagesCommand {
    /// Validate a page configuration file and load it into the store (through the running
    /// service when it holds the embedded store).
    Import { file: PathBuf },
}

pub async fn run(settings: &Settings, command: PagesCommand) -> anyhow::Result<()> {
    match command {
        PagesCommand::Import { file } => {
            let page = read(&file)?;
            let file = file.display().to_string();
            super::admin::run(
                settings,
                AdminCommand::ImportPage {
                    file,
                    page: Box::new(page),
                },
            )
            .await
        }
    }
}

/// Saves the page file as the page's next version (used by `serve --pages`).
pub async fn import(directory: &PageDirectory, file: &Path) -> anyhow::Result<()> {
    let page = read(file)?;
    print!(
        "{}",
        save(directory, &file.display().to_string(), &page, Utc::now()).await?
    );
    Ok(())
}

/// The page file (with its FAQ file), validated before anything is sent or saved.
fn read(file: &Path) -> anyhow::Result<PageFile> {
    let page =
        read_page_file(file).with_context(|| format!("{} is not a valid page", file.display()))?;
    page.validate()
        .with_context(|| format!("{} is not a valid page", file.display()))?;
    Ok(page)
}

/// Saves `page`, read from `file`, as its next version; the line that says so.
pub async fn save(
    directory: &PageDirectory,
    file: &str,
    page: &PageFile,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    directory
        .save(page, "frontdesk pages import", now)
        .await
        .with_context(|| format!("{file} is not a valid page"))?;
    tracing::info!(page = %page.id, name = %page.name, "page imported");
    Ok(format!(
        "imported page {} ({}) from {file}\n",
        page.id, page.name
    ))
}
