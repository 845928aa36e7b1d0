//! The admin API: who may configure which page, validation as a whole, versions and restore,
//! write-only secrets, the override and the simulator.

use frontdesk::access::{Role, TokenRecord, new_token, token_hash};
use frontdesk::domain::event::Channel;
use frontdesk::store::{PageStore, RecordStore};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::helpers::*;

/// An app with the example page (`PAGE_ID`, Eva's) and a second page (`OTHER_PAGE_ID`,
/// Oskar's).
async fn with_two_pages() -> TestApp {
    let app = spawn_app().await;
    let mut other = example_page();
    other.id = OTHER_PAGE_ID.into();
    other.name = "Another client".into();
    app.add_page(other).await;
    app
}

#[tokio::test]
async fn every_role_reaches_exactly_its_own_pages() {
    let app = with_two_pages().await;
    let owner = Some(API_TOKEN);
    let eva = Some(EVA_ADMIN);
    let oskar = Some(OSKAR_ADMIN_OTHER_PAGE);
    let jana = Some(JANA);
    let endpoints: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, page_path(PAGE_ID), None),
        (
            Method::PATCH,
            page_path(PAGE_ID),
            Some(json!({"signature": "Tým U Zvonu"})),
        ),
        (
            Method::GET,
            format!("{}/versions", page_path(PAGE_ID)),
            None,
        ),
        (
            Method::GET,
            format!("{}/versions/1", page_path(PAGE_ID)),
            None,
        ),
        (
            Method::POST,
            format!("{}/versions/1/restore", page_path(PAGE_ID)),
            None,
        ),
        (
            Method::PUT,
            format!("{}/override", page_path(PAGE_ID)),
            Some(json!({"away_until": "2026-11-24T12:00:00Z"})),
        ),
        (
            Method::DELETE,
            format!("{}/override", page_path(PAGE_ID)),
            None,
        ),
        (
            Method::POST,
            format!("{}/simulate", page_path(PAGE_ID)),
            Some(json!({"text": "Dobrý den"})),
        ),
    ];
    for (method, path, body) in &endpoints {
        let status = |token: Option<&'static str>| {
            let app = &app;
            let (method, path, body) = (method.clone(), path.clone(), body.clone());
            async move { app.call(method, &path, token, body).await.status().as_u16() }
        };
        assert_eq!(status(None).await, 401, "{method} {path} without a token");
        assert_eq!(
            status(oskar).await,
            404,
            "{method} {path} by another page's admin"
        );
        assert_eq!(
            status(jana).await,
            403,
            "{method} {path} by an agent of the page"
        );
        assert_eq!(
            status(eva).await,
            200,
            "{method} {path} by the page's admin"
        );
        assert_eq!(status(owner).await, 200, "{method} {path} by the owner");
        // The same endpoint on the other page: Eva sees nothing there.
        let other = path.replace(PAGE_ID, OTHER_PAGE_ID);
        let eva_other = app.call(method.clone(), &other, eva, body.clone()).await;
        assert_eq!(eva_other.status(), 404, "{method} {other} by Eva");
        let oskar_other = app.call(method.clone(), &other, oskar, body.clone()).await;
        assert!(
            oskar_other.status().is_success(),
            "{method} {other} by Oskar"
        );
    }
    // Listing shows each caller their own pages only.
    let listed = |token: &'static str| {
        let app = &app;
        async move {
            let body: Value = app
                .get("/api/pages", Some(token))
                .await
                .json()
                .await
                .unwrap();
            let mut ids: Vec<String> = body["pages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_owned())
                .collect();
            ids.sort();
            ids
        }
    };
    assert_eq!(listed(EVA_ADMIN).await, [PAGE_ID]);
    assert_eq!(listed(API_TOKEN).await, [PAGE_ID, OTHER_PAGE_ID]);
    // Creating: only for one's own page ids, and not twice.
    let mut new_page = serde_json::to_value(example_page()).unwrap();
    new_page["id"] = json!("555000111");
    let create = |token: &'static str, body: Value| {
        let app = &app;
        async move {
            app.call(Method::POST, "/api/pages", Some(token), Some(body))
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(create(EVA_ADMIN, new_page.clone()).await, 404);
    assert_eq!(create(API_TOKEN, new_page.clone()).await, 201);
    assert_eq!(create(API_TOKEN, new_page).await, 409);
    // Deleting.
    let delete = |token: Option<&'static str>| {
        let app = &app;
        async move {
            app.call(Method::DELETE, &page_path(PAGE_ID), token, None)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(delete(oskar).await, 404);
    assert_eq!(delete(jana).await, 403);
    assert_eq!(delete(eva).await, 204);
    assert_eq!(app.get(&page_path(PAGE_ID), eva).await.status(), 404);
    assert!(
        app.store
            .load_page(Channel::Messenger, PAGE_ID)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_bad_update_names_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let before: Value = app
        .get(&page_path(PAGE_ID), Some(EVA_ADMIN))
        .await
        .json()
        .await
        .unwrap();
    for (patch, field) in [
        (
            json!({"hours": {"fri": ["09:00-12:00", "25:00-26:00"]}}),
            "hours.fri[1]",
        ),
        (json!({"tone": "rude"}), "tone"),
        (json!({"time_zone": "Mars/Olympus"}), "time_zone"),
        (json!({"office_hours": {}}), ""),
        (
            json!({"auto_reply_cooldown_minutes": "often"}),
            "auto_reply_cooldown_minutes",
        ),
    ] {
        let response = app
            .call(
                Method::PATCH,
                &page_path(PAGE_ID),
                Some(EVA_ADMIN),
                Some(patch.clone()),
            )
            .await;
        assert_eq!(response.status(), 422, "{patch}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "invalid_config", "{patch}");
        if !field.is_empty() {
            assert_eq!(error["field"], field, "{patch}: {error}");
        } else {
            assert!(
                error["message"].as_str().unwrap().contains("office_hours"),
                "{error}"
            );
        }
    }
    let after: Value = app
        .get(&page_path(PAGE_ID), Some(EVA_ADMIN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before, after, "nothing half-applied, no new version");
    let not_json = app
        .http_raw(Method::PATCH, &page_path(PAGE_ID), EVA_ADMIN, "{not json")
        .await;
    assert_eq!(not_json.status(), 400);
}

#[tokio::test]
async fn every_change_is_a_version_that_can_be_restored_and_secrets_stay_hidden() {
    let app = spawn_app().await;
    let patch = |body: Value| {
        let app = &app;
        async move {
            let response = app
                .call(
                    Method::PATCH,
                    &page_path(PAGE_ID),
                    Some(EVA_ADMIN),
                    Some(body),
                )
                .await;
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let renamed = patch(json!({"name": "Nové jméno", "hours": {"sat": ["10:00-12:00"]}})).await;
    assert!(!renamed.contains(PAGE_TOKEN), "the token is write-only");
    let renamed: Value = serde_json::from_str(&renamed).unwrap();
    assert_eq!(renamed["version"], 2);
    assert_eq!(renamed["config"]["name"], "Nové jméno");
    assert_eq!(renamed["config"]["hours"]["sat"], json!(["10:00-12:00"]));
    assert_eq!(
        renamed["config"]["hours"]["mon"],
        json!(["09:00-17:00"]),
        "other days kept"
    );
    assert_eq!(renamed["config"]["access_token_set"], true);
    assert!(renamed["config"].get("access_token").is_none());
    // A new token is accepted and used, never shown.
    let rotated = patch(json!({"access_token": "EAAnewtoken"})).await;
    assert!(!rotated.contains("EAAnewtoken"));
    let stored = app
        .store
        .load_page(Channel::Messenger, PAGE_ID)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.access_token.expose_secret(), "EAAnewtoken");

    let versions: Value = app
        .get(&format!("{}/versions", page_path(PAGE_ID)), Some(EVA_ADMIN))
        .await
        .json()
        .await
        .unwrap();
    let versions = versions["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0]["by"], "test");
    assert_eq!(versions[1]["by"], "Eva");
    assert_eq!(versions[1]["changed"], json!(["hours", "name"]));
    assert_eq!(versions[2]["changed"], json!(["access_token"]));
    let old = app
        .get(
            &format!("{}/versions/1", page_path(PAGE_ID)),
            Some(EVA_ADMIN),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!old.contains(PAGE_TOKEN), "old versions hide the token too");

    let restored: Value = app
        .call(
            Method::POST,
            &format!("{}/versions/1/restore", page_path(PAGE_ID)),
            Some(EVA_ADMIN),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(restored["version"], 4);
    assert_eq!(restored["config"]["name"], example_page().name);
    let live = app
        .pages
        .get(Channel::Messenger, PAGE_ID)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        live.name,
        example_page().name,
        "live at once on this instance"
    );
    assert_eq!(
        app.get(
            &format!("{}/versions/9", page_path(PAGE_ID)),
            Some(EVA_ADMIN)
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn the_simulator_decides_like_the_live_path_and_honours_the_override() {
    let app = spawn_app().await;
    app.add_page(example_page_with_faq()).await;
    app.accept_sends().await;
    let simulate = |text: &'static str| {
        let app = &app;
        async move {
            let response = app
                .call(
                    Method::POST,
                    &format!("{}/simulate", page_path(PAGE_ID)),
                    Some(EVA_ADMIN),
                    Some(json!({"text": text, "at": tuesday_morning()})),
                )
                .await;
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    for (i, text) in [
        "jak muzu zaplatit?",
        "Objednávka 4411 dorazila rozbitá",
        "Wo ist mein Paket?",
    ]
    .into_iter()
    .enumerate()
    {
        let simulated = simulate(text).await;
        let mut message = text_message(&format!("m_sim{i}"), text, tuesday_morning());
        message["sender"]["id"] = json!(format!("customer-{i}"));
        app.post_signed(&delivery(PAGE_ID, vec![message])).await;
        app.drain().await;
        let sent = app.sent_texts().await;
        assert_eq!(
            simulated["decision"]["reply"]["text"].as_str(),
            sent.last().map(String::as_str),
            "{text}"
        );
    }
    assert!(
        app.sent_texts().await.len() == 3,
        "the simulator sent nothing itself"
    );

    // Away until noon: a Tuesday morning message is answered as after hours.
    let away = app
        .call(
            Method::PUT,
            &format!("{}/override", page_path(PAGE_ID)),
            Some(EVA_ADMIN),
            Some(json!({"away_until": "2026-11-24T11:00:00Z"})),
        )
        .await;
    assert_eq!(away.status(), 200);
    let simulated = simulate("Dobrý den, potřebuji poradit").await;
    assert_eq!(
        simulated["decision"]["reply"]["kind"]["kind"], "after_hours",
        "{simulated}"
    );
    let reasons = simulated["decision"]["reasons"].to_string();
    assert!(reasons.contains("away_until"), "{reasons}");
    let bad = app
        .call(
            Method::PUT,
            &format!("{}/override", page_path(PAGE_ID)),
            Some(EVA_ADMIN),
            Some(
                json!({"away_until": "2026-11-24T11:00:00Z", "open_until": "2026-11-24T11:00:00Z"}),
            ),
        )
        .await;
    assert_eq!(bad.status(), 400);
    app.call(
        Method::DELETE,
        &format!("{}/override", page_path(PAGE_ID)),
        Some(EVA_ADMIN),
        None,
    )
    .await;
    let simulated = simulate("Dobrý den, potřebuji poradit").await;
    assert_eq!(
        simulated["decision"]["reply"]["kind"]["kind"],
        "acknowledgement"
    );
}

#[tokio::test]
async fn stored_tokens_work_until_they_expire_or_are_revoked() {
    let app = spawn_app().await;
    let now = tuesday_morning();
    let issue = |role: Role, expires_at| {
        let app = &app;
        async move {
            let (token, id) = new_token();
            let record = TokenRecord {
                id: id.clone(),
                name: "Mirek".into(),
                role,
                pages: vec![PAGE_ID.into()],
                created_at: now,
                created_by: None,
                expires_at,
            };
            app.store
                .save_token(&token_hash(&token), &record)
                .await
                .unwrap();
            (token, id)
        }
    };
    let (admin, admin_id) = issue(Role::Admin, Some(now + chrono::Duration::days(1))).await;
    let (expired, _) = issue(Role::Admin, Some(now - chrono::Duration::seconds(1))).await;
    let (agent, _) = issue(Role::Agent, None).await;
    let page = page_path(PAGE_ID);
    assert_eq!(app.get(&page, Some(&admin)).await.status(), 200);
    assert_eq!(app.get(&page, Some(&expired)).await.status(), 401);
    assert_eq!(app.get(&page, Some(&agent)).await.status(), 403);
    assert_eq!(
        app.get(&format!("/api/queue?page={PAGE_ID}"), Some(&agent))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&page_path(OTHER_PAGE_ID), Some(&admin))
            .await
            .status(),
        404
    );
    assert!(app.store.revoke_token(&admin_id).await.unwrap());
    assert_eq!(app.get(&page, Some(&admin)).await.status(), 401);
    assert_eq!(app.get(&page, Some("fd_made_up")).await.status(), 401);
}

#[tokio::test]
async fn a_change_through_one_instance_is_live_on_another_within_a_second() {
    let backend = Backend::fresh_redis();
    let start = |backend: Backend| async move {
        let graph = wiremock::MockServer::start().await;
        let mut settings = test_settings(&backend, &graph);
        settings.page_cache_ttl_ms = 1_000;
        spawn_with(settings, backend, graph, tuesday_morning()).await
    };
    let a = start(backend.clone()).await;
    let b = start(backend).await;
    let name_on = |app: &TestApp| {
        let pages = app.pages.clone();
        async move {
            pages
                .get(Channel::Messenger, PAGE_ID)
                .await
                .unwrap()
                .unwrap()
                .name
                .clone()
        }
    };
    assert_eq!(name_on(&b).await, example_page().name, "b has it cached");
    let changed = a
        .call(
            Method::PATCH,
            &page_path(PAGE_ID),
            Some(EVA_ADMIN),
            Some(json!({"name": "Changed on a"})),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(
        name_on(&a).await,
        "Changed on a",
        "at once where it was made"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_050)).await;
    assert_eq!(
        name_on(&b).await,
        "Changed on a",
        "within a second elsewhere"
    );
}

#[tokio::test]
async fn crisis_mode_announces_once_per_customer_ends_and_resolves() {
    let app = spawn_app().await;
    app.accept_sends().await;
    let crisis = format!("{}/crisis", page_path(PAGE_ID));
    let body = json!({
        "announcement": {"cs": "Máme výpadek plateb, pracujeme na tom.", "en": "Payments are down; we are on it."},
        "until": tuesday_morning() + chrono::Duration::hours(6),
    });
    let by_agent = app
        .call(Method::PUT, &crisis, Some(JANA), Some(body.clone()))
        .await;
    assert_eq!(by_agent.status(), 403);
    let start = app
        .call(Method::PUT, &crisis, Some(EVA_ADMIN), Some(body))
        .await;
    assert_eq!(start.status(), 200);
    let write = |mid: &'static str, customer: &'static str, text: &'static str| {
        let app = &app;
        async move {
            let now = app.clock.now();
            let mut message = text_message(mid, text, now);
            message["sender"]["id"] = json!(customer);
            app.post_signed(&delivery(PAGE_ID, vec![message])).await;
            app.drain().await;
        }
    };
    write("m_a1", "111", "Dobrý den, nejde mi zaplatit").await;
    write("m_b1", "222", "Hello, I cannot pay for my order at all").await;
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 2);
    assert!(
        sent[0].starts_with("Máme výpadek plateb, pracujeme na tom.\n\n"),
        "{sent:?}"
    );
    assert!(
        sent[0].contains("kolega"),
        "the acknowledgement follows: {sent:?}"
    );
    assert!(
        sent[1].starts_with("Payments are down; we are on it."),
        "{sent:?}"
    );

    // Later, still in crisis: no second announcement (nor a second acknowledgement: the
    // store's throttle slot runs on real time, which the test clock does not move).
    app.clock
        .set(tuesday_morning() + chrono::Duration::hours(5));
    write("m_a2", "111", "Pořád to nejde").await;
    assert_eq!(app.sent_texts().await.len(), 2);
    let queue: Value = app
        .get(
            &format!("/api/queue?page={PAGE_ID}&label=crisis"),
            Some(JANA),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        queue["conversations"].as_array().unwrap().len(),
        2,
        "marked"
    );

    let resolution = format!("{crisis}/resolution");
    let resolve = |text: &'static str| {
        let app = &app;
        let resolution = resolution.clone();
        async move {
            app.call(
                Method::POST,
                &resolution,
                Some(EVA_ADMIN),
                Some(json!({"text": text})),
            )
            .await
        }
    };
    assert_eq!(
        resolve("Platby opět fungují.").await.status(),
        409,
        "still on"
    );
    assert_eq!(
        app.call(Method::DELETE, &crisis, Some(EVA_ADMIN), None)
            .await
            .status(),
        200
    );
    write("m_c1", "333", "Dobrý den").await;
    let sent = app.sent_texts().await;
    assert_eq!(sent.len(), 3);
    assert!(
        !sent[2].contains("výpadek"),
        "over: no announcement: {sent:?}"
    );

    // Customer 222 last wrote five hours ago, 111 just now: both inside the 24-hour window.
    let done: Value = resolve("Platby opět fungují.").await.json().await.unwrap();
    assert_eq!(done, json!({"sent": 2, "outside_window": 0}));
    app.drain().await;
    let sent = app.sent_texts().await;
    assert_eq!(
        sent.iter().filter(|t| *t == "Platby opět fungují.").count(),
        2,
        "{sent:?}"
    );
    assert_eq!(resolve("Znovu").await.status(), 409, "once per crisis");
}
