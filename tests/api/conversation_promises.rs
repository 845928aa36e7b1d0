//! The promises of issue 11 about conversations: no customer message is lost, a question asked
//! again reaches a person, the bot never talks over a person answering outside frontdesk,
//! replies speak the conversation's language, and public comments always reach a person.

use frontdesk::domain::conversation::{Author, Status};
use frontdesk::domain::policy::Reason;
use frontdesk::store::ConversationStore;
use serde_json::json;

use crate::helpers::*;

async fn post(app: &TestApp, events: Vec<serde_json::Value>) {
    let response = app.post_signed(&delivery(PAGE_ID, events)).await;
    assert_eq!(response.status(), 200);
    app.drain().await;
}

fn customer_messages(conversation: &frontdesk::domain::conversation::Conversation) -> usize {
    conversation
        .messages
        .iter()
        .filter(|m| m.author == Author::Customer)
        .count()
}

/// An echo of a message the page sent to the customer, by the app `app_id` (none: the Page
/// inbox).
fn echo(mid: &str, text: &str, app_id: Option<&str>) -> serde_json::Value {
    let mut message = json!({"mid": mid, "is_echo": true, "text": text});
    if let Some(app_id) = app_id {
        message["app_id"] = json!(app_id.parse::<u64>().unwrap());
    }
    json!({
        "sender": {"id": PAGE_ID},
        "recipient": {"id": CUSTOMER},
        "timestamp": tuesday_morning().timestamp_millis(),
        "message": message
    })
}

#[tokio::test]
async fn a_question_asked_again_after_its_answer_is_kept_and_goes_to_a_person() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    let question = "kolik stoji doprava do brna?";
    post(
        &app,
        vec![text_message("m_q1", question, tuesday_morning())],
    )
    .await;
    assert!(app.store.queue(PAGE_ID).await.unwrap().is_empty());
    assert_eq!(app.sent_texts().await.len(), 1, "the FAQ answer");

    post(
        &app,
        vec![text_message("m_q2", question, tuesday_morning())],
    )
    .await;
    let conversation = app.conversation().await;
    assert_eq!(customer_messages(&conversation), 2, "the repeat is kept");
    let repeat = conversation
        .messages
        .iter()
        .find(|m| m.id == "m_q2")
        .expect("the repeated question is stored");
    let decision = repeat.decision.as_ref().expect("with its decision");
    assert!(decision.escalate);
    assert!(
        decision
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::AskedAgain { entry } if entry == "delivery")),
        "{:?}",
        decision.reasons
    );
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 1, "a person sees it");
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(
        sent[1].contains("odpoví co nejdříve"),
        "the customer is told a person will answer: {sent:?}"
    );
}

#[tokio::test]
async fn a_person_answering_in_the_page_inbox_holds_the_conversation_until_released() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    post(
        &app,
        vec![text_message("m_1", "Kde je můj balík?", tuesday_morning())],
    )
    .await;
    assert_eq!(app.sent_texts().await.len(), 1, "the acknowledgement");
    // A person answers in Meta's Page inbox (an echo without our app).
    post(&app, vec![echo("m_inbox", "Posíláme ho dnes.", None)]).await;
    let conversation = app.conversation().await;
    assert_eq!(conversation.assignee.as_deref(), Some("outside:messenger"));
    assert_eq!(conversation.status, Status::WaitingOnCustomer);
    let kept = conversation
        .messages
        .iter()
        .find(|m| m.id == "m_inbox")
        .expect("the page's message is kept");
    assert_eq!(kept.author, Author::Staff);
    assert_eq!(kept.by.as_deref(), Some("outside:messenger"));

    // The customer's next message gets no FAQ answer: the person has it.
    post(
        &app,
        vec![text_message("m_2", "jak muzu zaplatit?", tuesday_morning())],
    )
    .await;
    assert_eq!(app.sent_texts().await.len(), 1, "the bot stays silent");
    let conversation = app.conversation().await;
    assert_eq!(customer_messages(&conversation), 2);
    assert_eq!(conversation.status, Status::Assigned);

    // Released: the bot answers again.
    let url = conversation_action(&conversation_key(), "release");
    let released = app.post_json(&url, API_TOKEN, json!({})).await;
    assert!(released.status().is_success(), "{}", released.status());
    post(
        &app,
        vec![text_message("m_3", "jak muzu zaplatit?", tuesday_morning())],
    )
    .await;
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[1].starts_with("Platit můžete"), "{sent:?}");
}

#[tokio::test]
async fn echoes_of_our_own_messages_and_of_other_apps_are_told_apart() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    // Our own reply's echo changes nothing.
    post(&app, vec![echo("m_ours", "Platit můžete…", Some(APP_ID))]).await;
    post(
        &app,
        vec![text_message("m_1", "jak muzu zaplatit?", tuesday_morning())],
    )
    .await;
    assert_eq!(app.sent_texts().await.len(), 1, "answered");
    // Another app (a helpdesk tool) answering holds it.
    post(&app, vec![echo("m_tool", "Dobrý den…", Some("111222333"))]).await;
    post(
        &app,
        vec![text_message(
            "m_2",
            "kolik stoji doprava?",
            tuesday_morning(),
        )],
    )
    .await;
    assert_eq!(app.sent_texts().await.len(), 1, "silent while held");
    let conversation = app.conversation().await;
    assert_eq!(conversation.assignee.as_deref(), Some("outside:messenger"));
    assert_eq!(
        app.store.queue(PAGE_ID).await.unwrap().len(),
        1,
        "the customer's message waits for a person"
    );
}

#[tokio::test]
async fn a_comment_answered_privately_by_the_faq_still_reaches_a_person() {
    let app = spawn_app().await;
    let mut page = example_page_with_faq();
    page.comment_private_reply = true;
    app.add_page(page).await;
    app.accept_sends().await;
    let comment = include_str!("../../webhooks/messenger_feed_comment.json")
        .replace("1732365298", &tuesday_morning().timestamp().to_string())
        .replace(
            "Does this come in blue? Ordered last week and still waiting",
            "kolik stoji doprava do brna?",
        );
    let response = app.post_signed(comment.as_bytes()).await;
    assert_eq!(response.status(), 200);
    app.drain().await;
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].starts_with("Objednávky doručujeme"), "{sent:?}");
    let queue = app.store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 1, "a public comment needs a person's eye");
    assert_eq!(queue[0].key.customer_id, "8120034455667788");
}

#[tokio::test]
async fn an_unrecognised_word_is_answered_in_the_pages_language() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    post(&app, vec![text_message("m_ok", "ok", tuesday_morning())]).await;
    let sent = app.sent_texts().await;
    assert_eq!(
        sent,
        ["Dobrý den, děkujeme za zprávu. Kolegyně nebo kolega vám odpoví co nejdříve."]
    );
}

#[tokio::test]
async fn thanks_after_a_reply_get_no_acknowledgement_and_reopen_nothing() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    post(
        &app,
        vec![text_message("m_1", "jak muzu zaplatit?", tuesday_morning())],
    )
    .await;
    assert_eq!(app.sent_texts().await.len(), 1);
    for (mid, text) in [("m_2", "Super, díky moc."), ("m_3", "👍"), ("m_4", "ok")] {
        post(&app, vec![text_message(mid, text, tuesday_morning())]).await;
    }
    assert_eq!(
        app.sent_texts().await.len(),
        1,
        "{:?}",
        app.sent_texts().await
    );
    assert!(app.store.queue(PAGE_ID).await.unwrap().is_empty());
    let conversation = app.conversation().await;
    assert_eq!(customer_messages(&conversation), 4, "every message is kept");
    assert_eq!(conversation.unanswered, 1, "thanks are not work");
}

async fn post_x(app: &TestApp, body: Vec<u8>) {
    let response = app.post_x(&body, Some(&sign_x(&body))).await;
    assert_eq!(response.status(), 200);
    app.drain().await;
}

async fn sends(app: &TestApp) -> usize {
    app.graph
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count()
}

#[tokio::test]
async fn a_dm_sent_from_the_x_account_outside_frontdesk_holds_the_conversation() {
    let app = spawn_app_on(Backend::fresh_redis(), tuesday_morning()).await;
    app.add_page(example_x_page()).await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(
            wiremock::ResponseTemplate::new(201)
                .set_body_json(json!({"data": {"dm_conversation_id": "1-2", "dm_event_id": "99"}})),
        )
        .mount(&app.graph)
        .await;
    post_x(
        &app,
        x_dms(&[("dm_1", "Where is my order?")], tuesday_morning()),
    )
    .await;
    assert_eq!(sends(&app).await, 1, "the automatic reply");
    // The account's owner answers from X itself (another app than frontdesk's).
    let echo = include_str!("../../webhooks/x_dm_event_own_echo.json")
        .replace("29401847", "77777777")
        .replace(
            "1732365066551",
            &tuesday_morning().timestamp_millis().to_string(),
        );
    post_x(&app, echo.into_bytes()).await;
    post_x(
        &app,
        x_dms(&[("dm_2", "And when will it come?")], tuesday_morning()),
    )
    .await;
    assert_eq!(sends(&app).await, 1, "the bot stays silent");
    let key = frontdesk::domain::event::ConversationKey {
        channel: frontdesk::domain::event::Channel::X,
        page_id: X_ACCOUNT.into(),
        customer_id: X_CUSTOMER.into(),
    };
    let conversation = app.store.conversation(&key).await.unwrap().expect("kept");
    assert_eq!(conversation.assignee.as_deref(), Some("outside:x"));
    assert_eq!(customer_messages(&conversation), 2);
    assert!(
        conversation
            .messages
            .iter()
            .any(|m| m.author == Author::Staff && m.by.as_deref() == Some("outside:x"))
    );
}
