//! The console over plain HTTP: signing in and out, the session cookie, CSRF, escaping of
//! customer text, authorization as in the API, and the staff actions. What needs a real
//! browser (live updates, keyboard) is in `console_browser`.

use frontdesk::domain::conversation::Status;
use frontdesk::store::RecordStore;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::helpers::*;

/// A browser-like client of the console: keeps its cookies, never follows redirects.
pub struct ConsoleClient {
    pub base: String,
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
    pub csrf: String,
}

pub fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

impl ConsoleClient {
    pub fn new(app: &TestApp) -> Self {
        ConsoleClient {
            base: app.address.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(0)
                .build()
                .unwrap(),
            cookies: Vec::new(),
            csrf: String::new(),
        }
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() && !text.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.iter().any(|(n, _)| n == name)
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    /// Posts a form as the browser would (the CSRF token in a field, no htmx).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(fields)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    /// Posts as htmx does: the CSRF token in its header.
    pub async fn post_htmx(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("HX-Request", "true")
            .header("X-CSRF-Token", self.csrf.clone())
            .form(fields)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    /// A client signed in with `token` (which must be valid).
    pub async fn signed_in(app: &TestApp, token: &str) -> Self {
        let mut client = ConsoleClient::new(app);
        assert_eq!(client.sign_in(token).await.status(), StatusCode::SEE_OTHER);
        client
    }

    /// Signs in with `token`; the response of the form's post.
    pub async fn sign_in(&mut self, token: &str) -> reqwest::Response {
        let form = self.get("/console/login").await.text().await.unwrap();
        let csrf = between(&form, "name=\"csrf\" value=\"", "\"")
            .expect("the form carries its CSRF token")
            .to_owned();
        let response = self
            .post_form("/console/login", &[("token", token), ("csrf", &csrf)])
            .await;
        if response.status() == StatusCode::SEE_OTHER {
            let inbox = self.get("/console").await.text().await.unwrap();
            self.csrf = between(&inbox, "name=\"csrf\" value=\"", "\"")
                .expect("the page carries the session's CSRF token")
                .to_owned();
        }
        response
    }
}

pub fn console_path(customer: &str) -> String {
    format!("/console/c/messenger/{PAGE_ID}/{customer}")
}

async fn with_message(text: &str) -> TestApp {
    let app = spawn_app().await;
    app.accept_sends().await;
    let body = delivery(PAGE_ID, vec![text_message("m_c1", text, tuesday_morning())]);
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    app
}

#[tokio::test]
async fn signing_in_opens_a_strict_http_only_session_and_shows_the_inbox() {
    let app = with_message("Kde je moje objednávka 1234?").await;
    let mut jana = ConsoleClient::new(&app);
    let first = jana.get("/console").await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(first.headers()[LOCATION], "/console/login");

    let signed_in = jana.sign_in(JANA).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = signed_in
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("fd_session="))
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(!cookie.contains(JANA), "the cookie never holds the token");

    let inbox = jana.get("/console").await;
    assert_eq!(inbox.status(), 200);
    let csp = inbox.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = inbox.text().await.unwrap();
    assert!(html.contains(CUSTOMER), "the waiting customer is listed");
    assert!(html.contains("Kde je moje objednávka 1234?"));
    assert!(html.contains(&console_path(CUSTOMER)));
}

#[tokio::test]
async fn a_wrong_token_gets_a_plain_401_and_no_session() {
    let app = spawn_app().await;
    let mut stranger = ConsoleClient::new(&app);
    let response = stranger.sign_in("not-a-token").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(!stranger.has_cookie("fd_session"));
    let html = response.text().await.unwrap();
    assert!(html.contains("not valid"), "{html}");
    assert!(!html.contains("not-a-token"), "the token is not echoed");
    assert_eq!(
        stranger.get("/console").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_sign_in_without_its_form_token_is_refused() {
    let app = spawn_app().await;
    let mut forged = ConsoleClient::new(&app);
    let response = forged
        .post_form("/console/login", &[("token", JANA), ("csrf", "guess")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(!forged.has_cookie("fd_session"));
}

#[tokio::test]
async fn state_changes_need_the_session_csrf_token_and_this_origin() {
    let app = with_message("Potřebuji pomoc").await;
    let mut jana = ConsoleClient::new(&app);
    jana.sign_in(JANA).await;
    let claim = format!("{}/claim", console_path(CUSTOMER));

    let without = jana.post_form(&claim, &[]).await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    assert!(
        without.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "the console answers with its own page"
    );
    assert!(without.text().await.unwrap().contains("The form expired"));
    let wrong = jana.post_form(&claim, &[("csrf", "forged")]).await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.conversation().await.assignee, None, "nothing changed");

    let csrf = jana.csrf.clone();
    let cross_site = jana
        .http
        .post(format!("{}{claim}", jana.base))
        .header(COOKIE, jana.cookie_header())
        .header("Origin", "https://evil.example")
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.conversation().await.assignee, None);

    let claimed = jana.post_form(&claim, &[("csrf", &csrf)]).await;
    assert_eq!(claimed.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.conversation().await.assignee.as_deref(), Some("Jana"));
}

#[tokio::test]
async fn customer_html_is_shown_as_text() {
    let app = with_message("<script>alert('x')</script><img src=x onerror=alert(1)>").await;
    let mut jana = ConsoleClient::new(&app);
    jana.sign_in(JANA).await;
    for page in ["/console".to_owned(), console_path(CUSTOMER)] {
        let html = jana.get(&page).await.text().await.unwrap();
        assert!(
            html.contains("&#60;script&#62;alert(&#39;x&#39;)") || html.contains("&lt;script&gt;"),
            "{page}: shown as text"
        );
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
    }
}

#[tokio::test]
async fn another_pages_conversation_is_404_in_the_console_as_in_the_api() {
    let app = with_message("Dobrý den").await;
    let mut olga = ConsoleClient::new(&app);
    olga.sign_in(OLGA_OTHER_PAGE).await;
    let page = olga.get(&console_path(CUSTOMER)).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.text().await.unwrap().contains("no such conversation"));
    let csrf = olga.csrf.clone();
    let claim = olga
        .post_form(
            &format!("{}/claim", console_path(CUSTOMER)),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(claim.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.conversation().await.assignee, None);
    let inbox = olga.get("/console").await.text().await.unwrap();
    assert!(!inbox.contains(CUSTOMER), "not in her inbox either");
}

#[tokio::test]
async fn a_reply_goes_through_the_customers_channel_and_errors_stay_beside_the_field() {
    let app = with_message("Máte otevřeno v sobotu?").await;
    let mut jana = ConsoleClient::new(&app);
    jana.sign_in(JANA).await;
    let reply = format!("{}/reply", console_path(CUSTOMER));

    let too_long = "a".repeat(2_100);
    let refused = jana.post_htmx(&reply, &[("text", &too_long)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"reply-error\""), "{html}");
    assert!(html.contains(&too_long), "the draft is given back");

    let sent = jana
        .post_htmx(&reply, &[("text", "Ano, 9–12 h. Jana")])
        .await;
    assert_eq!(sent.status(), 200);
    app.send_all().await;
    let requests = app.graph.received_requests().await.unwrap();
    let staff_reply = requests
        .iter()
        .filter_map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).ok())
        .find(|b| {
            b["message"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Ano, 9–12 h."))
        })
        .expect("the reply reached the Send API");
    assert_eq!(staff_reply["recipient"]["id"], CUSTOMER);
}

#[tokio::test]
async fn resolving_takes_it_out_of_the_inbox_and_signing_out_ends_the_session() {
    let app = with_message("Reklamace").await;
    let mut jana = ConsoleClient::new(&app);
    jana.sign_in(JANA).await;
    let resolved = jana
        .post_htmx(&format!("{}/resolve", console_path(CUSTOMER)), &[])
        .await;
    assert_eq!(resolved.status(), 200);
    assert_eq!(app.conversation().await.status, Status::Resolved);
    let inbox = jana.get("/console").await.text().await.unwrap();
    assert!(!inbox.contains(&console_path(CUSTOMER)));

    let csrf = jana.csrf.clone();
    let out = jana.post_form("/console/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(jana.get("/console").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_revoked_token_ends_its_console_sessions() {
    let app = spawn_app().await;
    let (token, id) = frontdesk::access::new_token();
    let record = frontdesk::access::TokenRecord {
        id: id.clone(),
        name: "Temp".into(),
        role: frontdesk::access::Role::Agent,
        pages: vec![PAGE_ID.into()],
        created_at: tuesday_morning(),
        expires_at: None,
        created_by: None,
    };
    app.store
        .save_token(&frontdesk::access::token_hash(&token), &record)
        .await
        .unwrap();
    let mut temp = ConsoleClient::new(&app);
    assert_eq!(temp.sign_in(&token).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(temp.get("/console").await.status(), 200);
    assert!(app.store.revoke_token(&id).await.unwrap());
    let after = temp.get("/console").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(
        after.headers()[LOCATION]
            .to_str()
            .unwrap()
            .contains("expired")
    );
}

#[tokio::test]
async fn the_console_speaks_czech_when_the_browser_asks() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    let czech = http
        .get(format!("{}/console/login", app.address))
        .header("Accept-Language", "cs-CZ,cs;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(czech.contains("Přihlásit se"));
    assert!(czech.contains("lang=\"cs\""));
    let english = http
        .get(format!("{}/console/login", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Sign in"));
}

#[tokio::test]
async fn static_files_are_embedded_and_nothing_comes_from_elsewhere() {
    let app = spawn_app().await;
    let mut jana = ConsoleClient::new(&app);
    jana.sign_in(JANA).await;
    let html = jana.get("/console").await.text().await.unwrap();
    assert!(!html.contains("https://"), "no CDN or outside asset");
    let mut total = html.len();
    for asset in [
        "/console/static/htmx-2.0.8.min.js",
        "/console/static/htmx-ext-sse-2.2.3.js",
        "/console/static/console.js",
        "/console/static/console.css",
    ] {
        let response = jana.get(asset).await;
        assert_eq!(response.status(), 200, "{asset}");
        total += response.bytes().await.unwrap().len();
    }
    assert!(
        total < 150 * 1024,
        "the inbox with its assets weighs {total} bytes"
    );
    assert_eq!(
        jana.get("/console/static/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
}

/// Reads the event stream until `wanted` appears in it (bounded: a failure, not a timing).
async fn stream_until(mut response: reqwest::Response, wanted: &str, wait_secs: u64) -> String {
    let mut seen = String::new();
    let read = async {
        while let Ok(Some(chunk)) = response.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains(wanted) {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(wait_secs), read).await;
    seen
}

#[tokio::test]
async fn a_claim_on_one_instance_streams_to_a_console_on_another() {
    let app = with_message("Pomoc s objednávkou").await;
    let backend = app.backend.clone();
    let graph = wiremock::MockServer::start().await;
    let settings = test_settings(&backend, &graph);
    let other = spawn_with(settings, backend, graph, tuesday_morning()).await;

    let mut jana = ConsoleClient::new(&other);
    jana.sign_in(JANA).await;
    let events = jana.get("/console/events").await;
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");

    let mut olga = ConsoleClient::new(&other);
    olga.sign_in(OLGA_OTHER_PAGE).await;
    let olga_events = olga.get("/console/events").await;

    // Petr claims through the API of the first instance.
    let claimed = app
        .post_json(
            &conversation_action(&conversation_key(), "claim"),
            PETR,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(claimed.status(), 200);
    let live_id = frontdesk::console::live::live_id(&conversation_key());
    let seen = stream_until(events, &format!("event: {live_id}"), 10).await;
    assert!(seen.contains("event: conversation"), "{seen}");
    assert!(seen.contains(&format!("event: {live_id}")), "{seen}");

    // Olga works on another page: her stream says nothing of it.
    let hers = stream_until(olga_events, &live_id, 1).await;
    assert!(!hers.contains(&live_id), "{hers}");
}

#[tokio::test]
async fn guessing_tokens_through_the_form_is_throttled() {
    let app = spawn_app().await;
    let mut guesser = ConsoleClient::new(&app);
    let mut statuses = Vec::new();
    for n in 0..11 {
        statuses.push(guesser.sign_in(&format!("guess-{n}")).await.status());
    }
    assert!(
        statuses[..10]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED)
    );
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    // Even the right token waits out the minute: a throttled attempt tells nothing.
    assert_eq!(
        guesser.sign_in(JANA).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert!(!guesser.has_cookie("fd_session"));
}
