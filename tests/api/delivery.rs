//! Replies at the platform's edges: outages of minutes, permanent errors, a rate-limited page,
//! a send that hangs. The waits between attempts are kept in the store; the fixed clock
//! stands in for the time that passes.

use std::time::Duration;

use frontdesk::domain::conversation::{DELIVERY_FAILED, Delivery, Status};
use frontdesk::settings::OutboxSettings;
use frontdesk::store::ConversationStore;
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const OTHER_PAGE_TOKEN: &str = "EAAGotherPageToken456";

fn send_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"}))
}

/// An app whose outbox keeps the production retry schedule.
async fn app_with_default_retries() -> TestApp {
    let backend = Backend::fresh_redis();
    let graph = MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.outbox = OutboxSettings {
        timeout_ms: 2_000,
        ..OutboxSettings::default()
    };
    spawn_with(settings, backend, graph, tuesday_morning()).await
}

async fn deliveries(app: &TestApp, customers: &[String]) -> Vec<Delivery> {
    let mut found = Vec::new();
    for customer in customers {
        let mut key = conversation_key();
        key.customer_id = customer.clone();
        let conversation = app.store.conversation(&key).await.unwrap().unwrap();
        let reply = conversation.messages.last().unwrap();
        found.push(reply.delivery.clone().unwrap());
    }
    found
}

#[tokio::test]
async fn a_twenty_minute_send_api_outage_loses_no_reply() {
    let app = app_with_default_retries().await;
    let down = Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(503))
        .named("the Send API is down")
        .mount_as_scoped(&app.graph)
        .await;
    let customers: Vec<String> = (0..5).map(|i| format!("70348192650{i}")).collect();
    for (i, customer) in customers.iter().enumerate() {
        let mut message = text_message(&format!("m_outage_{i}"), "Dobrý den", tuesday_morning());
        message["sender"]["id"] = json!(customer);
        app.post_signed(&delivery(PAGE_ID, vec![message])).await;
    }
    app.worker.process_pending().await.unwrap();
    let start = app.clock.now();
    let back_at = start + chrono::Duration::minutes(20);
    app.outbox.send_pending().await.unwrap();
    while let Some(due) = app.outbox.next_retry_at().await.unwrap() {
        if due >= back_at {
            break;
        }
        app.clock.set(due);
        app.outbox.send_pending().await.unwrap();
    }
    for state in deliveries(&app, &customers).await {
        assert!(
            matches!(state, Delivery::Retrying { .. }),
            "waiting, not given up: {state:?}"
        );
    }
    drop(down);
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(send_ok())
        .expect(5)
        .mount(&app.graph)
        .await;
    app.clock.set(back_at);
    app.send_all().await;
    for state in deliveries(&app, &customers).await {
        let Delivery::Sent { attempts, at, .. } = state else {
            panic!("delivered after the outage: {state:?}");
        };
        assert!(attempts > 5, "tried again and again: {attempts}");
        assert!(at >= back_at, "sent once the platform was back");
    }
    assert!(
        app.store
            .queue(PAGE_ID)
            .await
            .unwrap()
            .iter()
            .all(|c| !c.labels.contains(DELIVERY_FAILED)),
        "nothing was given up"
    );
}

#[tokio::test]
async fn a_reply_given_up_puts_its_conversation_in_front_of_a_person() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    let blocked = json!({"error": {"message": "This person isn't available right now.", "code": 551, "error_subcode": 1545041, "fbtrace_id": "A"}});
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(400).set_body_json(blocked))
        .expect(1) // permanent: not retried
        .mount(&app.graph)
        .await;
    let body = delivery(
        PAGE_ID,
        vec![text_message(
            "m_faq_blocked",
            "jak muzu zaplatit?",
            tuesday_morning(),
        )],
    );
    app.post_signed(&body).await;
    app.drain().await;
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(
        queue.len(),
        1,
        "the FAQ answer never arrived: a person must know"
    );
    let conversation = &queue[0];
    assert!(conversation.labels.contains(DELIVERY_FAILED));
    assert_eq!(conversation.status, Status::New);
    assert!(matches!(
        conversation.messages.last().unwrap().delivery,
        Some(Delivery::Failed { attempts: 1, .. })
    ));
}

#[tokio::test]
async fn a_rate_limited_page_does_not_delay_another_page() {
    let backend = Backend::fresh_redis();
    let graph = MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.outbox.backoff_max_ms = 60_000; // a platform's wait of 40 s is honoured whole
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    let mut other = example_page();
    other.id = OTHER_PAGE_ID.into();
    other.access_token = secrecy::SecretString::from(OTHER_PAGE_TOKEN.to_owned());
    app.add_page(other).await;
    let limited = json!({"error": {"message": "(#613) Calls to this api have exceeded the rate limit.", "code": 613, "fbtrace_id": "B"}});
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(query_param("access_token", PAGE_TOKEN))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "40")
                .set_body_json(limited),
        )
        .expect(1) // one try; the page's next reply waits without asking again
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(query_param("access_token", OTHER_PAGE_TOKEN))
        .respond_with(send_ok())
        .expect(2)
        .mount(&app.graph)
        .await;
    let at = tuesday_morning();
    for (page, mid, customer) in [
        (PAGE_ID, "m_limited_1", "111"),
        (OTHER_PAGE_ID, "m_free_1", "222"),
        (PAGE_ID, "m_limited_2", "333"),
        (OTHER_PAGE_ID, "m_free_2", "444"),
    ] {
        let mut message = text_message(mid, "Dobrý den", at);
        message["sender"]["id"] = json!(customer);
        message["recipient"]["id"] = json!(page);
        app.post_signed(&delivery(page, vec![message])).await;
        // One at a time, so the rate limit is known before the page's second reply.
        app.worker.process_pending().await.unwrap();
        app.outbox.send_pending().await.unwrap();
    }
    let state = |page: &str, customer: &str| {
        let key = frontdesk::domain::event::ConversationKey {
            channel: frontdesk::domain::event::Channel::Messenger,
            page_id: page.into(),
            customer_id: customer.into(),
        };
        let store = app.store.clone();
        async move {
            let conversation = store.conversation(&key).await.unwrap().unwrap();
            conversation
                .messages
                .last()
                .unwrap()
                .delivery
                .clone()
                .unwrap()
        }
    };
    assert!(matches!(
        state(OTHER_PAGE_ID, "222").await,
        Delivery::Sent { .. }
    ));
    assert!(matches!(
        state(OTHER_PAGE_ID, "444").await,
        Delivery::Sent { .. }
    ));
    let Delivery::Retrying {
        next_attempt_at, ..
    } = state(PAGE_ID, "111").await
    else {
        panic!("the limited page's reply waits");
    };
    assert_eq!(
        next_attempt_at,
        at + chrono::Duration::seconds(40),
        "as the platform asked"
    );
    assert!(
        matches!(
            state(PAGE_ID, "333").await,
            Delivery::Retrying { attempts: 0, .. }
        ),
        "the page's next reply waits too, without an attempt"
    );
}

#[tokio::test]
async fn a_send_that_hangs_holds_up_no_other_reply() {
    let backend = Backend::fresh_redis();
    let graph = MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.outbox.timeout_ms = 60_000;
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(body_partial_json(json!({"recipient": {"id": "slow"}})))
        .respond_with(send_ok().set_delay(Duration::from_secs(45)))
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(send_ok())
        .mount(&app.graph)
        .await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let sender = tokio::spawn(app.outbox.clone().run(shutdown.clone()));
    let post = |mid: &'static str, customer: &'static str| {
        let mut message = text_message(mid, "Dobrý den", tuesday_morning());
        message["sender"]["id"] = json!(customer);
        delivery(PAGE_ID, vec![message])
    };
    app.post_signed(&post("m_slow", "slow")).await;
    app.worker.process_pending().await.unwrap();
    // The slow send is under way...
    for _ in 0..200 {
        if !app.graph.received_requests().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    // ...when two more customers write.
    app.post_signed(&post("m_fast_1", "fast1")).await;
    app.post_signed(&post("m_fast_2", "fast2")).await;
    app.worker.process_pending().await.unwrap();
    let customers = ["fast1".to_owned(), "fast2".to_owned()];
    let mut both_sent = false;
    for _ in 0..400 {
        let states = deliveries(&app, &customers).await;
        if states.iter().all(|s| matches!(s, Delivery::Sent { .. })) {
            both_sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(both_sent, "the other replies went out while one send hung");
    let slow = deliveries(&app, &["slow".to_owned()]).await;
    assert_eq!(
        slow,
        [Delivery::Pending],
        "the hanging send is still under way"
    );
    shutdown.cancel();
    sender.abort();
}

#[tokio::test]
async fn a_refused_connection_is_named_in_the_delivery_error_without_the_token() {
    let backend = Backend::fresh_redis();
    let graph = MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    // A port nobody listens on: every send is refused.
    let refusing = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    settings.messenger.graph_api_base = format!("http://{refusing}/v25.0");
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_refused", "Dobrý den", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.drain().await;
    let conversation = app.conversation().await;
    let Some(Delivery::Failed { error, .. }) =
        conversation.messages.last().unwrap().delivery.clone()
    else {
        panic!("given up: {conversation:?}");
    };
    assert!(
        error.starts_with("network: error sending request") && error.contains("Connection refused"),
        "the cause is named: {error}"
    );
    assert!(!error.contains(PAGE_TOKEN), "{error}");
    assert!(!error.contains("access_token"), "{error}");
    assert!(!error.contains("http://"), "{error}");
}
