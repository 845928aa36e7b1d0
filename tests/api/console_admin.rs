//! The console's pages for running a page, over plain HTTP: figures as charts with their
//! tables and a CSV of the same numbers, ranges refused with a reason, crisis mode from start
//! to the one resolution message, tokens created (shown once), listed and revoked, and who
//! may open these pages (an agent: 403, another page's admin: 404). One real-browser test
//! creates and revokes a token.

use chrono::NaiveDate;
use frontdesk::domain::event::Channel;
use frontdesk::domain::figures::{DayKey, Figure, Recorded};
use frontdesk::store::FigureStore;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use serde_json::{Value, json};

use crate::console::{ConsoleClient, between};
use crate::console_browser::signed_in;
use crate::helpers::*;

fn admin_path(rest: &str) -> String {
    format!("/console/pages/{PAGE_ID}{rest}")
}

/// Figures of two days on Messenger and one on X, as the store keeps them.
async fn seed_figures(app: &TestApp) {
    let key = |channel, day: &str| DayKey {
        page_id: PAGE_ID.into(),
        channel,
        day: day.parse::<NaiveDate>().unwrap(),
    };
    let mut recorded = Vec::new();
    let mut add = |channel, day: &str, figures: Vec<Figure>| {
        for figure in figures {
            recorded.push(Recorded {
                key: key(channel, day),
                figure,
            });
        }
    };
    add(
        Channel::Messenger,
        "2026-11-22",
        vec![
            Figure::Received,
            Figure::Received,
            Figure::Received,
            Figure::AnsweredByFaq {
                entry: "shipping".into(),
            },
            Figure::Acknowledged,
            Figure::Escalated,
            Figure::FirstResponse {
                wall_ms: 60_000,
                business_ms: 60_000,
            },
            Figure::FirstResponse {
                wall_ms: 3_600_000,
                business_ms: 600_000,
            },
            Figure::AutoReplyLatency { ms: 800 },
        ],
    );
    add(
        Channel::Messenger,
        "2026-11-24",
        vec![Figure::Received, Figure::Escalated],
    );
    add(
        Channel::X,
        "2026-11-23",
        vec![
            Figure::Received,
            Figure::Received,
            Figure::AnsweredByFaq {
                entry: "returns, \"refunds\"".into(),
            },
            Figure::AnsweredByFaq {
                entry: "shipping".into(),
            },
            Figure::Resolution {
                wall_ms: 7_200_000,
                business_ms: 3_600_000,
            },
        ],
    );
    app.store.record_figures(&recorded).await.unwrap();
}

/// The fields of one CSV record (quotes and doubled quotes undone; no line breaks inside).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[tokio::test]
async fn the_figures_page_draws_charts_beside_tables_and_the_csv_has_the_same_numbers() {
    let app = spawn_app().await;
    seed_figures(&app).await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let range = "?from=2026-11-20&to=2026-11-24";

    let page = eva.get(&admin_path(&format!("/stats{range}"))).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for id in ["messages", "first-response", "resolution", "latency", "faq"] {
        assert!(
            html.contains(&format!(
                "role=\"img\" aria-labelledby=\"{id}-title {id}-desc\""
            )),
            "the {id} chart is a labelled image"
        );
        assert!(html.contains(&format!("<title id=\"{id}-title\">")));
        assert!(html.contains(&format!("id=\"{id}-table\"")), "{id} table");
    }
    assert!(
        html.contains("<desc id=\"messages-desc\">2026-11-20 – 2026-11-24: Received 6,"),
        "the description sums the range"
    );
    // Every day of the range is in the messages table, the empty ones too.
    assert!(
        html.contains("<th scope=\"row\">2026-11-21</th><td>0</td><td>0</td><td>0</td><td>0</td>")
    );
    assert!(
        html.contains("<th scope=\"row\">2026-11-22</th><td>3</td><td>1</td><td>1</td><td>1</td>")
    );
    assert!(
        html.contains("<th scope=\"row\">2026-11-23</th><td>2</td><td>2</td><td>0</td><td>0</td>")
    );
    assert!(html.contains(
        "<th scope=\"row\">Messenger</th>\n        <td>4</td><td>1</td><td>1</td><td>2</td>"
    ));
    assert!(html.contains("<th scope=\"row\">shipping</th><td>2</td>"));

    let csv = eva.get(&admin_path(&format!("/stats.csv{range}"))).await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        csv.headers()[CONTENT_DISPOSITION],
        format!("attachment; filename=\"frontdesk-{PAGE_ID}-2026-11-20-2026-11-24.csv\"")
    );
    let text = csv.text().await.unwrap();
    let records: Vec<Vec<String>> = text
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .map(csv_fields)
        .collect();
    let header = &records[0];
    assert_eq!(
        &header[header.len() - 2..],
        ["faq:returns, \"refunds\"", "faq:shipping"],
        "one column per entry, escaped: {text}"
    );
    assert_eq!(records.len(), 4, "three days with figures: {text}");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();

    // The same numbers as the API's, day by day.
    let api: Value = app
        .get(
            &format!("/api/stats?page={PAGE_ID}&from=2026-11-20&to=2026-11-24"),
            Some(EVA_ADMIN),
        )
        .await
        .json()
        .await
        .unwrap();
    let days = api["days"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    for day in days {
        let record = records
            .iter()
            .find(|r| r[0] == day["day"] && r[1] == day["channel"])
            .unwrap_or_else(|| panic!("no CSV row for {day}"));
        for name in ["received", "answered_by_faq", "acknowledged", "escalated"] {
            assert_eq!(
                record[column(name)],
                day[name].to_string(),
                "{name} of {day}"
            );
        }
        let seconds = |v: &Value| v.as_f64().map(|s| format!("{s:.3}")).unwrap_or_default();
        assert_eq!(
            record[column("first_response_median_wall_s")],
            seconds(&day["first_response"]["wall"]["median_seconds"])
        );
        assert_eq!(
            record[column("resolution_p90_working_s")],
            seconds(&day["resolution"]["business_hours"]["p90_seconds"])
        );
        assert_eq!(
            record[column("auto_reply_latency_p95_ms")],
            day["auto_reply_latency_p95_ms"]
                .as_i64()
                .map(|v| v.to_string())
                .unwrap_or_default()
        );
        assert_eq!(
            record[column("faq:shipping")],
            day["faq_answers"]["shipping"]
                .as_u64()
                .unwrap_or(0)
                .to_string()
        );
    }
    let messenger = records.iter().find(|r| r[0] == "2026-11-22").unwrap();
    assert_eq!(messenger[column("first_response_median_wall_s")], "60.000");
    assert_eq!(messenger[column("first_response_p90_wall_s")], "3600.000");

    // One channel.
    let x_only = eva
        .get(&admin_path(&format!("/stats.csv{range}&channel=x")))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(x_only.split("\r\n").filter(|l| !l.is_empty()).count(), 2);
    assert!(x_only.contains("\r\n2026-11-23,x,2,2,"), "{x_only}");
}

#[tokio::test]
async fn an_absurd_range_is_a_400_saying_why() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    for (query, field, says) in [
        (
            "from=2026-11-25&to=2026-11-24",
            "from",
            "must not be after the last",
        ),
        ("from=2024-01-01&to=2025-01-01", "from", "at most 366 days"),
        (
            "from=1900-01-01&to=2026-11-24",
            "from",
            "between the years 2000 and 2199",
        ),
        ("to=2999-01-01", "to", "between the years 2000 and 2199"),
        ("from=tomorrow", "from", "YYYY-MM-DD"),
        (
            "from=%2B12345-01-01",
            "from",
            "between the years 2000 and 2199",
        ),
        ("channel=fax", "channel", "offered channels"),
    ] {
        let page = eva.get(&admin_path(&format!("/stats?{query}"))).await;
        assert_eq!(page.status(), StatusCode::BAD_REQUEST, "{query}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains(&format!(
                "aria-invalid=\"true\" aria-describedby=\"{field}-error\""
            )),
            "{query}: the field is marked"
        );
        assert!(html.contains(says), "{query}: {html}");
        assert!(!html.contains("<svg"), "{query}: no charts");

        let csv = eva.get(&admin_path(&format!("/stats.csv?{query}"))).await;
        assert_eq!(csv.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(csv.text().await.unwrap().contains(says), "{query}");
    }
    // The API keeps the same rules.
    let api = app
        .get(
            &format!("/api/stats?page={PAGE_ID}&from=1999-12-31"),
            Some(EVA_ADMIN),
        )
        .await;
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    // A whole year fits.
    let year = eva
        .get(&admin_path("/stats?from=2025-11-25&to=2026-11-24"))
        .await;
    assert_eq!(year.status(), 200);
    assert!(year.text().await.unwrap().contains("id=\"no-figures\""));
}

#[tokio::test]
async fn crisis_mode_starts_reaches_customers_ends_and_resolves_once() {
    let app = spawn_app().await;
    app.accept_sends().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let csrf = eva.csrf.clone();
    let crisis = admin_path("/crisis");
    let page = eva.get(&crisis).await.text().await.unwrap();
    assert!(page.contains("No crisis so far."));

    // Refused forms come back with the reason beside the field.
    let blank = eva
        .post_form(
            &format!("{crisis}/start"),
            &[
                ("csrf", &csrf),
                ("announcement_cs", " "),
                ("until", "2026-11-24T16:00"),
            ],
        )
        .await;
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.text().await.unwrap().contains(
        "id=\"announcement-error\" role=\"alert\">Write the announcement in at least one language."
    ));
    let past = eva
        .post_form(
            &format!("{crisis}/start"),
            &[
                ("csrf", &csrf),
                ("announcement_en", "Down"),
                ("until", "2026-11-24T09:00"),
            ],
        )
        .await;
    assert_eq!(past.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = past.text().await.unwrap();
    assert!(html.contains("id=\"until-error\" role=\"alert\">Choose a time in the future"));
    assert!(html.contains(">Down</textarea>"), "what was typed stays");

    // 16:00 in Prague; it is 10:00 there now.
    let started = eva
        .post_form(
            &format!("{crisis}/start"),
            &[
                ("csrf", &csrf),
                ("announcement_cs", "Máme výpadek plateb, pracujeme na tom."),
                ("announcement_en", "Payments are down; we are on it."),
                ("until", "2026-11-24T16:00"),
            ],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        started.headers()[LOCATION],
        format!("{crisis}?done=started")
    );
    let stored = app
        .pages
        .find(PAGE_ID)
        .await
        .unwrap()
        .unwrap()
        .crisis
        .unwrap();
    assert_eq!(stored.until.to_rfc3339(), "2026-11-24T15:00:00+00:00");
    let page = eva
        .get(&format!("{crisis}?done=started"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Crisis mode is on until"));
    assert!(page.contains("Payments are down; we are on it."));
    assert!(page.contains("id=\"no-recipients\""));

    let message = text_message("m_c1", "Nejde mi zaplatit", app.clock.now());
    app.post_signed(&delivery(PAGE_ID, vec![message])).await;
    app.drain().await;
    assert!(app.sent_texts().await[0].starts_with("Máme výpadek plateb"));
    let page = eva.get(&crisis).await.text().await.unwrap();
    assert!(page.contains("Who received the announcement (1)"));
    assert!(page.contains(&format!(
        "<a href=\"/console/c/messenger/{PAGE_ID}/{CUSTOMER}\">{CUSTOMER}</a>"
    )));

    let early = eva
        .post_form(
            &format!("{crisis}/resolution"),
            &[("csrf", &csrf), ("text", "Platby fungují.")],
        )
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    app.clock.set(app.clock.now() + chrono::Duration::hours(1));
    let ended = eva
        .post_form(&format!("{crisis}/end"), &[("csrf", &csrf)])
        .await;
    assert_eq!(ended.status(), StatusCode::SEE_OTHER);
    let page = eva.get(&crisis).await.text().await.unwrap();
    assert!(page.contains("The last crisis ended at"));
    assert!(page.contains("id=\"resolution-form\""));
    let again = eva
        .post_form(&format!("{crisis}/end"), &[("csrf", &csrf)])
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let resolved = eva
        .post_form(
            &format!("{crisis}/resolution"),
            &[("csrf", &csrf), ("text", "Platby opět fungují.")],
        )
        .await;
    assert_eq!(resolved.status(), StatusCode::SEE_OTHER);
    app.drain().await;
    let sent = app.sent_texts().await;
    assert_eq!(
        sent.iter().filter(|t| *t == "Platby opět fungují.").count(),
        1,
        "{sent:?}"
    );
    let page = eva
        .get(&format!("{crisis}?done=resolved"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"resolution-sent\""));
    assert!(
        page.contains("customers it went to 1, customers outside the window (not written to) 0")
    );
    assert!(
        !page.contains("id=\"resolution-form\""),
        "once: no second form"
    );

    let twice = eva
        .post_form(
            &format!("{crisis}/resolution"),
            &[("csrf", &csrf), ("text", "Znovu")],
        )
        .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert!(twice.text().await.unwrap().contains("went out already"));
    app.drain().await;
    assert!(!app.sent_texts().await.iter().any(|t| t == "Znovu"));
}

#[tokio::test]
async fn a_token_is_shown_once_signs_in_and_stops_working_when_revoked() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let csrf = eva.csrf.clone();
    let tokens = admin_path("/tokens");

    let refused = eva
        .post_form(
            &tokens,
            &[("csrf", &csrf), ("name", " "), ("role", "agent")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("id=\"token-name-error\" role=\"alert\"")
    );
    let owner = eva
        .post_form(
            &tokens,
            &[("csrf", &csrf), ("name", "Boss"), ("role", "owner")],
        )
        .await;
    assert_eq!(owner.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let created = eva
        .post_form(
            &tokens,
            &[
                ("csrf", &csrf),
                ("name", "Klára"),
                ("role", "agent"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    assert_eq!(created.headers()[CACHE_CONTROL], "no-store");
    let html = created.text().await.unwrap();
    let secret = between(&html, "id=\"new-token\" readonly value=\"", "\"")
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("fd_"), "{secret}");
    assert_eq!(html.matches(&secret).count(), 1, "shown once on the page");
    assert!(html.contains("shown only this once"));

    // The new token opens a console session of its own and works in the API.
    let mut klara = ConsoleClient::signed_in(&app, &secret).await;
    assert_eq!(klara.get("/console").await.status(), 200);
    assert_eq!(
        app.get(&format!("/api/queue?page={PAGE_ID}"), Some(&secret))
            .await
            .status(),
        200
    );

    let list = eva.get(&tokens).await;
    assert_eq!(list.status(), 200);
    assert_eq!(list.headers()[CACHE_CONTROL], "no-store");
    let html = list.text().await.unwrap();
    assert!(html.contains("<th scope=\"row\">Klára</th>"));
    assert!(!html.contains(&secret), "the list never shows a secret");
    let revoke = format!(
        "{tokens}/{}/revoke",
        between(&html, &format!("action=\"{tokens}/"), "/revoke\"").unwrap()
    );

    let revoked = eva.post_form(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        revoked.headers()[LOCATION],
        format!("{tokens}?done=revoked")
    );
    assert_eq!(
        app.get(&format!("/api/queue?page={PAGE_ID}"), Some(&secret))
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "at once"
    );
    let gone = klara.get("/console").await;
    assert_eq!(
        gone.status(),
        StatusCode::SEE_OTHER,
        "the session ends with its token"
    );
    let html = eva
        .get(&format!("{tokens}?done=revoked"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The token was revoked"));
    assert!(!html.contains("Klára"));
    let twice = eva.post_form(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_agent_gets_403_and_another_pages_admin_404() {
    let app = spawn_app().await;
    let mut jana = ConsoleClient::signed_in(&app, JANA).await;
    let mut oskar = ConsoleClient::signed_in(&app, OSKAR_ADMIN_OTHER_PAGE).await;
    for rest in ["/stats", "/stats.csv", "/crisis", "/tokens"] {
        let path = admin_path(rest);
        assert_eq!(
            jana.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            oskar.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let forbidden = jana.get(&admin_path("/stats")).await.text().await.unwrap();
    assert!(
        forbidden.contains("You may not do this."),
        "an HTML page: {forbidden}"
    );
    assert_eq!(
        jana.get("/console/pages").await.status(),
        StatusCode::FORBIDDEN
    );
    let oskars = oskar.get("/console/pages").await.text().await.unwrap();
    assert!(
        !oskars.contains(&format!("/console/pages/{PAGE_ID}/")),
        "only their own pages"
    );

    for (rest, fields) in [
        ("/tokens", vec![("name", "X"), ("role", "agent")]),
        (
            "/crisis/start",
            vec![("announcement_en", "Down"), ("until", "2026-11-24T16:00")],
        ),
        ("/crisis/end", vec![]),
    ] {
        let path = admin_path(rest);
        let mut with_csrf = fields.clone();
        let csrf = jana.csrf.clone();
        with_csrf.push(("csrf", &csrf));
        assert_eq!(
            jana.post_form(&path, &with_csrf).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let mut with_csrf = fields;
        let csrf = oskar.csrf.clone();
        with_csrf.push(("csrf", &csrf));
        assert_eq!(
            oskar.post_form(&path, &with_csrf).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert!(
        app.pages
            .find(PAGE_ID)
            .await
            .unwrap()
            .unwrap()
            .crisis
            .is_none()
    );
    let listed: Value = app
        .get(&format!("/api/pages/{PAGE_ID}/tokens"), Some(EVA_ADMIN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!({"tokens": []}), "nothing was created");
}

/// In a real browser: Eva creates a token, sees it once with its copy button, and revokes it.
#[tokio::test]
async fn in_a_browser_an_admin_creates_a_token_and_revokes_it() {
    let app = spawn_app().await;
    let browser = signed_in(&app, EVA_ADMIN).await;

    browser
        .click("header nav a[href='/console/pages']")
        .await
        .unwrap();
    browser
        .click(&format!("a[href='/console/pages/{PAGE_ID}/tokens']"))
        .await
        .unwrap();
    browser.wait_for_text("h1", "Tokens").await.unwrap();
    browser.fill("#token-name", "Klára").await.unwrap();
    browser.click("#token-role-admin").await.unwrap();
    browser.click("#create-token-submit").await.unwrap();

    let field = browser.wait_for("#new-token").await.unwrap();
    let secret = field.prop("value").await.unwrap().unwrap();
    assert!(secret.starts_with("fd_"), "{secret}");
    // The copy button is there once the script has run (it is hidden without scripts).
    browser.wait_for("#copy-token:not([hidden])").await.unwrap();
    assert_eq!(
        app.get(&format!("/api/pages/{PAGE_ID}"), Some(&secret))
            .await
            .status(),
        200,
        "an admin token"
    );

    browser
        .click("button.revoke[aria-label='Revoke: Klára']")
        .await
        .unwrap();
    browser
        .wait_for_text("#tokens-done", "revoked")
        .await
        .unwrap();
    browser.wait_for("#no-tokens").await.unwrap();
    assert_eq!(
        app.get(&format!("/api/pages/{PAGE_ID}"), Some(&secret))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    browser.close().await.unwrap();
}
