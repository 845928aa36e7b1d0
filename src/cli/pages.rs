//! `frontdesk pages import`: validated page files (or every `*.toml` file of a folder) into the
//! store, each as its next version; unchanged pages are skipped. Saved in batches on the store
//! opened here, or by the running service when it holds the embedded store (`admin.rs`). Also
//! used by `serve --pages`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::domain::page::PageFile;
use crate::pages::{ImportError, Imported, PageDirectory, PageFileReader};
use crate::settings::Settings;

use super::admin::AdminCommand;

/// Pages saved per store round (one redb transaction, one Redis pipeline).
const BATCH: usize = 200;

#[derive(Subcommand)]
pub enum PagesCommand {
    /// Validate page configuration files (a folder: every `*.toml` file in it) and load them
    /// into the store (through the running service when it holds the embedded store); pages
    /// whose stored configuration is the same are left alone.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

pub async fn run(settings: &Settings, command: PagesCommand) -> anyhow::Result<()> {
    match command {
        PagesCommand::Import { paths } => {
            let (files, pages) = read(&paths)?;
            super::admin::run(settings, AdminCommand::ImportPages { files, pages }).await
        }
    }
}

/// How an import went.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub saved: usize,
    pub unchanged: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} pages: {} saved, {} unchanged",
            self.saved + self.unchanged,
            self.saved,
            self.unchanged
        )
    }
}

/// Reads the page files under `paths` (files, or folders of `*.toml` files): their names and
/// pages, each FAQ file read once; stops at the first file that does not read, naming it.
pub fn read(paths: &[PathBuf]) -> anyhow::Result<(Vec<String>, Vec<PageFile>)> {
    let files = page_files(paths)?;
    let mut reader = PageFileReader::default();
    let pages = files
        .iter()
        .map(|file| {
            reader
                .read(file)
                .with_context(|| format!("{} is not a valid page", file.display()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let names = files.iter().map(|f| f.display().to_string()).collect();
    Ok((names, pages))
}

/// Saves `pages` (read from `files`) in batches of `BATCH`; stops at the first page that does
/// not validate, naming its file (the batches before it are saved).
pub async fn save_all(
    directory: &PageDirectory,
    files: &[String],
    pages: &[PageFile],
    at: DateTime<Utc>,
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    for (batch, names) in pages.chunks(BATCH).zip(files.chunks(BATCH)) {
        let outcome = directory
            .import(batch, "frontdesk pages import", at)
            .await
            .map_err(|error| match error {
                ImportError::Invalid { index, error } => {
                    let file = names.get(index).cloned().unwrap_or_default();
                    anyhow::anyhow!(error).context(format!("{file} is not a valid page"))
                }
                ImportError::Store(error) => anyhow::anyhow!(error).context("saving the pages"),
            })?;
        for (page, imported) in batch.iter().zip(outcome) {
            match imported {
                Imported::Saved(version) => {
                    summary.saved += 1;
                    tracing::info!(page = %page.id, name = %page.name, version, "page imported");
                }
                Imported::Unchanged => summary.unchanged += 1,
            }
        }
    }
    Ok(summary)
}

/// Reads and saves the page files under `paths` on `directory`.
pub async fn import(directory: &PageDirectory, paths: &[PathBuf]) -> anyhow::Result<Summary> {
    let (files, pages) = read(paths)?;
    save_all(directory, &files, &pages, Utc::now()).await
}

/// The files to import: each path that is a file, and the `*.toml` files of each folder (sorted).
fn page_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            for entry in
                std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))?
            {
                let file = entry?.path();
                if file.extension().is_some_and(|e| e == "toml") && file.is_file() {
                    found.push(file);
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// `import` of one folder, for `serve --pages`.
pub async fn import_folder(directory: &PageDirectory, folder: &Path) -> anyhow::Result<Summary> {
    import(directory, &[folder.to_path_buf()]).await
}
