//! `GET /api/stats`: the figures of a page per channel and local day, with service levels in
//! wall time and in the page's working time.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::*;

const OTHER_CUSTOMER: &str = "7034819265099999";

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().into()
}

#[tokio::test]
async fn a_weekend_counts_in_wall_time_but_not_in_business_hours() {
    // Friday 22:00 in Prague: the shop is closed until Monday 9:00.
    let app = spawn_app_on(Backend::fresh_redis(), friday_night()).await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    // One question the FAQ answers, one for a person; both written 3 seconds before we
    // process them.
    let written = friday_night() - Duration::seconds(3);
    let mut faq = text_message("m_pay", "jak muzu zaplatit?", written);
    faq["sender"]["id"] = json!(OTHER_CUSTOMER);
    let person = text_message(
        "m_help",
        "Dobrý den, potřebuji poradit s objednávkou 4411",
        written,
    );
    app.post_signed(&delivery(PAGE_ID, vec![faq, person])).await;
    app.drain().await;
    assert_eq!(
        app.sent_texts().await.len(),
        2,
        "an answer and an acknowledgement"
    );

    // Monday 9:30: Jana answers (30 working minutes, 59.5 hours of wall time) and resolves
    // at 10:00.
    let conversation = conversation_path(&conversation_key());
    app.clock.set(at("2026-11-30T08:30:00Z"));
    let reply = app
        .post_json(
            &format!("{conversation}/reply"),
            JANA,
            json!({"text": "Pošleme novou."}),
        )
        .await;
    assert_eq!(reply.status(), 202);
    // A second reply is not a first response.
    app.clock.set(at("2026-11-30T08:40:00Z"));
    app.post_json(
        &format!("{conversation}/reply"),
        JANA,
        json!({"text": "Už je na cestě."}),
    )
    .await;
    app.clock.set(at("2026-11-30T09:00:00Z"));
    let resolved = app
        .post_json(&format!("{conversation}/resolve"), JANA, json!({}))
        .await;
    assert_eq!(resolved.status(), 200);

    let stats: Value = app
        .get(
            &format!("/api/stats?page={PAGE_ID}&from=2026-11-27&to=2026-11-30"),
            Some(JANA),
        )
        .await
        .json()
        .await
        .unwrap();
    let days = stats["days"].as_array().unwrap();
    let day = |d: &str| {
        days.iter()
            .find(|r| r["day"] == d && r["channel"] == "messenger")
            .unwrap_or_else(|| panic!("no figures for {d}: {stats}"))
    };
    let friday = day("2026-11-27");
    assert_eq!(friday["received"], 2);
    assert_eq!(friday["answered_by_faq"], 1);
    assert_eq!(friday["acknowledged"], 1);
    assert_eq!(friday["escalated"], 1);
    assert_eq!(friday["faq_answers"], json!({"payment": 1}));
    assert_eq!(friday["auto_reply_latency_p95_ms"], 3000);
    assert_eq!(friday["first_response"]["wall"]["count"], 0);

    let monday = day("2026-11-30");
    assert_eq!(monday["received"], 0);
    let first = &monday["first_response"];
    assert_eq!(first["wall"]["count"], 1, "only the first reply counts");
    assert_eq!(first["wall"]["median_seconds"], 59.5 * 3600.0 + 3.0);
    assert_eq!(first["business_hours"]["median_seconds"], 30.0 * 60.0);
    let resolution = &monday["resolution"];
    assert_eq!(resolution["wall"]["p90_seconds"], 60.0 * 3600.0 + 3.0);
    assert_eq!(resolution["business_hours"]["p90_seconds"], 60.0 * 60.0);
    assert!(
        days.iter().all(|r| r["day"] != "2026-11-28"),
        "a quiet day has no row"
    );
    let totals = &stats["totals"][0];
    assert_eq!(totals["from"], "2026-11-27");
    assert_eq!(totals["received"], 2);
    assert_eq!(totals["first_response"]["wall"]["count"], 1);

    // A new episode after the resolution gets its own first response.
    app.post_signed(&delivery(
        PAGE_ID,
        vec![text_message(
            "m_again",
            "A ještě jedna věc",
            at("2026-11-30T09:10:00Z"),
        )],
    ))
    .await;
    app.clock.set(at("2026-11-30T09:15:00Z"));
    app.drain().await;
    app.clock.set(at("2026-11-30T09:20:00Z"));
    app.post_json(
        &format!("{conversation}/reply"),
        JANA,
        json!({"text": "Ano?"}),
    )
    .await;
    let stats: Value = app
        .get(
            &format!("/api/stats?page={PAGE_ID}&from=2026-11-30&to=2026-11-30"),
            Some(JANA),
        )
        .await
        .json()
        .await
        .unwrap();
    let first = &stats["days"][0]["first_response"]["wall"];
    assert_eq!(first["count"], 2);
    assert_eq!(first["median_seconds"], 600.0);
}

#[tokio::test]
async fn figures_are_only_for_the_callers_pages_and_ranges_are_bounded() {
    let app = spawn_app().await;
    let stats = |query: &'static str, token: &'static str| {
        let app = &app;
        async move { app.get(&format!("/api/stats{query}"), Some(token)).await }
    };
    let own = format!("?page={PAGE_ID}");
    assert_eq!(
        app.get(&format!("/api/stats{own}"), Some(JANA))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&format!("/api/stats{own}"), Some(OLGA_OTHER_PAGE))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/api/stats{own}"), None).await.status(),
        401
    );
    assert_eq!(
        stats("", API_TOKEN).await.status(),
        200,
        "without a page, the owner gets every page"
    );
    let empty: Value = stats("", JANA).await.json().await.unwrap();
    assert_eq!(empty, json!({"days": [], "totals": []}));
    let backwards = app
        .get(
            &format!("/api/stats{own}&from=2026-11-24&to=2026-11-01"),
            Some(JANA),
        )
        .await;
    assert_eq!(backwards.status(), 400);
    let too_long = app
        .get(
            &format!("/api/stats{own}&from=2025-01-01&to=2026-11-01"),
            Some(JANA),
        )
        .await;
    assert_eq!(too_long.status(), 400, "at most 366 days");
    let a_year = app
        .get(
            &format!("/api/stats{own}&from=2025-11-02&to=2026-11-01"),
            Some(JANA),
        )
        .await;
    assert_eq!(a_year.status(), 200);
    let malformed = app
        .get(&format!("/api/stats{own}&from=yesterday"), Some(JANA))
        .await;
    assert_eq!(malformed.status(), 400);
}
