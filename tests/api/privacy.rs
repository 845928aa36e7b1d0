//! A customer's data on request and the retention, through the API, the console and the
//! background round: who may export and erase, what an erasure leaves (nothing about the
//! customer, an audit record without their id, the metrics), and a page's `retention_days`.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::console::ConsoleClient;
use crate::helpers::*;
use frontdesk::store::ConversationStore;

const SECRET_TEXT: &str = "Bydlím v Lipové 7, číslo karty 4111";

/// The customer writes something private; a person adds a note about them.
async fn customer_wrote(app: &TestApp) {
    app.accept_sends().await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_private", SECRET_TEXT, app.clock.now())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    let note = app
        .call(
            Method::POST,
            &conversation_action(&conversation_key(), "notes"),
            Some(JANA),
            Some(json!({"text": format!("{CUSTOMER} called about {SECRET_TEXT}")})),
        )
        .await;
    assert!(note.status().is_success(), "{}", note.status());
}

fn customer_path() -> String {
    format!("/api/customers/messenger/{CUSTOMER}")
}

#[tokio::test]
async fn an_admin_exports_and_erases_a_customer_on_their_pages_only() {
    let app = spawn_app().await;
    customer_wrote(&app).await;

    let agent = app.get(&customer_path(), Some(JANA)).await;
    assert_eq!(agent.status(), StatusCode::FORBIDDEN);
    let agent = app
        .call(Method::DELETE, &customer_path(), Some(JANA), None)
        .await;
    assert_eq!(agent.status(), StatusCode::FORBIDDEN);

    let export = app.get(&customer_path(), Some(EVA_ADMIN)).await;
    assert_eq!(export.status(), 200);
    let export: Value = export.json().await.unwrap();
    assert_eq!(export["customer"]["id"], CUSTOMER);
    assert_eq!(export["conversations"].as_array().unwrap().len(), 1);
    assert!(export.to_string().contains(SECRET_TEXT));
    assert!(export.to_string().contains("called about"), "the note");

    // An admin of another page sees nothing of this one, and erases nothing there.
    let other: Value = app
        .get(&customer_path(), Some(OSKAR_ADMIN_OTHER_PAGE))
        .await
        .json()
        .await
        .unwrap();
    assert!(other["conversations"].as_array().unwrap().is_empty());
    let other: Value = app
        .call(
            Method::DELETE,
            &customer_path(),
            Some(OSKAR_ADMIN_OTHER_PAGE),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["erased"]["conversations"], 0);
    assert!(
        app.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .is_some()
    );

    let erased = app
        .call(Method::DELETE, &customer_path(), Some(EVA_ADMIN), None)
        .await;
    assert_eq!(erased.status(), 200);
    let record: Value = erased.json().await.unwrap();
    assert_eq!(record["by"], "Eva");
    assert_eq!(record["erased"]["conversations"], 1);
    assert_eq!(record["erased"]["notes"], 1);
    assert!(
        record["erased"]["messages"].as_u64().unwrap() >= 2,
        "{record}"
    );
    let hash = record["customer_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    assert!(!record.to_string().contains(CUSTOMER));
    assert!(!record.to_string().contains(SECRET_TEXT));

    let gone = app
        .get(&conversation_path(&conversation_key()), Some(API_TOKEN))
        .await;
    assert_eq!(gone.status(), 404);
    let everything = app.store.everything().await.unwrap();
    assert!(
        everything
            .iter()
            .all(|line| !line.contains(CUSTOMER) && !line.contains("Lipové")),
        "{everything:#?}"
    );

    // The audit log: both requests, the customer only as the same keyed hash.
    let log = app.get("/api/customers/erasures", Some(API_TOKEN)).await;
    assert_eq!(log.status(), 200);
    let log: Value = log.json().await.unwrap();
    assert_eq!(log.as_array().unwrap().len(), 2);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|r| r["customer_hash"] == hash)
    );
    assert!(!log.to_string().contains(CUSTOMER));
    let own: Value = app
        .get("/api/customers/erasures", Some(OSKAR_ADMIN_OTHER_PAGE))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own.as_array().unwrap().len(), 1, "an admin sees their own");

    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(metrics.contains("frontdesk_customer_erasures_total{channel=\"messenger\"} 2"));
    assert!(metrics.contains(
        "frontdesk_customer_data_removed_total{kind=\"conversations\",reason=\"erasure\"} 1"
    ));

    // The customer writes again: a fresh conversation.
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_again", "Dobrý den", app.clock.now())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    let fresh = app.conversation().await;
    assert!(fresh.notes.is_empty());
    assert!(fresh.messages.iter().all(|m| !m.text.contains("Lipové")));
}

#[tokio::test]
async fn requests_about_a_customer_name_a_real_channel_and_id() {
    let app = spawn_app().await;
    for path in [
        "/api/customers/fax/123".to_owned(),
        "/api/customers/messenger/a:b".to_owned(),
        format!("/api/customers/messenger/{}", "9".repeat(129)),
    ] {
        let response = app.get(&path, Some(API_TOKEN)).await;
        assert_eq!(response.status(), 400, "{path}");
    }
    assert_eq!(app.get(&customer_path(), None).await.status(), 401);
}

#[tokio::test]
async fn erasure_is_refused_without_an_audit_key() {
    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.api.token = None;
    settings.privacy.audit_key = None;
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    customer_wrote(&app).await;
    let refused = app
        .call(Method::DELETE, &customer_path(), Some(EVA_ADMIN), None)
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let error: Value = refused.json().await.unwrap();
    assert!(error["message"].as_str().unwrap().contains("audit_key"));
    assert!(
        app.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .is_some(),
        "nothing erased"
    );
}

#[tokio::test]
async fn the_console_confirms_before_erasing_and_exports_as_a_download() {
    let app = spawn_app().await;
    customer_wrote(&app).await;
    let mut jana = ConsoleClient::signed_in(&app, JANA).await;
    let page = jana
        .get(&format!("/console/c/messenger/{PAGE_ID}/{CUSTOMER}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("erase-customer-link"), "agents get no erase");
    let refused = jana
        .get(&format!("/console/customers/messenger/{CUSTOMER}/erase"))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let page = eva
        .get(&format!("/console/c/messenger/{PAGE_ID}/{CUSTOMER}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("erase-customer-link"));
    let export = eva
        .get(&format!("/console/customers/messenger/{CUSTOMER}/export"))
        .await;
    assert_eq!(export.status(), 200);
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(export.text().await.unwrap().contains(SECRET_TEXT));

    let confirm = eva
        .get(&format!("/console/customers/messenger/{CUSTOMER}/erase"))
        .await
        .text()
        .await
        .unwrap();
    assert!(confirm.contains("id=\"confirm-erase\""));
    assert!(confirm.contains("<strong>1</strong> conversations"));
    assert!(
        app.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .is_some(),
        "looking at the confirmation erases nothing"
    );
    let action = format!("/console/customers/messenger/{CUSTOMER}/erase");
    let forged = eva.post_form(&action, &[("csrf", "not-the-token")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(
        app.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .is_some()
    );
    let csrf = eva.csrf.clone();
    let done = eva.post_form(&action, &[("csrf", &csrf)]).await;
    assert_eq!(done.status(), 200);
    let done = done.text().await.unwrap();
    assert!(done.contains("id=\"erased\""));
    assert!(
        app.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn retention_forgets_resolved_conversations_past_the_page_limit_and_keeps_the_figures() {
    let app = spawn_app().await;
    let short = app
        .call(
            Method::PATCH,
            &page_path(PAGE_ID),
            Some(API_TOKEN),
            Some(json!({"retention_days": 3})),
        )
        .await;
    assert_eq!(short.status(), 422);
    let error: Value = short.json().await.unwrap();
    assert_eq!(error["field"], "retention_days");
    let set = app
        .call(
            Method::PATCH,
            &page_path(PAGE_ID),
            Some(API_TOKEN),
            Some(json!({"retention_days": 8})),
        )
        .await;
    assert!(set.status().is_success(), "{}", set.status());

    customer_wrote(&app).await;
    let resolved = app
        .call(
            Method::POST,
            &conversation_action(&conversation_key(), "resolve"),
            Some(JANA),
            None,
        )
        .await;
    assert!(resolved.status().is_success(), "{}", resolved.status());
    // A second customer's conversation stays open.
    let other = "7034819265019999";
    let mut open = text_message("m_open", "Kdy otevíráte?", app.clock.now());
    open["sender"]["id"] = json!(other);
    app.post_signed(&delivery(PAGE_ID, vec![open])).await;
    app.drain().await;
    let stats_path = format!("/api/stats?page={PAGE_ID}&from=2026-11-24&to=2026-11-24");
    let figures: Value = app
        .get(&stats_path, Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();

    let start = app.clock.now();
    app.clock.set(start + Duration::days(7));
    assert!(app.retention.round().await.unwrap().is_empty(), "not yet");
    app.clock.set(start + Duration::days(9));
    let removed = app.retention.round().await.unwrap();
    assert_eq!(removed.conversations, 1);
    assert!(
        app.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .is_none()
    );
    let open_key =
        conversation_key_of(frontdesk::domain::event::Channel::Messenger, PAGE_ID, other);
    assert!(app.store.conversation(&open_key).await.unwrap().is_some());
    let after: Value = app
        .get(&stats_path, Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after, figures, "the figures stay");
    assert!(after.to_string().contains("\"received\""), "{after}");
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(metrics.contains(
        "frontdesk_customer_data_removed_total{kind=\"conversations\",reason=\"retention\"} 1"
    ));
}
