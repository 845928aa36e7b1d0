//! `frontdesk x webhook|subscriptions`: the X side of X accounts, against `x.api_base`.

use anyhow::Context;
use clap::Subcommand;

use crate::channels::x::api::SUBSCRIBED_EVENTS;
use crate::clock::Clock;
use crate::settings::Settings;
use crate::startup::open_store;

#[derive(Subcommand)]
pub enum XCommand {
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
pub enum XWebhookCommand {
    /// Register `https://<host>/webhooks/x` (HTTPS, no port); X runs a CRC check on it
    /// before answering. Not billed.
    Register { url: String },
    /// List the app's webhooks and whether X considers each valid. Not billed.
    List,
    /// Delete a webhook by its id. Not billed.
    Delete { id: String },
}

#[derive(Subcommand)]
pub enum XSubscriptionsCommand {
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

pub async fn run(settings: &Settings, command: XCommand) -> anyhow::Result<()> {
    let client = crate::channels::Clients::new(
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
                let metrics = std::sync::Arc::new(crate::metrics::Metrics::new()?);
                let accounts = crate::x_account::XAccounts::new(
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
    super::print(&format!("{}\n", serde_json::to_string_pretty(&answer)?))
}
