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
        /// The channel of a page id: messenger, x or instagram.
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
    /// Manage the X side of X accounts: the webhook X delivers to and the X Activity API
    /// subscriptions (against `x.api_base`).
    X {
        #[command(subcommand)]
        command: XCommand,
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
enum XCommand {
    /// The webhook (`/2/webhooks`), with the app-only bearer token `x.bearer_token`. X bills
    /// none of these calls (rate limit: 450 per 15 minutes per app and verb).
    Webhook {
        #[command(subcommand)]
        command: XWebhookCommand,
    },
    /// The X Activity API subscriptions of accounts (`/2/activity/subscriptions`). The calls
    /// are not billed (500 per 15 minutes per app and verb); the events they deliver are, on
    /// pay-per-use: $0.010 per `dm.received`, $0.005 per mention or reply (billed as a Post),
    /// `dm.sent` free, each charged once per 24-hour UTC window. Each DM frontdesk sends
    /// costs $0.015 and a public reply $0.010.
    Subscriptions {
        #[command(subcommand)]
        command: XSubscriptionsCommand,
    },
}

#[derive(Subcommand)]
enum XWebhookCommand {
    /// Register `https://<host>/webhooks/x` (HTTPS, no port); X runs a CRC check on it
    /// before answering. Not billed.
    Register { url: String },
    /// List the app's webhooks and whether X considers each valid. Not billed.
    List,
    /// Delete a webhook by its id. Not billed.
    Delete { id: String },
}

#[derive(Subcommand)]
enum XSubscriptionsCommand {
    /// Subscribe an account (its user id: the X page's id) to `dm.received`, `dm.sent`,
    /// `post.mention.create` and `post.reply.create`, as the account (its OAuth 2.0 token
    /// from the store, refreshed if needed). The calls are free; each delivered
    /// `dm.received` costs $0.010 and each mention or reply $0.005.
    Create {
        /// The account's user id.
        account: String,
        /// The webhook to deliver to (`frontdesk x webhook list`); without it, X keeps the
        /// events for its stream only.
        #[arg(long)]
        webhook: Option<String>,
    },
    /// List the app's subscriptions (bearer token). Not billed.
    List,
    /// Delete a subscription by its id (bearer token). Not billed; its events stop.
    Delete { id: String },
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
                    .context("--channel must be messenger, x or instagram")?;
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
            print!("{}", faq_eval::evaluate(&page, &labelled).render(verbose));
            Ok(())
        }
        Command::Token { command } => token(&settings, command).await,
        Command::X { command } => x(&settings, command).await,
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
        .context("--channel must be messenger, x or instagram")?;
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

async fn x(settings: &Settings, command: XCommand) -> anyhow::Result<()> {
    use frontdesk::channels::x::api::SUBSCRIBED_EVENTS;
    let client = frontdesk::channels::Clients::new(
        &settings.messenger.graph_api_base,
        &settings.x.api_base,
        std::time::Duration::from_millis(settings.outbox.timeout_ms),
    )?
    .x
    .with_oauth(settings.x.oauth_client());
    let bearer = || {
        settings
            .x
            .bearer_token
            .clone()
            .context("x.bearer_token (FRONTDESK_X__BEARER_TOKEN) is required for this call")
    };
    let answer = match command {
        XCommand::Webhook { command } => match command {
            XWebhookCommand::Register { url } => client.register_webhook(&bearer()?, &url).await?,
            XWebhookCommand::List => client.list_webhooks(&bearer()?).await?,
            XWebhookCommand::Delete { id } => client.delete_webhook(&bearer()?, &id).await?,
        },
        XCommand::Subscriptions { command } => match command {
            XSubscriptionsCommand::Create { account, webhook } => {
                let store = open_store(settings).await?;
                let metrics = std::sync::Arc::new(frontdesk::metrics::Metrics::new()?);
                let accounts = frontdesk::x_account::XAccounts::new(
                    store,
                    client.clone(),
                    Clock::System,
                    metrics,
                    format!("cli-{}", uuid::Uuid::new_v4()),
                );
                let token = accounts.user_token(&account).await?.with_context(|| {
                    format!("no usable token for X account {account}: import its page (channel = \"x\") or reconnect it")
                })?;
                let mut created = Vec::new();
                for event_type in SUBSCRIBED_EVENTS {
                    let answer = client
                        .create_subscription(&token, event_type, &account, webhook.as_deref())
                        .await
                        .with_context(|| format!("subscribing {account} to {event_type}"))?;
                    created.push(answer);
                }
                serde_json::Value::Array(created)
            }
            XSubscriptionsCommand::List => client.list_subscriptions(&bearer()?).await?,
            XSubscriptionsCommand::Delete { id } => {
                client.delete_subscription(&bearer()?, &id).await?
            }
        },
    };
    println!("{}", serde_json::to_string_pretty(&answer)?);
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
        let signal = stop_signal().await;
        tracing::info!(signal, "shutting down: finishing the work under way");
        shutdown.cancel();
    });
    app.run_until_stopped().await
}

/// Waits for SIGTERM (what orchestrators send on a deploy) or Ctrl-C; names the one that came.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            },
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops gracefully");
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
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
