//! FAQ answers on the live path: what is sent, what reaches a person, and that a changed FAQ
//! is live without a restart.

use frontdesk::domain::conversation::Author;
use frontdesk::domain::event::Channel;
use frontdesk::domain::policy::{Priority, TALK_TO_PERSON};
use frontdesk::store::ConversationStore;
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

#[tokio::test]
async fn a_confident_answer_is_sent_with_a_button_and_needs_no_person() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(body_partial_json(json!({"message": {"quick_replies": [
            {"content_type": "text", "title": "Mluvit s člověkem", "payload": TALK_TO_PERSON}
        ]}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"})))
        .expect(1)
        .mount(&app.graph)
        .await;
    let body = delivery(
        PAGE_ID,
        vec![text_message(
            "m_faq",
            "jak muzu zaplatit?",
            tuesday_morning(),
        )],
    );
    app.post_signed(&body).await;
    app.drain().await;
    let sent = app.sent_texts().await;
    assert!(
        sent[0].starts_with("Platit můžete kartou online"),
        "{sent:?}"
    );
    assert!(
        app.store.queue(PAGE_ID).await.unwrap().is_empty(),
        "answered, not queued"
    );
    let conversation = app.conversation().await;
    assert_eq!(conversation.messages.len(), 2, "the exchange is kept");
    let url = conversation_path(&conversation_key());
    let shown: serde_json::Value = app.get(&url, Some(API_TOKEN)).await.json().await.unwrap();
    assert_eq!(shown["messages"][1]["author"], "bot");
    assert_eq!(
        shown["messages"][0]["decision"]["reasons"][0]["match"]["verdict"]["verdict"],
        "answer"
    );
    assert_eq!(app.get(&url, None).await.status(), 401);
    let missing = conversation_path(&conversation_key_of(Channel::Messenger, PAGE_ID, "1"));
    assert_eq!(app.get(&missing, Some(API_TOKEN)).await.status(), 404);
    let malformed = app.get("/api/conversations/fax/1/2", Some(API_TOKEN)).await;
    assert_eq!(malformed.status(), 400);
    let error: serde_json::Value = malformed.json().await.unwrap();
    assert_eq!(error["code"], "bad_request");

    // The button reaches a person.
    let mut tap = text_message("m_tap", "Mluvit s člověkem", tuesday_morning());
    tap["message"]["quick_reply"] = json!({"payload": TALK_TO_PERSON});
    app.post_signed(&delivery(PAGE_ID, vec![tap])).await;
    app.drain().await;
    assert_eq!(app.store.queue(PAGE_ID).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_angry_complaint_goes_to_the_front_of_the_queue() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    let mut calm = text_message("m_calm", "chci zrusit objednavku", tuesday_morning());
    calm["sender"]["id"] = "6619027734458810".into();
    let angry = text_message(
        "m_angry",
        "jste podvodnici, kde je moje objednavka?!!!",
        tuesday_morning(),
    );
    app.post_signed(&delivery(PAGE_ID, vec![calm, angry])).await;
    app.drain().await;
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 2);
    assert_eq!(queue[0].key.customer_id, CUSTOMER);
    assert_eq!(queue[0].priority, Priority::High);
    let reply = &queue[0].messages[1];
    assert_eq!(reply.author, Author::Bot);
    assert!(
        reply.text.contains("odpoví co nejdříve"),
        "still told that a person answers: {}",
        reply.text
    );
}

#[tokio::test]
async fn a_changed_faq_is_live_without_a_restart() {
    let app = spawn_app().await;
    app.accept_sends().await;
    let question = |mid: &str| {
        delivery(
            PAGE_ID,
            vec![text_message(mid, "jak muzu zaplatit?", tuesday_morning())],
        )
    };
    app.post_signed(&question("m_before")).await;
    app.drain().await;
    // The page has no FAQ yet: an acknowledgement.
    assert!(app.sent_texts().await[0].contains("odpoví co nejdříve"));

    app.add_page(example_page_with_faq()).await;
    let mut other = text_message("m_after", "jak muzu zaplatit?", tuesday_morning());
    other["sender"]["id"] = "6619027734458810".into();
    app.post_signed(&delivery(PAGE_ID, vec![other])).await;
    app.drain().await;
    let sent = app.sent_texts().await;
    assert!(sent[1].starts_with("Platit můžete"), "{sent:?}");
}

#[tokio::test]
async fn phishing_gets_no_answer_and_waits_behind_customers_labelled_spam() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    // The phishing arrives first, a customer's question for a person a minute later.
    let phishing = text_message(
        "m_phish",
        "Vaše zásilka je zadržena. Zaplaťte poplatek 1,99 Kč do 24 hodin, jinak bude vrácena: https://zasilka-doplatek.example/pay",
        tuesday_morning(),
    );
    let mut customer = text_message(
        "m_customer",
        "chci zrusit objednavku",
        tuesday_morning() + chrono::Duration::minutes(1),
    );
    customer["sender"]["id"] = "6619027734458810".into();
    app.post_signed(&delivery(PAGE_ID, vec![phishing])).await;
    app.drain().await;
    app.post_signed(&delivery(PAGE_ID, vec![customer])).await;
    app.drain().await;

    let spam = app.conversation().await;
    assert_eq!(
        spam.messages.len(),
        1,
        "no reply of any kind: {:?}",
        spam.messages
    );
    assert_eq!(spam.priority, Priority::Low);
    assert!(spam.labels.contains("spam"), "{:?}", spam.labels);
    let decision = spam.messages[0].decision.as_ref().expect("a decision");
    assert!(decision.reply.is_none());
    assert!(
        app.sent_texts().await.iter().all(|t| !t.contains("zásilk")),
        "no delivery answer"
    );

    // The queue in priority order (the API's default): the customer first, then the spam.
    let queue: serde_json::Value = app
        .get(
            &format!("/api/queue?page={PAGE_ID}&order=priority"),
            Some(API_TOKEN),
        )
        .await
        .json()
        .await
        .unwrap();
    let listed: Vec<(&str, &str)> = queue["conversations"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| {
            (
                c["customer_id"].as_str().unwrap_or_default(),
                c["priority"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("6619027734458810", "normal"), (CUSTOMER, "low")],
        "{queue}"
    );
}
