//! The baseline of the ingest load test: a bare actix-web handler that verifies the HMAC and
//! appends the raw body to a Redis stream, nothing else. `scripts/load/messenger.sh` measures
//! it next to frontdesk in the same run.
//!
//!   cargo run --release --example bare_ingest -- 127.0.0.1:8091 redis://127.0.0.1:6379

#![allow(clippy::unwrap_used)]

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, KeyInit, Mac};
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use sha2::Sha256;

struct State {
    key: Hmac<Sha256>,
    redis: ConnectionManager,
}

async fn ingest(req: HttpRequest, body: web::Bytes, state: web::Data<State>) -> HttpResponse {
    let Some(hex_sig) = req
        .headers()
        .get("x-hub-signature-256")
        .and_then(|v| v.as_bytes().strip_prefix(b"sha256="))
    else {
        return HttpResponse::Unauthorized().finish();
    };
    let mut expected = [0u8; 32];
    if hex::decode_to_slice(hex_sig, &mut expected).is_err() {
        return HttpResponse::Unauthorized().finish();
    }
    let mut mac = state.key.clone();
    mac.update(&body);
    if mac.verify_slice(&expected).is_err() {
        return HttpResponse::Unauthorized().finish();
    }
    let added: redis::RedisResult<String> = state
        .redis
        .clone()
        .xadd("bare:inbound", "*", &[("body", body.as_ref())])
        .await;
    match added {
        Ok(_) => HttpResponse::Ok().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let bind = args.next().unwrap_or_else(|| "127.0.0.1:8091".into());
    let url = args
        .next()
        .unwrap_or_else(|| "redis://127.0.0.1:6379".into());
    let secret =
        std::env::var("APP_SECRET").unwrap_or_else(|_| "a1b2c3d4e5f60718293a4b5c6d7e8f90".into());
    let redis = ConnectionManager::new(redis::Client::open(url).unwrap())
        .await
        .unwrap();
    let state = web::Data::new(State {
        key: Hmac::new_from_slice(secret.as_bytes()).unwrap(),
        redis,
    });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(1 << 20))
            .route("/webhooks/messenger", web::post().to(ingest))
    })
    .bind(bind)?
    .run()
    .await
}
