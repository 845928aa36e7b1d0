//! The browser harness against the real service: a page of the service opens, each browser
//! keeps its own cookies, the helpers type, click, wait and fail showing the page, and a
//! machine without chromedriver fails the tests saying what to install.

use std::time::Duration;

use serde_json::json;

use crate::browser::{Browser, find_chromedriver};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_browser_opens_a_page_of_the_service() {
    let app = spawn_app().await;
    let browser = Browser::new().await.unwrap();

    browser
        .goto(&format!("{}/health", app.address))
        .await
        .unwrap();

    assert_eq!(browser.text("body").await.unwrap(), "ok");
    let url = browser.client().current_url().await.unwrap();
    assert_eq!(url.path(), "/health");
    browser.close().await.unwrap();
}

#[tokio::test]
async fn two_browsers_keep_their_own_cookies() {
    let app = spawn_app().await;
    let health = format!("{}/health", app.address);
    let (jana, petr) = tokio::try_join!(Browser::new(), Browser::new()).unwrap();
    jana.goto(&health).await.unwrap();
    petr.goto(&health).await.unwrap();

    jana.set_cookie("frontdesk_probe", "jana").await.unwrap();
    petr.goto(&health).await.unwrap();

    assert_eq!(
        jana.cookie("frontdesk_probe").await.unwrap().as_deref(),
        Some("jana")
    );
    assert_eq!(
        jana.run_js("return document.cookie;", vec![])
            .await
            .unwrap(),
        json!("frontdesk_probe=jana")
    );
    assert_eq!(petr.cookie("frontdesk_probe").await.unwrap(), None);
    assert_eq!(
        petr.run_js("return document.cookie;", vec![])
            .await
            .unwrap(),
        json!("")
    );
    // Both end by being dropped (the path a failing test takes).
}

/// A form whose greeting appears a moment after the click, replacing a spinner, as an htmx
/// swap would.
const GREETER: &str = r#"
<input id="name">
<button id="greet" onclick="setTimeout(() => {
  const greeting = document.createElement('p');
  greeting.textContent = 'Hello, ' + document.getElementById('name').value;
  document.body.append(greeting);
  document.getElementById('spinner').remove();
}, 300)">Greet</button>
<span id="spinner">…</span>
"#;

#[tokio::test]
async fn the_helpers_type_click_wait_and_fail_showing_the_page() {
    let mut browser = Browser::new().await.unwrap();
    browser.goto("about:blank").await.unwrap();
    browser
        .run_js(
            "document.body.innerHTML = arguments[0];",
            vec![json!(GREETER)],
        )
        .await
        .unwrap();

    browser.fill("#name", "Jana").await.unwrap();
    browser.fill("#name", "Petr").await.unwrap();
    browser.click("#greet").await.unwrap();

    let greeting = browser.wait_for_text("p", "Hello, ").await.unwrap();
    assert_eq!(greeting.text().await.unwrap(), "Hello, Petr");
    browser.wait_for_absent("#spinner").await.unwrap();

    browser.set_patience(Duration::from_millis(200));
    let missing = browser.wait_for("#never").await.unwrap_err().to_string();
    assert!(missing.contains("`#never` to appear"), "{missing}");
    assert!(missing.contains("<p>Hello, Petr</p>"), "{missing}");
    let wrong_text = browser
        .wait_for_text("p", "Goodbye")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        wrong_text.contains(r#"`p` to contain "Goodbye""#),
        "{wrong_text}"
    );
    let still_there = browser.wait_for_absent("#name").await.unwrap_err();
    assert!(still_there.to_string().contains("`#name` to go away"));
    browser.close().await.unwrap();
}

#[test]
fn without_chromedriver_the_browser_tests_fail_saying_what_to_install() {
    let empty = tempfile::tempdir().unwrap();

    let not_found = find_chromedriver(None, Some(empty.path().into()))
        .unwrap_err()
        .to_string();
    let not_a_file = find_chromedriver(Some(empty.path().join("chromedriver").into()), None)
        .unwrap_err()
        .to_string();

    assert!(
        not_found.contains("apt-get install chromium chromium-driver"),
        "{not_found}"
    );
    assert!(
        not_a_file.contains("FRONTDESK_TEST_CHROMEDRIVER"),
        "{not_a_file}"
    );
}
