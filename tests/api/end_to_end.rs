//! From a signed webhook to the Send API and the human queue, on real Redis.

use frontdesk::domain::conversation::{Author, Delivery};
use frontdesk::domain::page::PageFile;
use frontdesk::store::ConversationStore;
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

fn send_api_ok() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"recipient_id": CUSTOMER, "message_id": "m_sent_1"}))
}

async fn expect_sends(app: &TestApp, n: u64) {
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(query_param("access_token", PAGE_TOKEN))
        .and(body_partial_json(
            json!({"recipient": {"id": CUSTOMER}, "messaging_type": "RESPONSE"}),
        ))
        .respond_with(send_api_ok())
        .expect(n)
        .mount(&app.graph)
        .await;
}

#[tokio::test]
async fn a_message_in_office_hours_gets_one_acknowledgement_and_one_queue_entry() {
    let app = spawn_app().await;
    expect_sends(&app, 1).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message(
            "m_hours",
            "Kde je můj balík?",
            tuesday_morning(),
        )],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;

    let sent = app.sent_texts().await;
    assert_eq!(
        sent,
        ["Dobrý den, děkujeme za zprávu. Kolegyně nebo kolega vám odpoví co nejdříve."]
    );
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 1);
    let conversation = &queue[0];
    assert_eq!(conversation.key, conversation_key());
    assert_eq!(conversation.messages.len(), 2);
    assert_eq!(conversation.messages[0].author, Author::Customer);
    assert_eq!(conversation.messages[0].text, "Kde je můj balík?");
    assert!(matches!(
        conversation.messages[1].delivery,
        Some(Delivery::Sent { attempts: 1, ref platform_message_id, .. }) if platform_message_id.as_deref() == Some("m_sent_1")
    ));
}

#[tokio::test]
async fn a_message_at_night_names_the_next_opening() {
    let app = spawn_app_on(Backend::fresh_redis(), friday_night()).await;
    expect_sends(&app, 1).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_night", "Haló?", friday_night())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    assert_eq!(
        app.sent_texts().await,
        ["Dobrý den, děkujeme za zprávu. Teď máme zavřeno, odpovíme vám v pondělí v 9:00."]
    );
    assert_eq!(app.store.queue(PAGE_ID).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_redelivered_batch_sends_nothing_new() {
    let app = spawn_app().await;
    expect_sends(&app, 1).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_again", "Dobrý den", tuesday_morning())],
    );
    // Meta retries: twice before we process anything, once after.
    assert_eq!(app.post_signed(&body).await.status(), 200);
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    assert_eq!(app.sent_texts().await.len(), 1);
    assert_eq!(
        app.conversation().await.messages.len(),
        2,
        "one customer message, one reply"
    );
}

#[tokio::test]
async fn redeliveries_are_answered_once_across_instances() {
    let first = spawn_app().await;
    expect_sends(&first, 1).await;
    let second = spawn_with(
        test_settings(&first.backend, &first.graph),
        first.backend.clone(),
        wiremock::MockServer::start().await,
        tuesday_morning(),
    )
    .await;
    let body = delivery(
        PAGE_ID,
        vec![text_message(
            "m_two_instances",
            "Dobrý den",
            tuesday_morning(),
        )],
    );
    assert_eq!(first.post_signed(&body).await.status(), 200);
    assert_eq!(second.post_signed(&body).await.status(), 200);
    // Both instances work on the shared queue at once.
    let (a, b) = tokio::join!(
        first.worker.process_pending(),
        second.worker.process_pending()
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2, "both recordings are processed");
    first.outbox.send_pending().await.unwrap();
    second.outbox.send_pending().await.unwrap();
    assert_eq!(first.sent_texts().await.len(), 1);
}

#[tokio::test]
async fn an_echo_sends_nothing() {
    let app = spawn_app().await;
    expect_sends(&app, 0).await;
    let body = include_bytes!("../../webhooks/messenger_echo.json");
    assert_eq!(app.post_signed(body).await.status(), 200);
    app.drain().await;
    assert!(app.store.queue(PAGE_ID).await.unwrap().is_empty());
}

#[tokio::test]
async fn five_messages_in_a_row_get_one_acknowledgement() {
    let app = spawn_app().await;
    expect_sends(&app, 1).await;
    let events = (1..=5)
        .map(|i| {
            text_message(
                &format!("m_row_{i}"),
                &format!("zpráva {i}"),
                tuesday_morning(),
            )
        })
        .collect();
    assert_eq!(
        app.post_signed(&delivery(PAGE_ID, events)).await.status(),
        200
    );
    app.drain().await;
    // And two more deliveries later on, while the first acknowledgement is recent.
    for i in 6..=7 {
        let body = delivery(
            PAGE_ID,
            vec![text_message(&format!("m_row_{i}"), "?", tuesday_morning())],
        );
        app.post_signed(&body).await;
    }
    app.drain().await;
    assert_eq!(app.sent_texts().await.len(), 1);
    let conversation = app.conversation().await;
    let from_customer = conversation
        .messages
        .iter()
        .filter(|m| m.author == Author::Customer)
        .count();
    assert_eq!(from_customer, 7, "every message reaches the queue");
    assert_eq!(
        app.store.queue(PAGE_ID).await.unwrap().len(),
        1,
        "in one conversation"
    );
    assert_eq!(
        app.conversation().await.priority,
        frontdesk::domain::policy::Priority::High,
        "a customer who keeps writing moves up"
    );
}

#[tokio::test]
async fn a_500_then_200_ends_in_exactly_one_delivered_reply() {
    let app = spawn_app().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&app.graph)
        .await;
    expect_sends(&app, 1).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_flaky", "Dobrý den", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.drain().await;
    let reply = app.conversation().await.messages.pop().unwrap();
    assert!(
        matches!(reply.delivery, Some(Delivery::Sent { attempts: 2, .. })),
        "{reply:?}"
    );
}

#[tokio::test]
async fn a_reply_that_finally_fails_is_recorded_and_visible() {
    let app = spawn_app().await;
    let blocked = json!({"error": {"message": "This person isn't available right now.", "code": 551, "error_subcode": 1545041, "fbtrace_id": "A"}});
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(400).set_body_json(blocked))
        .expect(1) // terminal: not retried
        .mount(&app.graph)
        .await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_blocked", "Dobrý den", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.drain().await;
    let queue: serde_json::Value = app
        .get(&format!("/api/queue?page={PAGE_ID}"), Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    let reply = &queue["conversations"][0]["messages"][1];
    assert_eq!(reply["delivery"]["state"], "failed");
    assert_eq!(
        reply["delivery"]["error"],
        "graph error 551/1545041: This person isn't available right now."
    );
}

#[tokio::test]
async fn a_batch_for_two_pages_answers_each_with_its_own_token_and_language() {
    let app = spawn_app().await;
    let english =
        PageFile::from_toml(include_str!("../../responses/pages/example-en.toml")).unwrap();
    app.add_page(english).await;
    expect_sends(&app, 1).await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(query_param(
            "access_token",
            "EAAGm0PX4ZCpsBAKZB0dExampleOtherToken456",
        ))
        .and(body_partial_json(
            json!({"recipient": {"id": "6619027734458810"}}),
        ))
        .respond_with(send_api_ok())
        .expect(1)
        .mount(&app.graph)
        .await;
    // The shipped sample, re-timed to now so it is not stale.
    let sample = include_str!("../../webhooks/messenger_batch_two_entries.json")
        .replace(
            "1732365103650",
            &tuesday_morning().timestamp_millis().to_string(),
        )
        .replace(
            "1732365102977",
            &tuesday_morning().timestamp_millis().to_string(),
        );
    assert_eq!(app.post_signed(sample.as_bytes()).await.status(), 200);
    app.drain().await;
    // "Track my order" is English: the Czech page answers it in English, like the English
    // page answers its image.
    let sent = app.sent_texts().await;
    assert_eq!(
        sent,
        ["Hello, thanks for your message. A colleague will answer you shortly."; 2]
    );
}

#[tokio::test]
async fn a_days_old_message_reaches_a_person_without_an_automatic_reply() {
    let app = spawn_app().await;
    expect_sends(&app, 0).await;
    let three_days_ago = tuesday_morning() - chrono::Duration::days(3);
    let body = delivery(PAGE_ID, vec![text_message("m_old", "Halo", three_days_ago)]);
    app.post_signed(&body).await;
    app.drain().await;
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].messages.len(), 1);
}

#[tokio::test]
async fn a_comment_gets_one_private_reply_where_the_page_enables_it_and_reaches_a_person() {
    let app = spawn_app().await;
    let comment = include_str!("../../webhooks/messenger_feed_comment.json")
        .replace("1732365298", &tuesday_morning().timestamp().to_string());
    let post = |body: String| {
        let app = &app;
        async move {
            let response = app.post_signed(body.as_bytes()).await;
            assert_eq!(response.status(), 200);
            app.drain().await;
        }
    };
    // Private replies off (the default): queued for a person, nothing sent.
    post(comment.clone()).await;
    assert!(app.sent_texts().await.is_empty());
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].key.customer_id, "8120034455667788");
    assert!(
        queue[0].messages[0]
            .text
            .starts_with("[comment] Does this come in blue?")
    );

    // On: one private reply to the comment, through the Send API's comment_id.
    let mut page = example_page();
    page.comment_private_reply = true;
    app.add_page(page).await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(body_partial_json(json!({
            "recipient": {"comment_id": "122171234567890123_1098765432109877"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_pr"})))
        .expect(1)
        .mount(&app.graph)
        .await;
    let second = comment.replace("1098765432109876", "1098765432109877");
    post(second.clone()).await;
    post(second).await; // a redelivery: still one reply
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].contains("A colleague will answer you shortly"),
        "the acknowledgement, in the comment's language: {sent:?}"
    );
    // The page's own comments never get one.
    post(comment.replace("8120034455667788", PAGE_ID)).await;
    assert_eq!(app.sent_texts().await.len(), 1);
}
