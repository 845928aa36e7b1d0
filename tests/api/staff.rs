//! The staff side: who sees what, claiming, the bot stepping back, and replies through the
//! customer's channel inside the platform's windows.

use chrono::Duration;
use frontdesk::domain::conversation::Status;
use frontdesk::domain::event::Channel;
use frontdesk::store::ConversationStore;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

async fn with_one_conversation() -> TestApp {
    let app = spawn_app().await;
    app.accept_sends().await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_s1", "Dobrý den", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.drain().await;
    app
}

#[tokio::test]
async fn a_token_never_sees_another_pages_conversations() {
    let app = with_one_conversation().await;
    let queue = format!("/api/queue?page={PAGE_ID}");
    assert_eq!(app.get(&queue, Some(JANA)).await.status(), 200);
    assert_eq!(app.get(&queue, Some(OLGA_OTHER_PAGE)).await.status(), 404);
    assert_eq!(
        app.get(
            &conversation_path(&conversation_key()),
            Some(OLGA_OTHER_PAGE)
        )
        .await
        .status(),
        404
    );
    for action in ["claim", "release", "resolve", "reopen"] {
        let response = app
            .post_json(
                &format!("{}/{action}", conversation_path(&conversation_key())),
                OLGA_OTHER_PAGE,
                json!({}),
            )
            .await;
        assert_eq!(response.status(), 404, "{action}");
    }
    let reply = app
        .post_json(
            &format!("{}/reply", conversation_path(&conversation_key())),
            OLGA_OTHER_PAGE,
            json!({"text": "hi"}),
        )
        .await;
    assert_eq!(reply.status(), 404);
    // Olga's own queue (all her pages) does not show page A's conversation.
    let mine: Value = app
        .get("/api/queue", Some(OLGA_OTHER_PAGE))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["conversations"], json!([]));
    let janas: Value = app
        .get("/api/queue", Some(JANA))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(janas["conversations"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        app.get(&conversation_path(&conversation_key()), None)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn two_claims_at_once_exactly_one_wins() {
    let app = with_one_conversation().await;
    let claim_path = format!("{}/claim", conversation_path(&conversation_key()));
    let release_path = format!("{}/release", conversation_path(&conversation_key()));
    for round in 0..20 {
        let (a, b) = tokio::join!(
            app.post_json(&claim_path, JANA, json!({})),
            app.post_json(&claim_path, PETR, json!({}))
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}");
        assert_eq!(
            app.post_json(&release_path, JANA, json!({})).await.status(),
            200
        );
    }
    let held: Value = app
        .post_json(&claim_path, PETR, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held["assignee"], "Petr");
    let refused: Value = app
        .post_json(&claim_path, JANA, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refused["code"], "conflict");
    assert_eq!(refused["message"], "the conversation is held by Petr");
}

#[tokio::test]
async fn the_bot_steps_back_while_a_person_holds_the_conversation() {
    let app = with_one_conversation().await;
    assert_eq!(app.sent_texts().await.len(), 1, "the first acknowledgement");
    app.post_json(
        &format!("{}/claim", conversation_path(&conversation_key())),
        JANA,
        json!({}),
    )
    .await;
    let again = delivery(
        PAGE_ID,
        vec![text_message(
            "m_s2",
            "haló, jak můžu zaplatit?",
            tuesday_morning(),
        )],
    );
    app.post_signed(&again).await;
    app.drain().await;
    assert_eq!(
        app.sent_texts().await.len(),
        1,
        "no automatic message while Jana has it"
    );
    let conversation = app.conversation().await;
    assert_eq!(conversation.messages.len(), 3, "the message reaches Jana");
    let second = conversation
        .messages
        .iter()
        .find(|m| m.id == "m_s2")
        .unwrap();
    assert_eq!(
        second.decision.as_ref().unwrap().reasons[0],
        frontdesk::domain::policy::Reason::PersonHandling { by: "Jana".into() }
    );
}

#[tokio::test]
async fn replies_respect_messengers_windows_and_are_signed() {
    let app = with_one_conversation().await;
    let reply_path = format!("{}/reply", conversation_path(&conversation_key()));
    let sent_with = |messaging_type: &'static str, tag: Option<&'static str>| {
        let mut body = json!({"messaging_type": messaging_type, "message": {"text": "Balík je na cestě.\n— Jana"}});
        if let Some(tag) = tag {
            body["tag"] = tag.into();
        }
        Mock::given(method("POST"))
            .and(path("/me/messages"))
            .and(body_partial_json(body))
    };
    sent_with("RESPONSE", None)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_1h"})))
        .expect(1)
        .with_priority(1)
        .mount(&app.graph)
        .await;
    sent_with("MESSAGE_TAG", Some("HUMAN_AGENT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_30h"})))
        .expect(1)
        .with_priority(1)
        .mount(&app.graph)
        .await;

    app.clock.set(tuesday_morning() + Duration::hours(1));
    let one_hour = app
        .post_json(&reply_path, JANA, json!({"text": "Balík je na cestě."}))
        .await;
    assert_eq!(one_hour.status(), 202);
    app.drain().await;
    assert_eq!(app.conversation().await.status, Status::WaitingOnCustomer);

    app.clock.set(tuesday_morning() + Duration::hours(30));
    let thirty_hours: Value = app
        .post_json(&reply_path, JANA, json!({"text": "Balík je na cestě."}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(thirty_hours["human_agent"], true);
    app.drain().await;

    app.clock.set(tuesday_morning() + Duration::days(8));
    let eight_days = app
        .post_json(&reply_path, JANA, json!({"text": "Balík je na cestě."}))
        .await;
    assert_eq!(eight_days.status(), 422);
    let error: Value = eight_days.json().await.unwrap();
    assert_eq!(error["code"], "window_closed");

    let conversation = app.conversation().await;
    let staff: Vec<_> = conversation
        .messages
        .iter()
        .filter(|m| m.by.as_deref() == Some("Jana"))
        .collect();
    assert_eq!(staff.len(), 2, "the refused reply is not recorded");
    assert_eq!(
        conversation.assignee.as_deref(),
        Some("Jana"),
        "answering takes the conversation"
    );
}

#[tokio::test]
async fn notes_labels_resolve_and_reopen() {
    let app = with_one_conversation().await;
    let base = conversation_path(&conversation_key());
    let note = app
        .post_json(
            &format!("{base}/notes"),
            JANA,
            json!({"text": "Stálá zákaznice"}),
        )
        .await;
    assert_eq!(note.status(), 201);
    let labelled: Value = app
        .post_json(
            &format!("{base}/labels"),
            JANA,
            json!({"add": ["vip", "reklamace"], "remove": []}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(labelled["labels"], json!(["reklamace", "vip"]));
    let filtered: Value = app
        .get(&format!("/api/queue?page={PAGE_ID}&label=vip"), Some(JANA))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["conversations"].as_array().map(Vec::len), Some(1));
    let none: Value = app
        .get(
            &format!("/api/queue?page={PAGE_ID}&status=assigned"),
            Some(JANA),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["conversations"], json!([]));

    let assigned: Value = app
        .post_json(&format!("{base}/assign"), JANA, json!({"to": "Petr"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (assigned["assignee"].as_str(), assigned["status"].as_str()),
        (Some("Petr"), Some("assigned"))
    );
    let resolved: Value = app
        .post_json(&format!("{base}/resolve"), PETR, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resolved["status"], "resolved");
    assert!(app.store.queue(PAGE_ID).await.unwrap().is_empty());
    let reopened: Value = app
        .post_json(&format!("{base}/reopen"), PETR, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened["status"], "new");
    assert_eq!(
        reopened["notes"][0]["text"], "Stálá zákaznice",
        "notes stay with the customer"
    );
    let bad = app
        .post_json(&format!("{base}/notes"), JANA, json!({"txt": "typo"}))
        .await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_queue_shows_due_times_in_working_hours_and_closing_windows() {
    let app = spawn_app_on(Backend::fresh_redis(), friday_night()).await;
    let mut page = example_page();
    page.first_response_minutes = Some(30);
    app.add_page(page).await;
    app.accept_sends().await;
    app.post_signed(&delivery(
        PAGE_ID,
        vec![text_message("m_due", "Haló", friday_night())],
    ))
    .await;
    app.drain().await;
    let queue_path = format!("/api/queue?page={PAGE_ID}");

    // Saturday evening, 22 hours later: not due yet (due Monday 9:30), the 24-hour window
    // closes within two hours.
    app.clock.set(friday_night() + Duration::hours(22));
    let queue: Value = app.get(&queue_path, Some(JANA)).await.json().await.unwrap();
    let listed = &queue["conversations"][0];
    assert_eq!(listed["first_response_due"], "2026-11-30T08:30:00Z");
    assert_eq!(listed["overdue"], false);
    assert_eq!(listed["window_closing"], true);

    // Monday 10:00 in Prague: overdue; the 7-day window for a person's reply is open.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z")
            .unwrap()
            .into(),
    );
    let queue: Value = app
        .get(&format!("{queue_path}&order=window"), Some(JANA))
        .await
        .json()
        .await
        .unwrap();
    let listed = &queue["conversations"][0];
    assert_eq!(listed["overdue"], true);
    assert_eq!(listed["window_closing"], false);
    assert_eq!(listed["window_closes_at"], "2026-12-04T21:00:00Z");

    // A person's reply is the first response: no longer due.
    app.post_json(
        &format!("{}/reply", conversation_path(&conversation_key())),
        JANA,
        json!({"text": "Dobrý den"}),
    )
    .await;
    let queue: Value = app.get(&queue_path, Some(JANA)).await.json().await.unwrap();
    assert_eq!(queue["conversations"][0]["overdue"], false);
    assert!(
        queue["conversations"][0]
            .get("first_response_due")
            .is_none()
    );
}

#[tokio::test]
async fn due_times_skip_a_holiday_and_cross_a_dst_change() {
    let parse = |t: &str| -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(t).unwrap().into()
    };
    // (written and processed, due): Friday 23 October 15:50 CEST, 10 minutes before closing,
    // is due Monday 26 October 9:20 CET, after the clocks went back; Tuesday 27 October
    // 16:50 CET skips the national holiday on Wednesday 28 October.
    for (written, due) in [
        ("2026-10-23T13:50:00Z", "2026-10-26T08:20:00Z"),
        ("2026-10-27T15:50:00Z", "2026-10-29T08:20:00Z"),
    ] {
        let app = spawn_app_on(Backend::fresh_redis(), parse(written)).await;
        let mut page = example_page();
        page.first_response_minutes = Some(30);
        app.add_page(page).await;
        app.accept_sends().await;
        app.post_signed(&delivery(
            PAGE_ID,
            vec![text_message("m_sla", "Dobrý den", parse(written))],
        ))
        .await;
        app.drain().await;
        let queue: Value = app
            .get(&format!("/api/queue?page={PAGE_ID}"), Some(JANA))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            queue["conversations"][0]["first_response_due"], due,
            "{written}"
        );
    }
}

#[tokio::test]
async fn follow_ups_once_per_interval_not_at_night_not_past_the_window() {
    let app = spawn_app().await;
    let mut page = example_page();
    page.follow_up_minutes = Some(60);
    app.add_page(page).await;
    app.accept_sends().await;
    // Tuesday 10:00 in Prague: the customer writes and is acknowledged.
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_wait", "Dobrý den", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.drain().await;
    let sweep_at = |minutes: i64| {
        let app = &app;
        async move {
            app.clock
                .set(tuesday_morning() + Duration::minutes(minutes));
            let n = app.worker.follow_up_sweep().await.unwrap();
            app.drain().await;
            n
        }
    };
    assert_eq!(sweep_at(30).await, 0, "not yet");
    assert_eq!(sweep_at(61).await, 1, "after an hour");
    assert_eq!(sweep_at(62).await, 0, "once per interval");
    assert_eq!(sweep_at(123).await, 1, "and again an interval later");
    assert_eq!(sweep_at(11 * 60 + 30).await, 0, "21:30 in Prague is night");
    assert_eq!(
        sweep_at(23 * 60 + 30).await,
        1,
        "9:30 the next morning, inside 24 hours"
    );
    assert_eq!(
        sweep_at(24 * 60 + 45).await,
        0,
        "past Messenger's 24-hour window"
    );
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 1 + 3);
    assert!(
        sent[1].starts_with("Omlouváme se, že to trvá déle"),
        "{sent:?}"
    );

    // A person holding and answering stops them: the customer's turn.
    app.clock.set(tuesday_morning());
    let claimed = app
        .post_json(
            &format!("{}/reply", conversation_path(&conversation_key())),
            JANA,
            json!({"text": "Už na tom děláme."}),
        )
        .await;
    assert_eq!(claimed.status(), 202);
    assert_eq!(sweep_at(23 * 60).await, 0, "waiting on the customer");
}

#[tokio::test]
async fn a_customer_on_two_channels_is_linked_by_hand_and_shown_with_both() {
    let app = with_one_conversation().await;
    app.add_page(example_x_page()).await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": {"dm_event_id": "1"}})),
        )
        .mount(&app.graph)
        .await;
    let dms = x_dms(
        &[("x_1", "Píšu i sem, objednávka nedorazila")],
        tuesday_morning(),
    );
    app.post_x(&dms, Some(&sign_x(&dms))).await;
    app.drain().await;
    let x_conversation = json!({"channel": "x", "page": X_ACCOUNT, "customer": X_CUSTOMER});

    // Jana cannot see the X account, so she cannot link to it; Olga sees neither.
    let links = format!("{}/links", conversation_path(&conversation_key()));
    assert_eq!(
        app.post_json(&links, JANA, x_conversation.clone())
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post_json(&links, OLGA_OTHER_PAGE, x_conversation.clone())
            .await
            .status(),
        404
    );
    let to_itself = json!({"channel": "messenger", "page": PAGE_ID, "customer": CUSTOMER});
    assert_eq!(
        app.post_json(&links, API_TOKEN, to_itself).await.status(),
        400
    );

    let linked: Value = app
        .post_json(&links, API_TOKEN, x_conversation.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(linked["linked"][0]["customer_id"], X_CUSTOMER);
    // Both sides show each other, with the other conversation's state.
    let messenger: Value = app
        .get(&conversation_path(&conversation_key()), Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(messenger["linked"][0]["channel"], "x");
    assert_eq!(messenger["linked"][0]["status"], "new");
    let x_path = conversation_path(&conversation_key_of(Channel::X, X_ACCOUNT, X_CUSTOMER));
    let x: Value = app
        .get(&x_path, Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(x["linked"][0]["customer_id"], CUSTOMER);
    let queue: Value = app
        .get(&format!("/api/queue?page={PAGE_ID}"), Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["conversations"][0]["linked"][0]["page_id"], X_ACCOUNT);
    // Jana sees her conversation, but not the link to a page that is not hers.
    let janas: Value = app
        .get(&conversation_path(&conversation_key()), Some(JANA))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(janas["linked"], json!([]));

    // Unlinking removes both sides.
    let unlink = format!("{}/unlink", conversation_path(&conversation_key()));
    app.post_json(&unlink, API_TOKEN, x_conversation).await;
    let x: Value = app
        .get(&x_path, Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(x["linked"], json!([]));
}
