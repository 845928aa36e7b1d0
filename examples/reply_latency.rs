//! Webhook-to-reply latency under an open-loop load: sends distinct signed Messenger messages
//! (each from its own customer) at a fixed rate, whatever the service's answers take, runs a
//! Send API stub that records when each reply arrives, and reports the latency percentiles,
//! the replies lost and the ones sent twice. `scripts/load/reply-latency.sh` starts frontdesk
//! against the stub and runs this.
//!
//!   cargo run --release --example reply_latency -- \
//!     --target http://127.0.0.1:8090 --stub 127.0.0.1:8092 --rate 1000 --seconds 20
//!
//! `--target` takes several instances, comma-separated (messages go to each in turn), and
//! `--pages N` spreads the messages over N pages, `--page` and the ids after it.

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
    rate: u64,
    seconds: u64,
    secret: String,
    page: String,
    /// How many pages the messages go to, round robin: `page` and the ids after it.
    pages: u64,
    /// How long to wait for the last replies after the last message.
    grace: Duration,
}

fn options() -> Options {
    let mut o = Options {
        target: "http://127.0.0.1:8090".into(),
        stub: "127.0.0.1:8092".into(),
        rate: 1000,
        seconds: 20,
        secret: "load-test-app-secret-0123456789".into(),
        page: "104857600123456".into(),
        pages: 1,
        grace: Duration::from_secs(10),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--target" => o.target = value,
            "--stub" => o.stub = value,
            "--rate" => o.rate = value.parse().unwrap(),
            "--seconds" => o.seconds = value.parse().unwrap(),
            "--secret" => o.secret = value,
            "--page" => o.page = value,
            "--pages" => o.pages = value.parse().unwrap(),
            "--grace" => o.grace = Duration::from_secs(value.parse().unwrap()),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

/// When each customer's message left, and when replies to it arrived.
#[derive(Default)]
struct Log {
    sent: HashMap<String, Instant>,
    replies: HashMap<String, Vec<Instant>>,
    rejected: u64,
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
        .or_default()
        .push(at);
    HttpResponse::Ok().json(serde_json::json!({"recipient_id": customer, "message_id": format!("m_{}", uuid::Uuid::new_v4())}))
}

fn delivery(page: &str, customer: &str, n: u64) -> String {
    let now = chrono::Utc::now().timestamp_millis();
    serde_json::json!({"object": "page", "entry": [{"id": page, "time": now, "messaging": [{
        "sender": {"id": customer}, "recipient": {"id": page}, "timestamp": now,
        "message": {"mid": format!("m_load_{now}_{n}"), "text": "Dobrý den, kdy mi přijde balík #48213?"}}]}]})
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

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let key = Hmac::<Sha256>::new_from_slice(o.secret.as_bytes()).unwrap();
    // Several instances behind no balancer: messages go to each in turn.
    let urls: Vec<String> = o
        .target
        .split(',')
        .map(|target| format!("{}/webhooks/messenger", target.trim()))
        .collect();
    let first_page: u64 = o.page.parse().unwrap();
    let total = o.rate * o.seconds;
    let interval = Duration::from_secs_f64(1.0 / o.rate as f64);
    let started = Instant::now();
    let mut requests = tokio::task::JoinSet::new();
    for n in 0..total {
        // Open loop: message n leaves at its own time, never waiting for earlier answers.
        let due = started + interval.mul_f64(n as f64);
        tokio::time::sleep_until(due.into()).await;
        let customer = format!("load-{}-{n}", started.elapsed().as_nanos() % 1_000_000);
        let page = (first_page + n % o.pages.max(1)).to_string();
        let body = delivery(&page, &customer, n);
        let url = &urls[(n % urls.len() as u64) as usize];
        let mut mac = key.clone();
        mac.update(body.as_bytes());
        let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        log.lock().unwrap().sent.insert(customer, Instant::now());
        let (client, url, log) = (client.clone(), url.clone(), log.clone());
        requests.spawn(async move {
            let ok = client
                .post(url)
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if !ok {
                log.lock().unwrap().rejected += 1;
            }
        });
    }
    let sending = started.elapsed();
    while requests.join_next().await.is_some() {}
    tokio::time::sleep(o.grace).await;
    stub_handle.stop(true).await;
    let _ = stub_task.await;

    let log = log.lock().unwrap();
    let mut latencies = Vec::with_capacity(log.sent.len());
    let (mut lost, mut twice) = (0, 0);
    for (customer, sent_at) in &log.sent {
        match log.replies.get(customer).map(Vec::as_slice) {
            None | Some([]) => lost += 1,
            Some(arrivals) => {
                if arrivals.len() > 1 {
                    twice += 1;
                }
                latencies.push(arrivals[0].saturating_duration_since(*sent_at));
            }
        }
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "sent {} messages in {:.1} s ({:.0}/s offered, {} rejected)",
        log.sent.len(),
        sending.as_secs_f64(),
        log.sent.len() as f64 / sending.as_secs_f64(),
        log.rejected
    );
    println!(
        "webhook -> reply: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    println!("replies lost: {lost}, sent twice: {twice}");
    Ok(())
}
