//! The page settings in a real browser: an admin changes the week grid and the preview and
//! the simulator follow before anything is saved; saving keeps them following, and an invalid
//! interval shows its error beside the field.

use crate::console_browser::signed_in;
use crate::helpers::*;

#[tokio::test]
async fn changing_the_week_grid_moves_the_preview_and_the_simulator() {
    let app = spawn_app().await;
    let browser = signed_in(&app, EVA_ADMIN).await;
    browser.click("nav a[href='/console/pages']").await.unwrap();
    browser
        .click(&format!("a[href='/console/pages/{PAGE_ID}']"))
        .await
        .unwrap();

    // Tuesday 10:00 in Prague: open, and a message gets the acknowledgement.
    browser
        .wait_for_text("#now-state", "Open now")
        .await
        .unwrap();
    browser
        .fill("#try-text", "Kde je moje objednávka?")
        .await
        .unwrap();
    browser
        .wait_for_text("#trial-summary", "Automatic reply: acknowledgement")
        .await
        .unwrap();

    // Tuesday from 11:00 instead: closed now, the after-hours reply promises 11:00.
    browser.fill("#hours-tue-0-from", "11:00").await.unwrap();
    browser
        .wait_for_text("#now-state", "Closed now")
        .await
        .unwrap();
    browser
        .wait_for_text("#trial-summary", "after-hours reply")
        .await
        .unwrap();
    browser
        .wait_for_text("#trial-reply", "odpovíme vám dnes v 11:00")
        .await
        .unwrap();
    browser
        .wait_for_text("#week-preview .today", "11:00–17:00")
        .await
        .unwrap();
    let stored = app.pages.find(PAGE_ID).await.unwrap().unwrap();
    assert_eq!(stored.hours.tue, vec!["09:00-17:00"], "nothing saved yet");

    browser.click("#save-settings").await.unwrap();
    browser
        .wait_for_text("#saved-notice", "Saved as version 2")
        .await
        .unwrap();
    let stored = app.pages.find(PAGE_ID).await.unwrap().unwrap();
    assert_eq!(stored.hours.tue, vec!["11:00-17:00"]);

    // The form came back in place; the preview still follows it.
    browser.fill("#hours-tue-0-from", "09:30").await.unwrap();
    browser
        .wait_for_text("#now-state", "Open now")
        .await
        .unwrap();
    browser
        .wait_for_text("#trial-summary", "acknowledgement")
        .await
        .unwrap();

    // An impossible time: the error beside Friday's second interval, nothing saved.
    browser.fill("#hours-fri-1-to", "25:00").await.unwrap();
    browser.click("#save-settings").await.unwrap();
    browser
        .wait_for_text("#hours-fri-1-error", "is not a time of day")
        .await
        .unwrap();
    let invalid = browser
        .wait_for("#hours-fri-1-to[aria-invalid='true']")
        .await
        .unwrap();
    assert_eq!(
        invalid.prop("value").await.unwrap().as_deref(),
        Some("25:00")
    );
    let stored = app.pages.find(PAGE_ID).await.unwrap().unwrap();
    assert_eq!(stored.hours.tue, vec!["11:00-17:00"]);
    assert_eq!(stored.hours.fri, vec!["09:00-12:00", "13:00-16:00"]);
    browser.close().await.unwrap();
}
