//! The staff console in a real browser (headless Chromium) against the real service and the
//! Graph stub: signing in, a message appearing live without reload, a claim in one browser
//! showing as held in another, a reply reaching the Send API, resolving, the keyboard, and a
//! customer's `<script>` staying inert.

use frontdesk::domain::conversation::Status;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::console::console_path;
use crate::helpers::*;

/// A fresh browser signed in to the console with `token`, on the inbox.
pub async fn signed_in(app: &TestApp, token: &str) -> Browser {
    let browser = Browser::new().await.unwrap();
    browser
        .goto(&format!("{}/console/login", app.address))
        .await
        .unwrap();
    browser.fill("#token", token).await.unwrap();
    browser
        .click("#sign-in-form button[type=submit]")
        .await
        .unwrap();
    browser.wait_for("#rows").await.unwrap();
    browser
}

async fn customer_writes(app: &TestApp, mid: &str, text: &str) {
    let body = delivery(PAGE_ID, vec![text_message(mid, text, tuesday_morning())]);
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.worker.process_pending().await.unwrap();
}

/// Waits until the live connection is up (its indicator says so), so that what happens next
/// is seen live.
async fn live(browser: &Browser) {
    browser
        .wait_for("#live-state[data-up='1']")
        .await
        .expect("the live connection opens");
}

#[tokio::test]
async fn a_new_message_appears_in_the_inbox_without_reload_and_the_keyboard_opens_it() {
    let app = spawn_app().await;
    app.accept_sends().await;
    let jana = signed_in(&app, JANA).await;
    live(&jana).await;
    assert!(
        jana.text("#rows")
            .await
            .unwrap()
            .contains("Nobody is waiting"),
        "the inbox starts empty"
    );
    // A marker that a reload would wipe.
    jana.run_js("window.__sameDocument = true;", vec![])
        .await
        .unwrap();

    customer_writes(&app, "m_b1", "Dobrý den, kde je moje zásilka?").await;

    jana.wait_for_text("#rows", "kde je moje zásilka")
        .await
        .unwrap();
    let same = jana
        .run_js("return window.__sameDocument === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same, Value::Bool(true), "updated without a reload");
    // The tab counts who waits.
    jana.wait_for_title("(1)").await.unwrap();

    // Keyboard: j selects the first row, Enter opens it; ? lists the shortcuts.
    let body = jana
        .client()
        .find(fantoccini::Locator::Css("body"))
        .await
        .unwrap();
    body.send_keys("j").await.unwrap();
    jana.wait_for("tr.row.selected").await.unwrap();
    body.send_keys("\u{E007}").await.unwrap();
    jana.wait_for("#conversation").await.unwrap();
    let url = jana.client().current_url().await.unwrap();
    assert_eq!(url.path(), console_path(CUSTOMER));
    let body = jana
        .client()
        .find(fantoccini::Locator::Css("body"))
        .await
        .unwrap();
    body.send_keys("?").await.unwrap();
    jana.wait_for("dialog#shortcuts[open]").await.unwrap();
    jana.close().await.unwrap();
}

#[tokio::test]
async fn a_claim_in_one_browser_shows_as_held_in_the_other_and_the_reply_reaches_the_customer() {
    let app = spawn_app().await;
    app.accept_sends().await;
    customer_writes(&app, "m_b2", "Chci vrátit zboží").await;
    let (jana, petr) = tokio::join!(signed_in(&app, JANA), signed_in(&app, PETR));
    let conversation = format!("{}{}", app.address, console_path(CUSTOMER));
    jana.goto(&conversation).await.unwrap();
    petr.goto(&conversation).await.unwrap();
    live(&petr).await;
    jana.wait_for("#claim").await.unwrap();

    jana.click("#claim").await.unwrap();
    jana.wait_for_text("#holder", "You hold this conversation")
        .await
        .unwrap();
    petr.wait_for_text("#holder", "A colleague holds this conversation: Jana")
        .await
        .unwrap();

    jana.fill("#reply-text", "Dobrý den, pošlete ho prosím zpět.")
        .await
        .unwrap();
    jana.click("#send-reply").await.unwrap();
    jana.wait_for_text(".timeline", "pošlete ho prosím zpět")
        .await
        .unwrap();
    app.send_all().await;
    let sent: Vec<Value> = app
        .graph
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| serde_json::from_slice(&r.body).ok())
        .collect();
    let reply = sent
        .iter()
        .find(|b| {
            b["message"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Dobrý den, pošlete ho prosím zpět."))
        })
        .expect("the reply reached the Send API");
    assert_eq!(reply["recipient"], json!({"id": CUSTOMER}));

    // Resolving takes it out of the colleague's inbox.
    petr.goto(&format!("{}/console", app.address))
        .await
        .unwrap();
    petr.wait_for_text("#rows", CUSTOMER).await.unwrap();
    live(&petr).await;
    jana.click("#resolve").await.unwrap();
    jana.wait_for("#reopen").await.unwrap();
    petr.wait_for_text("#rows", "Nobody is waiting")
        .await
        .unwrap();
    assert_eq!(app.conversation().await.status, Status::Resolved);
    jana.close().await.unwrap();
    petr.close().await.unwrap();
}

#[tokio::test]
async fn a_customers_script_is_shown_as_text_and_never_runs() {
    let app = spawn_app().await;
    app.accept_sends().await;
    customer_writes(
        &app,
        "m_b3",
        "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">",
    )
    .await;
    let jana = signed_in(&app, JANA).await;
    jana.wait_for_text("#rows", "<script>window.__pwned = 1</script>")
        .await
        .unwrap();
    jana.goto(&format!("{}{}", app.address, console_path(CUSTOMER)))
        .await
        .unwrap();
    jana.wait_for_text(".timeline", "<img src=x onerror=")
        .await
        .unwrap();
    let pwned = jana
        .run_js("return typeof window.__pwned;", vec![])
        .await
        .unwrap();
    assert_eq!(pwned, Value::String("undefined".into()));
    jana.close().await.unwrap();
}
