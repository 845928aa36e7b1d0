//! The console's speed, measured against the real service (not a timed test):
//!
//! 1. the inbox with N waiting conversations (default 1 000): how long `GET /console` takes,
//!    server render plus loopback HTTP, over repeated requests;
//! 2. a live update across instances: two instances on one Redis; a claim through the API of
//!    the first, until its event reaches a console's event stream on the second.
//!
//!   cargo run --release --example console_bench -- --redis redis://127.0.0.1:6379 \
//!     [--conversations 1000] [--requests 50] [--claims 200]
//!
//! Without `--redis` the inbox is measured on the embedded store (and the live part skipped).

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use chrono::Utc;
use frontdesk::clock::Clock;
use frontdesk::domain::page::PageFile;
use frontdesk::settings::{AppSecrets, Settings};
use frontdesk::startup::Application;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::SecretString;
use sha2::Sha256;

const SECRET: &str = "bench-app-secret-0123456789abcdef";
const OWNER: &str = "bench-owner-token";
const PAGE: &str = "104857600123456";

struct Options {
    redis: Option<String>,
    conversations: usize,
    requests: usize,
    claims: usize,
}

fn options() -> Options {
    let mut o = Options {
        redis: None,
        conversations: 1000,
        requests: 50,
        claims: 200,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--redis" => o.redis = Some(value),
            "--conversations" => o.conversations = value.parse().unwrap(),
            "--requests" => o.requests = value.parse().unwrap(),
            "--claims" => o.claims = value.parse().unwrap(),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

fn settings(redis: &Option<String>, prefix: &str, data: &std::path::Path) -> Settings {
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        ..Settings::default()
    };
    settings.redis_url = redis.clone();
    settings.key_prefix = prefix.to_owned();
    settings.data_file = data.join("bench.redb");
    // A fresh key per run: the bench's tokens are encrypted as in production.
    settings.secrets_keys = vec![frontdesk::secrets::new_key("bench").expect("a random key")];
    settings.messenger.apps = vec![AppSecrets {
        id: "948271635012345".into(),
        secrets: vec![SecretString::from(SECRET.to_owned())],
    }];
    settings.messenger.graph_api_base = "http://127.0.0.1:9".into();
    settings.api.token = Some(SecretString::from(OWNER.to_owned()));
    settings.worker.enabled = false;
    settings
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{what}: n={} p50={:.1} ms p90={:.1} ms p99={:.1} ms max={:.1} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1000.0,
        percentile(&samples, 0.9).as_secs_f64() * 1000.0,
        percentile(&samples, 0.99).as_secs_f64() * 1000.0,
        samples.last().unwrap().as_secs_f64() * 1000.0,
    );
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}

/// Signs in to the console at `base` and returns the session cookie.
async fn sign_in(http: &reqwest::Client, base: &str) -> String {
    let form = http
        .get(format!("{base}/console/login"))
        .send()
        .await
        .unwrap();
    let pairing = form
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = form.text().await.unwrap();
    let csrf = between(&html, "name=\"csrf\" value=\"", "\"").to_owned();
    let signed = http
        .post(format!("{base}/console/login"))
        .header("cookie", pairing)
        .form(&[("token", OWNER), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    signed
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("fd_session="))
        .unwrap()
}

#[actix_web::main]
async fn main() {
    let o = options();
    let data = tempfile::tempdir().unwrap();
    let prefix = format!("bench:{}:", uuid::Uuid::new_v4());
    let clock = Clock::System;
    let first = Application::build(settings(&o.redis, &prefix, data.path()), clock.clone())
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", first.port());
    let mut page = PageFile::from_toml(include_str!("../responses/pages/example.toml")).unwrap();
    page.id = PAGE.into();
    first
        .pages()
        .save(&page, "bench", Utc::now())
        .await
        .unwrap();
    let worker = first.worker().clone();
    let shutdown = first.shutdown_token();
    tokio::spawn(first.run_until_stopped());

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let now_ms = Utc::now().timestamp_millis();
    for n in 0..o.conversations {
        let body = serde_json::to_vec(&serde_json::json!({
            "object": "page",
            "entry": [{"id": PAGE, "time": now_ms, "messaging": [{
                "sender": {"id": format!("9{n:09}")},
                "recipient": {"id": PAGE},
                "timestamp": now_ms - (n as i64) * 1000,
                "message": {"mid": format!("m_bench_{n}"), "text": format!("Dobrý den, objednávka {n} nedorazila, co s tím?")}
            }]}]
        }))
        .unwrap();
        let response = http
            .post(format!("{base}/webhooks/messenger"))
            .header("x-hub-signature-256", sign(&body))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    worker.process_pending().await.unwrap();
    let cookie = sign_in(&http, &base).await;
    let first_page = http
        .get(format!("{base}/console"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows = first_page.matches("<tr class=\"row").count();
    println!(
        "inbox: {rows} waiting conversations listed, page {} KB",
        first_page.len() / 1024
    );
    let mut inbox = Vec::new();
    for _ in 0..o.requests {
        let started = Instant::now();
        let response = http
            .get(format!("{base}/console"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        let _ = response.bytes().await.unwrap();
        inbox.push(started.elapsed());
    }
    report("GET /console (full inbox page)", inbox);
    let mut fragment = Vec::new();
    for _ in 0..o.requests {
        let started = Instant::now();
        let response = http
            .get(format!("{base}/console"))
            .header("cookie", &cookie)
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap();
        let _ = response.bytes().await.unwrap();
        fragment.push(started.elapsed());
    }
    report("GET /console rows (htmx live refresh)", fragment);
    let mut api = Vec::new();
    for _ in 0..o.requests {
        let started = Instant::now();
        let response = http
            .get(format!("{base}/api/queue"))
            .bearer_auth(OWNER)
            .send()
            .await
            .unwrap();
        let _ = response.bytes().await.unwrap();
        api.push(started.elapsed());
    }
    report(
        "GET /api/queue (the same listing as JSON, for comparison)",
        api,
    );

    if o.redis.is_some() {
        let second = Application::build(settings(&o.redis, &prefix, data.path()), clock)
            .await
            .unwrap();
        let other = format!("http://127.0.0.1:{}", second.port());
        let second_shutdown = second.shutdown_token();
        tokio::spawn(second.run_until_stopped());
        let cookie = sign_in(&http, &other).await;
        let mut events = http
            .get(format!("{other}/console/events"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        let _ = events.chunk().await.unwrap(); // the opening frame
        let mut latencies = Vec::new();
        for n in 0..o.claims {
            let customer = format!("9{:09}", n % o.conversations);
            let key = frontdesk::domain::event::ConversationKey {
                channel: frontdesk::domain::event::Channel::Messenger,
                page_id: PAGE.into(),
                customer_id: customer.clone(),
            };
            let id = frontdesk::console::live::live_id(&key);
            for action in ["claim", "release"] {
                let started = Instant::now();
                let response = http
                    .post(format!(
                        "{base}/api/conversations/messenger/{PAGE}/{customer}/{action}"
                    ))
                    .bearer_auth(OWNER)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                let mut seen = String::new();
                while !seen.contains(&format!("event: {id}")) {
                    let chunk = tokio::time::timeout(Duration::from_secs(10), events.chunk())
                        .await
                        .expect("the update arrives")
                        .unwrap()
                        .unwrap();
                    seen.push_str(&String::from_utf8_lossy(&chunk));
                }
                if action == "claim" {
                    latencies.push(started.elapsed());
                }
            }
        }
        report(
            "claim on instance A → SSE event on instance B (incl. the API call)",
            latencies,
        );
        second_shutdown.cancel();
        let mut redis = redis::Client::open(o.redis.clone().unwrap())
            .unwrap()
            .get_multiplexed_async_connection()
            .await
            .unwrap();
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{prefix}*"))
            .query_async(&mut redis)
            .await
            .unwrap();
        for chunk in keys.chunks(500) {
            let _: () = redis::cmd("DEL")
                .arg(chunk)
                .query_async(&mut redis)
                .await
                .unwrap();
        }
    }
    shutdown.cancel();
}
