//! `frontdesk pages import`: a validated page file into the store, as its next version.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use crate::pages::{PageDirectory, read_page_file};
use crate::settings::Settings;
use crate::startup::open_store;

#[derive(Subcommand)]
pub enum PagesCommand {
    /// Validate a page configuration file and load it into the store.
    Import { file: PathBuf },
}

pub async fn run(settings: &Settings, command: PagesCommand) -> anyhow::Result<()> {
    match command {
        PagesCommand::Import { file } => {
            let store = open_store(settings).await?;
            let directory = PageDirectory::new(store, std::time::Duration::ZERO);
            import(&directory, &file).await
        }
    }
}

/// Saves the page file as the page's next version (also used by `serve --pages`).
pub async fn import(directory: &PageDirectory, file: &Path) -> anyhow::Result<()> {
    let page =
        read_page_file(file).with_context(|| format!("{} is not a valid page", file.display()))?;
    directory
        .save(&page, "frontdesk pages import", chrono::Utc::now())
        .await
        .with_context(|| format!("{} is not a valid page", file.display()))?;
    tracing::info!(page = %page.id, name = %page.name, "page imported");
    println!(
        "imported page {} ({}) from {}",
        page.id,
        page.name,
        file.display()
    );
    Ok(())
}
