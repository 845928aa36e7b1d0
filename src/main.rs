//! The `frontdesk` command: parse the command line, load settings, start telemetry, run.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};
use frontdesk::clock::Clock;
use frontdesk::domain::event::Channel;
use frontdesk::domain::locale::Locales;
use frontdesk::faq_eval;
use frontdesk::hours_report::render;
use frontdesk::pages::{PageDirectory, read_page_file};
use frontdesk::settings::Settings;
use frontdesk::startup::{Application, open_store};
use frontdesk::store::Store;

#[derive(Parser)]
#[command(
    version,
    about = "Answers a business's social-media messages when nobody from the team can"
)]
struct Cli {
    /// Settings file (TOML); `FRONTDESK_*` environment variables override it. Without it,
    /// `frontdesk.toml` in the working directory is used when there is one.
    #[arg(long, global = true, env = "FRONTDESK_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
        /// The channel of a page id: messenger or x.
        #[arg(long, default_value = "messenger")]
        channel: String,
    },
    /// Work with a page's FAQ.
    Faq {
        #[command(subcommand)]
        command: FaqCommand,
    },
    /// Manage page configurations.
    Pages {
        #[command(subcommand)]
        command: PagesCommand,
    },
    /// Manage API tokens (kept in the store as hashes).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
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
        /// The channel of a page id: messenger or x.
        #[arg(long, default_value = "messenger")]
        channel: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it once; only its hash is kept.
    Create {
        /// Whose token it is (the name on their replies).
        #[arg(long)]
        name: String,
        /// agent, admin or owner.
        #[arg(long)]
        role: frontdesk::access::Role,
        /// The page ids it covers (comma-separated); not for the owner.
        #[arg(long, value_delimiter = ',')]
        pages: Vec<String>,
        /// Expires after this many days; never when absent.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List the tokens (never the tokens themselves).
    List,
    /// Revoke a token by its id.
    Revoke { id: String },
}

#[derive(Subcommand)]
enum FaqCommand {
    /// Measure the FAQ on labelled messages (`<entry or none><TAB><message>` lines).
    Eval {
        /// A page file (*.toml).
        page: PathBuf,
        file: PathBuf,
        /// List every message that went wrong.
        #[arg(long)]
        verbose: bool,
        /// List every message with its verdict and scores.
        #[arg(long)]
        all: bool,
        /// Try another threshold than the page's.
        #[arg(long)]
        threshold: Option<f32>,
        /// Try another margin than the page's.
        #[arg(long)]
        margin: Option<f32>,
        /// Try another coverage than the page's.
        #[arg(long)]
        coverage: Option<f32>,
    },
}

#[derive(Subcommand)]
enum PagesCommand {
    /// Validate a page configuration file and load it into the store.
    Import { file: PathBuf },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let default_file = Path::new("frontdesk.toml");
    let file = cli
        .config
        .as_deref()
        .or_else(|| default_file.exists().then_some(default_file));
    let settings = Settings::load(file).context("loading settings")?;
    frontdesk::telemetry::init(settings.log_format);
    match cli.command {
        Command::Serve { pages } => serve(settings, pages.as_deref()).await,
        Command::Hours { page, at, channel } => {
            let at = at.map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
            let page = if page.ends_with(".toml") {
                read_page_file(Path::new(&page))?.validate()?
            } else {
                let store = open_store(&settings).await?;
                let directory = PageDirectory::new(store, std::time::Duration::ZERO);
                let channel: Channel = serde_json::from_value(serde_json::Value::String(channel))
                    .context("--channel must be messenger or x")?;
                let found = directory
                    .get(channel, &page)
                    .await
                    .context("reading the page")?;
                found
                    .with_context(|| format!("no page {page} in the store"))?
                    .as_ref()
                    .clone()
            };
            let locales = Locales::bundled()?;
            print!("{}", render(&page, locales.get(page.language), at));
            Ok(())
        }
        Command::Faq {
            command:
                FaqCommand::Eval {
                    page,
                    file,
                    verbose,
                    all,
                    threshold,
                    margin,
                    coverage,
                },
        } => {
            let mut page = read_page_file(&page)?;
            if let Some(faq) = page.faq.as_mut() {
                faq.threshold = threshold.unwrap_or(faq.threshold);
                faq.margin = margin.unwrap_or(faq.margin);
                faq.coverage = coverage.unwrap_or(faq.coverage);
            }
            let page = page.validate()?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let labelled = faq_eval::parse(&text).map_err(anyhow::Error::msg)?;
            let report = faq_eval::evaluate(&page, &labelled);
            if all {
                print!("{}", report.render_lines());
            }
            print!("{}", report.render(verbose));
            Ok(())
        }
        Command::Token { command } => token(&settings, command).await,
        Command::Simulate {
            page,
            text,
            at,
            channel,
        } => {
            let at = at.map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
            let file = load_page_file(&settings, &page, &channel).await?;
            let page = file.validate()?;
            let event = frontdesk::http::admin::simulated_event(&file, text, at);
            let decision =
                frontdesk::domain::policy::decide(&page, &Locales::bundled()?, &event, at, None);
            println!("{}", serde_json::to_string_pretty(&decision)?);
            Ok(())
        }
        Command::Pages {
            command: PagesCommand::Import { file },
        } => {
            let store = open_store(&settings).await?;
            let directory = PageDirectory::new(store, std::time::Duration::ZERO);
            import(&directory, &file).await
        }
    }
}

/// A page file (*.toml), or a page of the store by id and channel.
async fn load_page_file(
    settings: &Settings,
    page: &str,
    channel: &str,
) -> anyhow::Result<frontdesk::domain::page::PageFile> {
    if page.ends_with(".toml") {
        return read_page_file(Path::new(page));
    }
    let store = open_store(settings).await?;
    let channel: Channel = serde_json::from_value(serde_json::Value::String(channel.into()))
        .context("--channel must be messenger or x")?;
    store
        .load_page(channel, page)
        .await
        .context("reading the page")?
        .with_context(|| format!("no page {page} in the store"))
}

async fn token(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    use frontdesk::access::{Role, TokenRecord, new_token, token_hash};
    let store = open_store(settings).await?;
    match command {
        TokenCommand::Create {
            name,
            role,
            pages,
            expires_in_days,
        } => {
            if role != Role::Owner && pages.is_empty() {
                anyhow::bail!("--pages is required for the {role:?} role");
            }
            let (token, id) = new_token();
            let now = chrono::Utc::now();
            let record = TokenRecord {
                id,
                name,
                role,
                pages,
                created_at: now,
                expires_at: expires_in_days.map(|d| now + chrono::Duration::days(d.into())),
            };
            store.save_token(&token_hash(&token), &record).await?;
            tracing::info!(id = %record.id, name = %record.name, role = ?record.role, "token created");
            println!("{token}");
            eprintln!(
                "token {} for {} created; it is shown only now",
                record.id, record.name
            );
        }
        TokenCommand::List => {
            for record in store.list_tokens().await? {
                let expires = record
                    .expires_at
                    .map_or_else(|| "never".to_owned(), |t| t.to_rfc3339());
                println!(
                    "{}\t{}\t{:?}\t{}\texpires {}",
                    record.id,
                    record.name,
                    record.role,
                    record.pages.join(","),
                    expires
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if !store.revoke_token(&id).await? {
                anyhow::bail!("no token {id}");
            }
            println!("token {id} revoked");
        }
    }
    Ok(())
}

async fn serve(settings: Settings, pages: Option<&Path>) -> anyhow::Result<()> {
    let app = Application::build(settings, Clock::System).await?;
    if let Some(folder) = pages {
        let entries =
            std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                import(app.pages(), &path).await?;
            }
        }
    }
    tracing::info!(port = app.port(), "frontdesk listening");
    let shutdown = app.shutdown_token();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("shutting down");
            shutdown.cancel();
        }
    });
    app.run_until_stopped().await
}

async fn import(directory: &PageDirectory, file: &Path) -> anyhow::Result<()> {
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
