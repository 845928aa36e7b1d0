//! The first message to a page nobody has written to since the start (a cold page: its
//! configuration and FAQ index are not in memory yet) against a second one to the same page
//! (warm), end to end: a signed Messenger message in, the reply at a Send API stub. Messages
//! go one at a time, so each latency is the page's own. `scripts/load/many-pages.sh` imports
//! many pages, restarts frontdesk without importing and runs this.
//!
//!   cargo run --release --example cold_pages -- \
//!     --target http://127.0.0.1:8090 --stub 127.0.0.1:8092 --first-id 200000000000000 \
//!     --pages 2000 --sample 50

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

struct Options {
    target: String,
    stub: String,
    secret: String,
    first_id: u64,
    pages: u64,
    sample: u64,
    /// How long to wait for one reply before counting it lost.
    wait: Duration,
}

fn options() -> Options {
    let mut o = Options {
        target: "http://127.0.0.1:8090".into(),
        stub: "127.0.0.1:8092".into(),
        secret: "load-test-app-secret-0123456789".into(),
        first_id: 200_000_000_000_000,
        pages: 2000,
        sample: 50,
        wait: Duration::from_secs(10),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--target" => o.target = value,
            "--stub" => o.stub = value,
            "--secret" => o.secret = value,
            "--first-id" => o.first_id = value.parse().unwrap(),
            "--pages" => o.pages = value.parse().unwrap(),
            "--sample" => o.sample = value.parse().unwrap(),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

/// When replies arrived, per customer.
#[derive(Default)]
struct Log {
    replies: HashMap<String, Instant>,
}

async fn send_api(body: web::Bytes, log: web::Data<Mutex<Log>>) -> HttpResponse {
    let at = Instant::now();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let customer = value["recipient"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    log.lock()
        .unwrap()
        .replies
        .entry(customer.clone())
        .or_insert(at);
    HttpResponse::Ok().json(serde_json::json!({"recipient_id": customer, "message_id": format!("m_{}", uuid::Uuid::new_v4())}))
}

fn delivery(page: &str, customer: &str) -> String {
    let now = chrono::Utc::now().timestamp_millis();
    serde_json::json!({"object": "page", "entry": [{"id": page, "time": now, "messaging": [{
        "sender": {"id": customer}, "recipient": {"id": page}, "timestamp": now,
        "message": {"mid": format!("m_cold_{customer}_{now}"), "text": "Dobrý den, kolik stojí doprava?"}}]}]})
    .to_string()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let o = options();
    let log = web::Data::new(Mutex::new(Log::default()));
    let stub_log = log.clone();
    let stub = HttpServer::new(move || {
        App::new()
            .app_data(stub_log.clone())
            .route("/me/messages", web::post().to(send_api))
    })
    .bind(&o.stub)?
    .workers(1)
    .run();
    let stub_handle = stub.handle();
    let stub_task = tokio::spawn(stub);

    let client = reqwest::Client::new();
    let key = Hmac::<Sha256>::new_from_slice(o.secret.as_bytes()).unwrap();
    let url = format!("{}/webhooks/messenger", o.target);
    // The same pages every run: evenly spread over the ids.
    let step = (o.pages / o.sample.max(1)).max(1);
    let pages: Vec<String> = (0..o.sample.min(o.pages))
        .map(|i| (o.first_id + i * step).to_string())
        .collect();
    let run = started_at();
    let mut lost = 0;
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for round in ["cold", "warm"] {
        for page in &pages {
            let customer = format!("{round}-{run}-{page}");
            let body = delivery(page, &customer);
            let mut mac = key.clone();
            mac.update(body.as_bytes());
            let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
            let sent = Instant::now();
            let ok = client
                .post(&url)
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            assert!(ok, "the webhook refused the message to page {page}");
            let arrived = loop {
                if let Some(at) = log.lock().unwrap().replies.get(&customer) {
                    break Some(*at);
                }
                if sent.elapsed() > o.wait {
                    break None;
                }
                tokio::time::sleep(Duration::from_micros(200)).await;
            };
            match arrived {
                Some(at) => {
                    let latency = at.saturating_duration_since(sent);
                    if round == "cold" {
                        cold.push(latency);
                    } else {
                        warm.push(latency);
                    }
                }
                None => lost += 1,
            }
        }
    }
    stub_handle.stop(true).await;
    let _ = stub_task.await;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (name, latencies) in [("cold", &mut cold), ("warm", &mut warm)] {
        latencies.sort();
        println!(
            "{name} page, webhook -> reply ({} pages): p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms",
            latencies.len(),
            ms(percentile(latencies, 50.0)),
            ms(percentile(latencies, 90.0)),
            ms(latencies.last().copied().unwrap_or_default())
        );
    }
    println!("replies lost: {lost}");
    Ok(())
}

/// A number telling this run's customers from earlier runs'.
fn started_at() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}
