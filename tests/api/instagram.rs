//! Instagram as a third channel: the handshake, signatures per login, DMs answered through
//! the right host, echoes attributed, comments privately replied to, Meta's errors shown.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::channels::Clients;
use frontdesk::domain::conversation::{Delivery, OutboundReply, ReplyRoute, Status};
use frontdesk::domain::event::{Channel, ConversationKey, Inbound, InboundKind};
use frontdesk::domain::page::{InstagramLogin, PageFile};
use frontdesk::settings::{AppSecrets, StaffMember};
use frontdesk::store::{ConversationStore, StreamStore};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const ACCOUNT: &str = "17841456203381927";
const IGSID: &str = "7391824650017253";
const IG_APP_ID: &str = "1187340021958842";
const IG_APP_SECRET: &str = "5f0c9e2a7b14d3386e91a0c4b7d2e815";
const IVO: &str = "token-of-ivo";

const DM_FILE: &[u8] = include_bytes!("../../webhooks/instagram_dm.json");
const ECHO_FILE: &[u8] = include_bytes!("../../webhooks/instagram_dm_echo.json");
const COMMENT_FILE: &[u8] = include_bytes!("../../webhooks/instagram_comment.json");

/// Tuesday 2026-11-24 11:20 in Prague, minutes after the sample payloads were sent.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 20, 0).unwrap()
}

fn instagram_page() -> PageFile {
    PageFile::from_toml(include_str!("../../responses/pages/example-instagram.toml"))
        .expect("the example instagram page parses")
}

fn conversation_key() -> ConversationKey {
    ConversationKey {
        channel: Channel::Instagram,
        page_id: ACCOUNT.into(),
        customer_id: IGSID.into(),
    }
}

async fn spawn_instagram_app() -> TestApp {
    let app = spawn_app_on(Backend::fresh_redis(), now()).await;
    app.add_page(instagram_page()).await;
    app
}

/// A compact Instagram DM from `IGSID`, as Meta puts it on the wire.
fn dm(mid: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"object": "instagram", "entry": [{"time": 1_795_514_600_000_i64, "id": ACCOUNT,
        "messaging": [{"sender": {"id": IGSID}, "recipient": {"id": ACCOUNT}, "timestamp": 1_795_514_599_000_i64,
                       "message": {"mid": mid, "text": text}}]}]}))
    .unwrap()
}

/// An echo of a message the account sent to `IGSID`.
fn echo(mid: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"object": "instagram", "entry": [{"time": 1_795_514_700_000_i64, "id": ACCOUNT,
        "messaging": [{"sender": {"id": ACCOUNT}, "recipient": {"id": IGSID}, "timestamp": 1_795_514_699_000_i64,
                       "message": {"mid": mid, "text": "hi", "is_echo": true}}]}]}))
    .unwrap()
}

impl TestApp {
    async fn post_instagram(&self, body: &[u8], signature: &str) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/webhooks/instagram", self.address))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(body.to_vec())
            .send()
            .await
            .unwrap()
    }

    async fn ig_conversation(&self) -> frontdesk::domain::conversation::Conversation {
        self.store
            .conversation(&conversation_key())
            .await
            .unwrap()
            .expect("the instagram conversation exists")
    }

    /// The events recorded and not yet processed.
    async fn recorded(&self) -> Vec<Inbound> {
        self.store
            .claim_events("test-reader", 100, Duration::from_millis(10))
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.item)
            .collect()
    }
}

#[tokio::test]
async fn the_handshake_answers_with_the_challenge() {
    let app = spawn_app().await;
    let ok = app
        .get(
            &format!("/webhooks/instagram?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444"),
            None,
        )
        .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    let wrong = app
        .get(
            "/webhooks/instagram?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
            None,
        )
        .await;
    assert_eq!(wrong.status(), 403);
}

#[tokio::test]
async fn signatures_verify_with_the_secret_of_each_login_and_are_otherwise_rejected() {
    // Vectors IV-1 (protocols-2.md §V.2), over the exact file bytes.
    let with_app_secret = "sha256=532647b6c0b7c63aa3cc149a777d66d40bc39a31b7b2faafe6c328510089509a";
    let with_ig_secret = "sha256=18535d0fcb96b8525caabe6f4655afe316123be991ff4af8effbc2d09188db7e";
    let app = spawn_instagram_app().await;
    assert_eq!(
        app.post_instagram(DM_FILE, with_app_secret).await.status(),
        200
    );
    // Only the Meta app secret is configured: the Instagram app's signature is refused.
    let refused = app.post_instagram(DM_FILE, with_ig_secret).await;
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "signature_invalid");

    // An installation with an Instagram-Login app accepts its secret and names the app.
    let graph = MockServer::start().await;
    let backend = Backend::fresh_redis();
    let mut settings = test_settings(&backend, &graph);
    settings.instagram.apps = vec![AppSecrets {
        id: IG_APP_ID.into(),
        secrets: vec![SecretString::from(IG_APP_SECRET.to_owned())],
    }];
    let app = spawn_with(settings, backend, graph, now()).await;
    assert_eq!(
        app.post_instagram(DM_FILE, with_ig_secret).await.status(),
        200
    );
    let events = app.recorded().await;
    assert_eq!(
        events.len(),
        2,
        "story reply and image; the reaction is skipped"
    );
    assert!(
        events
            .iter()
            .all(|e| e.verified_by_app.as_deref() == Some(IG_APP_ID))
    );
}

#[tokio::test]
async fn an_instagram_dm_is_answered_through_the_linked_pages_send_api() {
    let app = spawn_instagram_app().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(query_param("access_token", PAGE_TOKEN))
        .and(body_partial_json(
            json!({"recipient": {"id": IGSID}, "messaging_type": "RESPONSE"}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": IGSID, "message_id": "aWdfOut1"})),
        )
        .expect(1)
        .mount(&app.graph)
        .await;
    let body = dm("aWdfIn1", "Dobrý den, máte otevřeno?");
    assert_eq!(
        app.post_instagram(&body, &sign(&body, APP_SECRET))
            .await
            .status(),
        200
    );
    // A redelivery is answered once.
    app.post_instagram(&body, &sign(&body, APP_SECRET)).await;
    app.drain().await;
    let conversation = app.ig_conversation().await;
    let reply = conversation.messages.last().unwrap();
    assert!(
        matches!(&reply.delivery, Some(Delivery::Sent { platform_message_id: Some(id), .. }) if id == "aWdfOut1"),
        "{reply:?}"
    );
    // An Instagram account is a page of its own in the staff API.
    let shown = app
        .get(
            &conversation_path(&conversation_key_of(Channel::Instagram, ACCOUNT, IGSID)),
            Some(API_TOKEN),
        )
        .await;
    assert_eq!(shown.status(), 200);
    let queue: Value = app
        .get(
            &format!("/api/queue?page={ACCOUNT}&channel=instagram"),
            Some(API_TOKEN),
        )
        .await
        .json()
        .await
        .unwrap();
    let listed = &queue["conversations"][0];
    assert_eq!(listed["channel"], "instagram", "{queue}");
    // Meta's 24-hour window applies to Instagram too.
    assert_eq!(listed["window_closes_at"], "2026-11-25T10:03:19Z");
    // The account has figures of its own.
    let stats: Value = app
        .get(
            &format!("/api/stats?page={ACCOUNT}&channel=instagram&from=2026-11-24&to=2026-11-24"),
            Some(API_TOKEN),
        )
        .await
        .json()
        .await
        .unwrap();
    let day = &stats["days"][0];
    assert_eq!(
        (&day["channel"], &day["received"], &day["acknowledged"]),
        (&json!("instagram"), &json!(1), &json!(1)),
        "{stats}"
    );
}

#[tokio::test]
async fn story_replies_and_pictures_go_to_a_person_and_reactions_are_ignored() {
    let app = spawn_instagram_app().await;
    app.accept_sends().await;
    app.post_instagram(DM_FILE, &sign(DM_FILE, APP_SECRET))
        .await;
    app.drain().await;
    let conversation = app.ig_conversation().await;
    assert_eq!(conversation.status, Status::New);
    let texts: Vec<_> = conversation
        .messages
        .iter()
        .filter(|m| m.author == frontdesk::domain::conversation::Author::Customer)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Is this jacket still available in size M? Need it before Saturday 🙏 [story_reply]",
            "[image]"
        ]
    );
    for message in conversation
        .messages
        .iter()
        .filter(|m| m.decision.is_some())
    {
        assert!(message.decision.as_ref().unwrap().escalate, "{message:?}");
    }
}

#[tokio::test]
async fn echoes_of_our_replies_name_our_app_and_a_persons_from_the_instagram_app_none() {
    let app = spawn_instagram_app().await;
    app.accept_sends().await; // answers with message_id "m_out"
    let body = dm("aWdfIn2", "Dobrý den");
    app.post_instagram(&body, &sign(&body, APP_SECRET)).await;
    app.drain().await;

    let ours = echo("m_out");
    app.post_instagram(&ours, &sign(&ours, APP_SECRET)).await;
    // The sample echo: a person answering Mara from the Instagram app.
    app.post_instagram(ECHO_FILE, &sign(ECHO_FILE, APP_SECRET))
        .await;
    let events = app.recorded().await;
    let kinds: Vec<_> = events
        .iter()
        .map(|e| (&e.message_id[..], &e.kind))
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert_eq!(
        kinds[0],
        (
            "m_out",
            &InboundKind::Echo {
                app_id: Some(APP_ID.into())
            }
        )
    );
    assert_eq!(kinds[1].1, &InboundKind::Echo { app_id: None });
    assert!(
        events.iter().all(|e| e.conversation() == conversation_key()
            && e.verified_by_app.as_deref() == Some(APP_ID))
    );
}

#[tokio::test]
async fn a_comment_is_queued_and_privately_replied_to_once() {
    let app = spawn_instagram_app().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(body_partial_json(
            json!({"recipient": {"comment_id": "18093417726051234"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"recipient_id": "6952301847716630", "message_id": "aWdfPrivate"}),
        ))
        .expect(1)
        .mount(&app.graph)
        .await;
    let signature = sign(COMMENT_FILE, APP_SECRET);
    assert_eq!(
        app.post_instagram(COMMENT_FILE, &signature).await.status(),
        200
    );
    app.post_instagram(COMMENT_FILE, &signature).await; // redelivered
    app.drain().await;
    let key = ConversationKey {
        customer_id: "6952301847716630".into(),
        ..conversation_key()
    };
    let conversation = app.store.conversation(&key).await.unwrap().unwrap();
    assert_eq!(conversation.status, Status::New, "a person answers it too");
    assert!(
        conversation.messages[0]
            .text
            .starts_with("[comment] Is the blue one")
    );

    // The account's own comment (a reply in the thread) is ignored.
    let own = String::from_utf8(COMMENT_FILE.to_vec())
        .unwrap()
        .replace("6952301847716630", ACCOUNT)
        .replace("18093417726051234", "18093417726059999");
    app.post_instagram(own.as_bytes(), &sign(own.as_bytes(), APP_SECRET))
        .await;
    assert!(app.recorded().await.is_empty());
}

#[tokio::test]
async fn a_meta_error_fails_the_reply_with_the_platforms_words() {
    let app = spawn_instagram_app().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": "(#10) This message is sent outside of allowed window.",
            "type": "OAuthException", "code": 10, "error_subcode": 2534022, "fbtrace_id": "AbC"}})))
        .expect(1) // permanent: not retried
        .mount(&app.graph)
        .await;
    let body = dm("aWdfIn3", "Dobrý den");
    app.post_instagram(&body, &sign(&body, APP_SECRET)).await;
    app.drain().await;
    let conversation = app.ig_conversation().await;
    let Some(Delivery::Failed {
        error, attempts, ..
    }) = &conversation.messages.last().unwrap().delivery
    else {
        panic!("a failed delivery: {conversation:?}")
    };
    assert_eq!(*attempts, 1);
    assert_eq!(
        error,
        "graph error 10/2534022: (#10) This message is sent outside of allowed window."
    );
}

#[tokio::test]
async fn the_messenger_endpoint_passes_instagram_deliveries_on() {
    let app = spawn_instagram_app().await;
    app.post_signed(DM_FILE).await;
    let events = app.recorded().await;
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.channel == Channel::Instagram));
}

#[tokio::test]
async fn instagram_login_accounts_send_through_the_instagram_host_with_their_token() {
    let facebook = MockServer::start().await;
    let instagram = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(header("authorization", "Bearer IGAAexampleUserToken"))
        .and(body_partial_json(
            json!({"recipient": {"id": IGSID}, "message": {"text": "Ahoj"}}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": IGSID, "message_id": "aWdfIg"})),
        )
        .expect(1)
        .mount(&instagram)
        .await;
    let clients = Clients::new(&facebook.uri(), &facebook.uri(), Duration::from_secs(2))
        .unwrap()
        .with_instagram_base(&instagram.uri());
    let mut file = instagram_page();
    file.instagram_login = InstagramLogin::Instagram;
    file.app_id = Some(IG_APP_ID.into());
    file.access_token = SecretString::from("IGAAexampleUserToken".to_owned());
    let page = file.validate().unwrap();
    let reply = OutboundReply {
        route: ReplyRoute::Direct,
        ..OutboundReply::automatic("reply:1".into(), conversation_key(), "Ahoj".into(), now())
    };
    assert_eq!(
        clients.send(&page, &reply).await.unwrap().as_deref(),
        Some("aWdfIg")
    );
    assert!(facebook.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn instagram_pages_are_created_through_the_admin_api() {
    let app = spawn_app().await;
    let mut page: Value = serde_json::to_value(instagram_page()).unwrap();
    page["id"] = "17841400000000001".into();
    let created = app
        .call(
            reqwest::Method::POST,
            "/api/pages",
            Some(API_TOKEN),
            Some(page.clone()),
        )
        .await;
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    // instagram_login belongs to Instagram accounts only.
    page["id"] = "17841400000000002".into();
    page["channel"] = "messenger".into();
    page["instagram_login"] = "instagram".into();
    let refused = app
        .call(
            reqwest::Method::POST,
            "/api/pages",
            Some(API_TOKEN),
            Some(page),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["field"], "instagram_login");
}

#[tokio::test]
async fn a_persons_reply_uses_meta_windows_on_instagram_too() {
    let app = spawn_instagram_app().await;
    app.accept_sends().await;
    let body = dm("aWdfIn4", "Dobrý den");
    app.post_instagram(&body, &sign(&body, APP_SECRET)).await;
    app.drain().await;
    let reply_path = conversation_action(
        &conversation_key_of(Channel::Instagram, ACCOUNT, IGSID),
        "reply",
    );
    // The customer wrote at 10:03 UTC; 30 hours later only a person may answer, tagged.
    app.clock.set(now() + chrono::Duration::hours(30));
    let tagged: Value = app
        .post_json(&reply_path, API_TOKEN, json!({"text": "Ano, máme."}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tagged["human_agent"], true);
    app.drain().await;
    let requests = app.graph.received_requests().await.unwrap();
    let last: Value = serde_json::from_slice(&requests.last().unwrap().body).unwrap();
    assert_eq!(last["tag"], "HUMAN_AGENT");
    assert_eq!(last["messaging_type"], "MESSAGE_TAG");
    app.clock.set(now() + chrono::Duration::days(8));
    let closed = app
        .post_json(&reply_path, API_TOKEN, json!({"text": "Ano, máme."}))
        .await;
    assert_eq!(closed.status(), 422);
}

#[tokio::test]
async fn a_customer_writing_on_messenger_and_instagram_is_suggested_and_linked_conversations_queue_together()
 {
    // Ivo works on both the Facebook Page and the Instagram account.
    let graph = MockServer::start().await;
    let backend = Backend::fresh_redis();
    let mut settings = test_settings(&backend, &graph);
    settings.api.staff.push(StaffMember {
        name: "Ivo".into(),
        token: SecretString::from(IVO.to_owned()),
        pages: vec![PAGE_ID.into(), ACCOUNT.into()],
        role: frontdesk::access::Role::Agent,
    });
    let app = spawn_with(settings, backend, graph, now()).await;
    app.add_page(instagram_page()).await;
    app.accept_sends().await;
    let written = Utc.with_ymd_and_hms(2026, 11, 24, 10, 5, 0).unwrap();
    // Messenger first, then another Messenger customer, then Instagram.
    app.post_signed(&delivery(
        PAGE_ID,
        vec![text_message(
            "m_cross",
            "Dobrý den, kde je můj balík?",
            written,
        )],
    ))
    .await;
    app.drain().await;
    app.clock.set(now() + chrono::Duration::minutes(1));
    let mut other = text_message("m_other", "Dobrý den", written);
    other["sender"]["id"] = "7034819265019999".into();
    app.post_signed(&delivery(PAGE_ID, vec![other])).await;
    app.drain().await;
    app.clock.set(now() + chrono::Duration::minutes(2));
    let body = dm("aWdfCross", "Dobrý den, kde je můj balík?");
    app.post_instagram(&body, &sign(&body, APP_SECRET)).await;
    app.drain().await;

    let messenger_path =
        conversation_path(&conversation_key_of(Channel::Messenger, PAGE_ID, CUSTOMER));
    let shown: Value = app
        .get(&messenger_path, Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        shown["suggested_links"],
        json!([{"channel": "instagram", "page_id": ACCOUNT, "customer_id": IGSID, "minutes_apart": 1}])
    );
    let linked = app
        .post_json(
            &format!("{messenger_path}/links"),
            API_TOKEN,
            json!({"channel": "instagram", "page": ACCOUNT, "customer": IGSID}),
        )
        .await;
    assert!(linked.status().is_success());
    let shown: Value = app
        .get(&messenger_path, Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["suggested_links"], json!([]), "linked now");

    let queue: Value = app.get("/api/queue", Some(IVO)).await.json().await.unwrap();
    let order: Vec<_> = queue["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customer_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(order, [CUSTOMER, IGSID, "7034819265019999"], "{queue}");
}

#[tokio::test]
async fn a_person_answering_from_the_instagram_app_silences_the_bot() {
    let app = spawn_instagram_app().await;
    app.accept_sends().await;
    let first = dm("aWdfFirst", "Dobrý den");
    app.post_instagram(&first, &sign(&first, APP_SECRET)).await;
    app.drain().await;
    let sent_before = app.graph.received_requests().await.unwrap().len();
    assert_eq!(sent_before, 1, "the bot acknowledged the first message");

    // A colleague answers Mara from the Instagram app: an echo without our app.
    app.post_instagram(ECHO_FILE, &sign(ECHO_FILE, APP_SECRET))
        .await;
    app.drain().await;
    let next = dm("aWdfSecond", "a kdy mi to prijde?");
    app.post_instagram(&next, &sign(&next, APP_SECRET)).await;
    app.drain().await;

    assert_eq!(
        app.graph.received_requests().await.unwrap().len(),
        sent_before,
        "the bot does not talk over the person"
    );
    let conversation = app
        .store
        .conversation(&conversation_key())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(conversation.assignee.as_deref(), Some("outside:instagram"));
    assert!(
        conversation.messages.iter().any(|m| m.id == "aWdfSecond"),
        "the customer's message is kept for the person"
    );
}
