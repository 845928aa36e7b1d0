//! `frontdesk pages import`: validated page files (or every `*.toml` file of a folder) into the
//! store, each as its next version; unchanged pages are skipped. Also used by `serve --pages`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use crate::pages::{ImportError, Imported, PageDirectory, PageFileReader};
use crate::settings::Settings;
use crate::startup::open_store;

/// Pages saved per store round (one redb transaction, one Redis pipeline).
const BATCH: usize = 200;

#[derive(Subcommand)]
pub enum PagesCommand {
    /// Validate page configuration files (a folder: every `*.toml` file in it) and load them
    /// into the store; pages whose stored configuration is the same are left alone.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

pub async fn run(settings: &Settings, command: PagesCommand) -> anyhow::Result<()> {
    match command {
        PagesCommand::Import { paths } => {
            let store = open_store(settings).await?;
            let directory = PageDirectory::new(store, std::time::Duration::ZERO);
            let summary = import(&directory, &paths).await?;
            println!("{summary}");
            Ok(())
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

/// Saves the page files under `paths` (files, or folders of `*.toml` files), in batches of
/// `BATCH` pages; stops at the first page that does not read or validate, naming its file
/// (the batches before it are saved).
pub async fn import(directory: &PageDirectory, paths: &[PathBuf]) -> anyhow::Result<Summary> {
    let files = page_files(paths)?;
    let mut reader = PageFileReader::default();
    let mut summary = Summary::default();
    let at = chrono::Utc::now();
    for batch in files.chunks(BATCH) {
        let pages = batch
            .iter()
            .map(|file| {
                reader
                    .read(file)
                    .with_context(|| format!("{} is not a valid page", file.display()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let outcome = directory
            .import(&pages, "frontdesk pages import", at)
            .await
            .map_err(|error| match error {
                ImportError::Invalid { index, error } => {
                    let file = batch.get(index).map(|f| f.display().to_string());
                    anyhow::anyhow!(error)
                        .context(format!("{} is not a valid page", file.unwrap_or_default()))
                }
                ImportError::Store(error) => anyhow::anyhow!(error).context("saving the pages"),
            })?;
        for (page, imported) in pages.iter().zip(outcome) {
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
