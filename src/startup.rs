//! Builds the application from settings: the store, the page directory, the outbound
//! clients, the HTTP server and, when enabled, the event worker and the reply sender, all
//! sharing one shutdown token.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, HttpServer, web};
use anyhow::Context;
use secrecy::ExposeSecret;
use tokio_util::sync::CancellationToken;

use crate::access::Role;
use crate::background::Common;
use crate::background::outbox::{Outbox, RetryPolicy};
use crate::background::retention::Retention;
use crate::background::worker::Worker;
use crate::channels::Clients;
use crate::channels::signature::AppKeys;
use crate::clock::Clock;
use crate::domain::locale::Locales;
use crate::http::auth::StaffCredential;
use crate::http::{self, AppState};
use crate::metrics::Metrics;
use crate::pages::PageDirectory;
use crate::secrets::SETTING;
use crate::settings::Settings;
use crate::store::AnyStore;
use crate::store::embedded::EmbeddedStore;
use crate::store::redis::RedisStore;
use crate::x_account::XAccounts;

pub struct Application {
    port: u16,
    server: actix_web::dev::Server,
    store: AnyStore,
    pages: PageDirectory,
    worker: Worker,
    outbox: Outbox,
    retention: Retention,
    x_accounts: XAccounts,
    run_workers: bool,
    /// `worker.background_niceness`, for the background runtime.
    background_niceness: i32,
    shutdown: CancellationToken,
}

/// Opens the store the settings ask for: Redis when a URL is set, else the embedded file;
/// with the keys of `secrets_keys` for its tokens, checked against what the store holds
/// (`AnyStore::prepare_secrets`: refused when it holds tokens sealed with a key that is not
/// configured; plain tokens sealed on the first start with a key). Without any key, Redis is
/// refused and the embedded store keeps tokens in plain text, with a warning.
pub async fn open_store(settings: &Settings) -> anyhow::Result<AnyStore> {
    let keys = settings.keyring().context("invalid settings")?;
    if keys.current_id().is_none() && settings.uses_redis() {
        anyhow::bail!(
            "{SETTING} is not set: frontdesk does not keep the pages' access tokens in plain text on Redis; make a key with `frontdesk secrets new-key` and set it"
        );
    }
    let store = open_backend(settings).await?.with_keys(keys);
    match store
        .prepare_secrets()
        .await
        .context("checking the stored tokens")?
    {
        Some(done) if done.were_plain + done.were_other_key > 0 => tracing::info!(
            tokens = done.were_plain + done.were_other_key,
            records = done.rewritten,
            "encrypted the stored tokens with the current key of secrets_keys"
        ),
        _ => {}
    }
    if store.keys().current_id().is_none() {
        tracing::warn!(
            "{SETTING} is not set: the pages' access tokens are kept in plain text in {}; set a key (`frontdesk secrets new-key`) to encrypt them",
            settings.data_file.display()
        );
    }
    Ok(store)
}

async fn open_backend(settings: &Settings) -> anyhow::Result<AnyStore> {
    if !settings.redis_cluster_nodes.is_empty() {
        let nodes: Vec<String> = settings
            .redis_cluster_nodes
            .iter()
            .map(|node| node.expose_secret().to_owned())
            .collect();
        let store = RedisStore::connect_cluster(
            &nodes,
            &settings.key_prefix,
            settings.redis_partitions,
            settings.reclaim_after(),
        )
        .await
        .context(
            "connecting to the Redis Cluster of redis_cluster_nodes (FRONTDESK_REDIS_CLUSTER_NODES): start the cluster or correct the addresses",
        )?;
        return Ok(AnyStore::Redis(store));
    }
    Ok(match &settings.redis_url {
        Some(url) => AnyStore::Redis(
            RedisStore::connect(url, &settings.key_prefix, settings.reclaim_after())
                .await
                .context(
                    "connecting to the Redis server of redis_url (FRONTDESK_REDIS_URL): start Redis or correct the URL, or leave it unset for the embedded store",
                )?,
        ),
        None => AnyStore::Embedded(
            EmbeddedStore::open(&settings.data_file, settings.reclaim_after()).with_context(
                || {
                    format!(
                        "opening the embedded store {} (data_file, FRONTDESK_DATA_FILE): check that its folder exists and is writable and that no other frontdesk process uses the file, or set redis_url",
                        settings.data_file.display()
                    )
                },
            )?,
        ),
    })
}

impl Application {
    /// Binds the listener (port 0 picks a free port) and wires everything; nothing runs
    /// until `run_until_stopped`.
    pub async fn build(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        settings.validate_secrets().context("invalid settings")?;
        let store = open_store(&settings).await?;
        let pages = PageDirectory::bounded(
            store.clone(),
            Duration::from_millis(settings.page_cache_ttl_ms),
            settings.page_cache_size,
        );
        let locales = Arc::new(Locales::bundled().context("loading the bundled locales")?);
        let mut clients = Clients::new(
            &settings.messenger.graph_api_base,
            &settings.x.api_base,
            Duration::from_millis(settings.outbox.timeout_ms),
        )
        .context("building the http client")?
        .with_instagram_base(&settings.instagram.graph_api_base);
        clients.x = clients.x.with_oauth(settings.x.oauth_client());
        crate::channels::graph_version::warn_if_ending(
            &[
                (
                    "messenger.graph_api_base",
                    &settings.messenger.graph_api_base,
                ),
                (
                    "instagram.graph_api_base",
                    &settings.instagram.graph_api_base,
                ),
            ],
            clock.now().date_naive(),
        );
        let consumer = format!("frontdesk-{}", uuid::Uuid::new_v4());
        let metrics = Arc::new(Metrics::new().context("registering the metrics")?);
        metrics.register_routes(
            http::known_routes()
                .iter()
                .map(|(method, route)| (method.as_str(), route.as_str())),
        );
        let x_accounts = XAccounts::new(
            store.clone(),
            clients.x.clone(),
            clock.clone(),
            Arc::clone(&metrics),
            consumer.clone(),
        );
        let common = || Common {
            store: store.clone(),
            pages: pages.clone(),
            clock: clock.clone(),
            consumer: consumer.clone(),
            batch: settings.worker.batch,
            lease: settings.reclaim_after(),
            drain: Duration::from_millis(settings.worker.drain_ms),
            metrics: metrics.clone(),
            x_accounts: x_accounts.clone(),
        };
        let worker = Worker::new(common(), Arc::clone(&locales));
        let outbox = Outbox::new(
            common(),
            clients,
            RetryPolicy::from_settings(&settings.outbox),
            settings.outbox.max_in_flight,
        );
        let retention = Retention::new(
            common(),
            Duration::from_millis(settings.privacy.retention_every_ms),
            settings.privacy.retention_batch,
        );
        let audit_key = crate::privacy::AuditKey::from_settings(&settings);
        if audit_key.is_none() {
            tracing::warn!(
                "no privacy.audit_key and no api.token: erasing a customer is refused until one is set"
            );
        }
        if settings.api.token.is_none() && settings.api.staff.is_empty() {
            tracing::info!(
                "no api.token and no api.staff: only tokens made with `frontdesk token create` are accepted"
            );
        }
        for (channel, apps) in [
            ("messenger", &settings.messenger.apps),
            ("x", &settings.x.apps),
        ] {
            if apps.is_empty() {
                tracing::warn!(
                    "{channel}.apps is empty: the {channel} channel is off (its webhook answers 404)"
                );
            }
        }
        let shutdown = CancellationToken::new();
        let state = web::Data::new(AppState {
            shutdown: shutdown.clone(),
            store: store.clone(),
            clock,
            messenger_apps: settings
                .messenger
                .apps
                .iter()
                .map(|app| AppKeys::new(app.id.clone(), &app.secrets))
                .collect(),
            messenger_verify_token: settings.messenger.verify_token.clone(),
            // Facebook Login deliveries are signed with the Meta app secret, Instagram Login
            // ones with the Instagram app secret: both verify, and name their app.
            instagram_apps: settings
                .messenger
                .apps
                .iter()
                .chain(&settings.instagram.apps)
                .map(|app| AppKeys::new(app.id.clone(), &app.secrets))
                .collect(),
            instagram_verify_token: settings
                .instagram
                .verify_token
                .clone()
                .or_else(|| settings.messenger.verify_token.clone()),
            x_apps: settings
                .x
                .apps
                .iter()
                .map(|app| AppKeys::new(app.id.clone(), &app.secrets))
                .collect(),
            staff: settings
                .api
                .token
                .iter()
                .map(|token| StaffCredential {
                    name: "admin".into(),
                    token: token.clone(),
                    role: Role::Owner,
                    pages: None,
                })
                .chain(settings.api.staff.iter().map(|member| StaffCredential {
                    name: member.name.clone(),
                    token: member.token.clone(),
                    role: member.role,
                    pages: Some(member.pages.clone()),
                }))
                .collect(),
            pages: pages.clone(),
            locales: Arc::clone(&locales),
            metrics,
            x_accounts: x_accounts.clone(),
            audit_key,
        });
        let listener = TcpListener::bind(&settings.bind).with_context(|| {
            format!(
                "listening on {} (bind, FRONTDESK_BIND): choose a free host:port",
                settings.bind
            )
        })?;
        let port = listener.local_addr()?.port();
        let request_timeout = Duration::from_millis(settings.request_timeout_ms);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(actix_web::middleware::from_fn(move |req, next| {
                    http::limits::body_deadline(request_timeout, req, next)
                }))
                .configure(http::routes)
                .configure(crate::console::routes)
                // Outermost: the id, span, access line and metrics cover every request.
                .wrap(actix_web::middleware::from_fn(http::observe::observe))
        })
        .client_request_timeout(request_timeout)
        .client_disconnect_timeout(Duration::from_secs(1))
        .listen(listener)?
        // Signals are the binary's business (`main.rs`): they cancel the shutdown token.
        .disable_signals()
        .shutdown_timeout(settings.worker.drain_ms.div_ceil(1000).max(1))
        .run();
        Ok(Application {
            port,
            server,
            store,
            pages,
            worker,
            outbox,
            retention,
            x_accounts,
            run_workers: settings.worker.enabled,
            background_niceness: settings.worker.background_niceness,
            shutdown,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn store(&self) -> &AnyStore {
        &self.store
    }

    pub fn pages(&self) -> &PageDirectory {
        &self.pages
    }

    /// The event worker, for draining it by hand when `worker.enabled` is off (tests).
    pub fn worker(&self) -> &Worker {
        &self.worker
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The retention task, for running a round by hand (tests).
    pub fn retention(&self) -> &Retention {
        &self.retention
    }

    /// The X accounts' tokens and parked replies, for sweeping by hand (tests).
    pub fn x_accounts(&self) -> &XAccounts {
        &self.x_accounts
    }

    /// A token that stops the application when cancelled.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Serves until the shutdown token is cancelled, then stops accepting, lets in-flight
    /// requests, events and sends finish within `worker.drain_ms`, and hands back claimed
    /// work that did not, so another instance takes it at once.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Application {
            server,
            worker,
            outbox,
            retention,
            x_accounts,
            run_workers,
            background_niceness,
            shutdown,
            ..
        } = self;
        let handle = server.handle();
        let mut workers = tokio::task::JoinSet::new();
        // The background tasks on their own, lower-priority threads: under load, webhooks
        // are accepted first (`background::runtime`).
        let background = if run_workers {
            let runtime = crate::background::runtime::build(background_niceness)
                .context("starting the background threads")?;
            let on = runtime.handle();
            workers.spawn_on(worker.clone().run_follow_ups(shutdown.clone()), on);
            workers.spawn_on(worker.run(shutdown.clone()), on);
            workers.spawn_on(outbox.run(shutdown.clone()), on);
            workers.spawn_on(x_accounts.run(shutdown.clone()), on);
            workers.spawn_on(retention.run(shutdown.clone()), on);
            Some(runtime)
        } else {
            None
        };
        let stopper = {
            let shutdown = shutdown.clone();
            async move {
                shutdown.cancelled().await;
                handle.stop(true).await;
            }
        };
        let (served, ()) = tokio::join!(server, stopper);
        shutdown.cancel();
        while workers.join_next().await.is_some() {}
        if let Some(runtime) = background {
            // Its tasks have ended; what they spawned and left is stopped without waiting.
            runtime.shutdown_background();
        }
        served.context("http server failed")
    }
}
