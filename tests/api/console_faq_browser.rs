//! The FAQ editor in a real browser: an admin accepts a suggestion learned from a staff answer,
//! and "try a message" (htmx) shows the FAQ answering that phrasing now.

use frontdesk::domain::locale::Language;

use crate::console_browser::signed_in;
use crate::console_faq::{app_with_faq, faq_path, staff_answered, versions};
use crate::helpers::*;

#[tokio::test]
async fn an_admin_accepts_a_suggestion_in_the_browser() {
    let app = app_with_faq().await;
    staff_answered(
        &app,
        "7034819265011301",
        "m_b1",
        "Posíláte i do Švýcarska?",
        "Ano, do Švýcarska posíláme přes DHL.",
    )
    .await;
    let before = versions(&app).await;
    let browser = signed_in(&app, EVA_ADMIN).await;

    browser
        .goto(&format!("{}{}/learn", app.address, faq_path()))
        .await
        .unwrap();
    browser
        .wait_for_text(".suggestion .said", "Posíláte i do Švýcarska?")
        .await
        .unwrap();
    browser
        .click(".suggestion .add-example-button")
        .await
        .unwrap();
    browser
        .wait_for_text("#learn-notice", "Added to the FAQ")
        .await
        .unwrap();
    browser.wait_for("#no-suggestions").await.unwrap();

    assert_eq!(versions(&app).await, before + 1, "one new version");
    let stored = app.pages.find(PAGE_ID).await.unwrap().unwrap();
    let delivery = stored
        .faq
        .unwrap()
        .entries
        .into_iter()
        .find(|e| e.id == "delivery")
        .unwrap();
    assert!(delivery.examples[&Language::Cs].contains(&"Posíláte i do Švýcarska?".to_owned()));

    browser
        .goto(&format!("{}{}", app.address, faq_path()))
        .await
        .unwrap();
    browser
        .fill("#try-text", "Posíláte i do Švýcarska?")
        .await
        .unwrap();
    browser.click("#try-button").await.unwrap();
    browser
        .wait_for_text("#try-verdict", "Would answer with \u{201c}delivery\u{201d}")
        .await
        .unwrap();
    browser.close().await.unwrap();
}
