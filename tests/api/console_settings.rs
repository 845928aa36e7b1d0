//! The page settings in the console over plain HTTP: saving the week grid, an invalid interval
//! beside its field with nothing saved, who may open what, versions and restoring one, the
//! preview's simulator, and the access token never shown. (`console_settings_browser` drives
//! the grid and the preview in a real browser.)

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

use crate::console::ConsoleClient;
use crate::helpers::*;

fn settings_path(page: &str) -> String {
    format!("/console/pages/{page}")
}

/// The week grid as the form posts it: every day's rows (`from`, `to`), Monday first.
fn week(days: [&[(&str, &str)]; 7]) -> Vec<(String, String)> {
    let keys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut fields = vec![("parts".to_owned(), "hours".to_owned())];
    for (key, rows) in keys.into_iter().zip(days) {
        // Each day ends with the form's empty row.
        for (from, to) in rows.iter().chain([&("", "")]) {
            fields.push((format!("hours_{key}_from"), (*from).to_owned()));
            fields.push((format!("hours_{key}_to"), (*to).to_owned()));
        }
    }
    fields
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

const NINE_FIVE: &[(&str, &str)] = &[("09:00", "17:00")];

async fn stored(app: &TestApp) -> frontdesk::domain::page::PageFile {
    app.pages.find(PAGE_ID).await.unwrap().unwrap()
}

#[tokio::test]
async fn an_admin_saves_the_week_grid_and_the_page_works_by_it() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;

    let list = eva.get("/console/pages").await;
    assert_eq!(list.status(), 200);
    let list = list.text().await.unwrap();
    assert!(
        list.contains(&format!("href=\"{}\"", settings_path(PAGE_ID))),
        "{list}"
    );
    assert!(list.contains("Kavárna U Zvonu e-shop"));
    let form = eva.get(&settings_path(PAGE_ID)).await.text().await.unwrap();
    assert!(
        form.contains("id=\"hours-fri-1-from\" name=\"hours_fri_from\" value=\"13:00\""),
        "{form}"
    );

    let mut fields = week([
        NINE_FIVE,
        &[("10:00", "18:00")],
        NINE_FIVE,
        NINE_FIVE,
        &[("09:00", "12:00"), ("13:00", "16:00")],
        &[("20:00", "02:00")],
        &[],
    ]);
    // Christmas Eve becomes a working day; New Year's Day stays closed.
    for (name, value) in [
        ("parts", "holidays"),
        ("holidays_country", "CZ"),
        ("holidays_year", "2026"),
        ("holiday_shown", "new_year"),
        ("holiday_on", "new_year"),
        ("holiday_shown", "christmas_eve"),
        ("own_date", "2026-12-31"),
        ("own_repeat", "yearly"),
        ("own_name", "Silvestr"),
        ("own_date", ""),
        ("own_repeat", "once"),
        ("own_name", ""),
    ] {
        fields.push((name.to_owned(), value.to_owned()));
    }
    fields.push(("csrf".to_owned(), eva.csrf.clone()));
    let saved = eva
        .post_form(&settings_path(PAGE_ID), &pairs(&fields))
        .await;

    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        saved.headers()[LOCATION],
        format!("{}?saved=2", settings_path(PAGE_ID)).as_str()
    );
    let page = stored(&app).await;
    assert_eq!(page.hours.tue, vec!["10:00-18:00"]);
    assert_eq!(page.hours.sat, vec!["20:00-02:00"]);
    assert_eq!(page.hours.fri, vec!["09:00-12:00", "13:00-16:00"]);
    assert!(page.hours.sun.is_empty());
    assert_eq!(page.holidays.disabled, vec!["christmas_eve"]);
    assert_eq!(page.holidays.own.len(), 1);
    assert_eq!(page.holidays.own[0].date, "12-31");
    // The parts the post did not carry are as they were.
    assert_eq!(page.name, "Kavárna U Zvonu e-shop");
    assert_eq!(page.special_days.len(), 2);
    use secrecy::ExposeSecret;
    assert_eq!(page.access_token.expose_secret(), PAGE_TOKEN);
    let versions = app.pages.versions(PAGE_ID).await.unwrap();
    assert_eq!(versions.last().unwrap().by, "Eva");
    assert_eq!(versions.last().unwrap().changed, vec!["holidays", "hours"]);
    // The page now works by it: Tuesday 10:00 in Prague is open (it opened at 10:00).
    let live = app.pages.get(page.channel, PAGE_ID).await.unwrap().unwrap();
    assert!(live.schedule.is_open(tuesday_morning()));
    assert!(
        !live
            .schedule
            .is_open(tuesday_morning() - chrono::Duration::minutes(1))
    );

    let shown = eva
        .get(&format!("{}?saved=2", settings_path(PAGE_ID)))
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.contains("Saved as version 2."), "{shown}");
    assert!(shown.contains("id=\"hours-sat-0-to\" name=\"hours_sat_to\" value=\"02:00\""));
    assert!(
        shown.contains("→ next day"),
        "Saturday's night shift is marked"
    );

    // With htmx the form comes back in place and tells the preview to follow.
    let mut again = week([
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        &[],
        &[],
    ]);
    again.push(("parts".into(), "page".into()));
    for (name, value) in [
        ("name", "U Zvonu"),
        ("time_zone", "Europe/Prague"),
        ("language", "cs"),
        ("tone", "informal"),
        ("signature_mode", "same"),
        ("signature", "Tým U Zvonu"),
        ("staff_signature", "— {agent}, U Zvonu"),
    ] {
        again.push((name.into(), value.into()));
    }
    let swapped = eva.post_htmx(&settings_path(PAGE_ID), &pairs(&again)).await;
    assert_eq!(swapped.status(), 200);
    assert_eq!(swapped.headers()["hx-trigger"], "settings-saved");
    let fragment = swapped.text().await.unwrap();
    assert!(
        fragment.contains("<form id=\"settings-form\""),
        "{fragment}"
    );
    assert!(!fragment.contains("<html"), "only the form");
    assert!(fragment.contains("Saved as version 3."));
    let page = stored(&app).await;
    assert_eq!(page.name, "U Zvonu");
    assert_eq!(page.hours.fri, vec!["09:00-17:00"]);
    assert_eq!(
        page.signature,
        frontdesk::domain::page::Signature::Everywhere("Tým U Zvonu".into())
    );
    assert_eq!(page.tone, frontdesk::domain::page::Tone::Informal);
}

#[tokio::test]
async fn an_invalid_interval_is_422_beside_its_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let mut fields = week([
        NINE_FIVE,
        &[("11:00", "17:00")],
        NINE_FIVE,
        NINE_FIVE,
        &[("09:00", "12:00"), ("13:00", "25:00")],
        &[],
        &[],
    ]);
    // A valid change in another part of the same post is not saved either.
    fields.push(("parts".into(), "templates".into()));
    fields.push(("tpl_acknowledgement".into(), "Hned jsme u vás.".into()));

    let refused = eva
        .post_htmx(&settings_path(PAGE_ID), &pairs(&fields))
        .await;

    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    let row = html
        .split("<li class=\"interval\" id=\"hours-fri-1\">")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or_else(|| panic!("Friday's second interval is on the form: {html}"));
    assert!(
        row.contains("value=\"25:00\""),
        "what was typed stays: {row}"
    );
    assert!(row.contains("aria-invalid=\"true\""), "{row}");
    assert!(
        row.contains("id=\"hours-fri-1-error\" role=\"alert\""),
        "{row}"
    );
    assert!(row.contains("is not a time of day"), "{row}");
    assert!(
        html.contains("href=\"#hours-fri-1\""),
        "the summary links to it"
    );
    assert!(
        html.contains("value=\"11:00\""),
        "the rest of the form is kept"
    );
    let page = stored(&app).await;
    assert_eq!(page.hours.fri, vec!["09:00-12:00", "13:00-16:00"]);
    assert_eq!(page.hours.tue, vec!["09:00-17:00"]);
    assert!(page.templates.acknowledgement.is_none());
    assert_eq!(app.pages.versions(PAGE_ID).await.unwrap().len(), 1);

    // A plain form post gets the whole page, also 422, the error beside the same field.
    fields.push(("csrf".into(), eva.csrf.clone()));
    let page = eva
        .post_form(&settings_path(PAGE_ID), &pairs(&fields))
        .await;
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.text().await.unwrap();
    assert!(html.contains("<html"));
    assert!(html.contains("id=\"hours-fri-1-error\""), "{html}");
    assert_eq!(app.pages.versions(PAGE_ID).await.unwrap().len(), 1);
}

#[tokio::test]
async fn errors_of_other_parts_land_beside_their_own_fields() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("parts", "page"),
                ("name", "U Zvonu"),
                ("time_zone", "Europe/Praha"),
                ("language", "cs"),
                ("tone", "formal"),
                ("signature_mode", "same"),
                ("staff_signature", "—"),
            ],
            "id=\"f-time_zone-error\"",
        ),
        (
            &[
                ("parts", "special_days"),
                ("sd_name", "Inventura"),
                ("sd_from", "2026-08-10"),
                ("sd_to", "2026-08-01"),
                ("sd_repeat", "once"),
                ("sd_hours", ""),
            ],
            "id=\"sd-0-error\"",
        ),
        (
            &[
                ("parts", "templates"),
                ("tpl_after_hours", "Zavřeno do {kdy}."),
            ],
            "id=\"f-tpl-after_hours-error\"",
        ),
        (
            &[
                ("parts", "service"),
                ("first_response_minutes", "soon"),
                ("auto_reply_cooldown_minutes", "240"),
                ("stale_after_hours", "48"),
            ],
            "id=\"f-first_response_minutes-error\"",
        ),
    ];
    for (fields, beside) in cases {
        let refused = eva.post_htmx(&settings_path(PAGE_ID), fields).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}"
        );
        let html = refused.text().await.unwrap();
        assert!(html.contains(beside), "{beside} in {html}");
    }
    assert_eq!(app.pages.versions(PAGE_ID).await.unwrap().len(), 1);
}

#[tokio::test]
async fn agents_get_403_and_another_pages_admin_404() {
    let app = spawn_app().await;
    let mut jana = ConsoleClient::signed_in(&app, JANA).await;
    let mut oskar = ConsoleClient::signed_in(&app, OSKAR_ADMIN_OTHER_PAGE).await;
    let settings = settings_path(PAGE_ID);
    let versions = format!("{settings}/versions");

    for path in ["/console/pages", &settings, &versions] {
        assert_eq!(
            jana.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let week = week([NINE_FIVE, &[], &[], &[], &[], &[], &[]]);
    assert_eq!(
        jana.post_htmx(&settings, &pairs(&week)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        jana.post_htmx(&format!("{settings}/preview"), &[("try_text", "ahoj")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    for path in [&settings, &versions] {
        assert_eq!(
            oskar.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        oskar.post_htmx(&settings, &pairs(&week)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        oskar
            .post_htmx(&format!("{versions}/1/restore"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let his = oskar.get("/console/pages").await;
    assert_eq!(his.status(), 200);
    assert!(!his.text().await.unwrap().contains(PAGE_ID));
    assert_eq!(stored(&app).await.hours.tue, vec!["09:00-17:00"]);

    // The owner sees every page; the nav shows the area to admins only.
    let mut owner = ConsoleClient::signed_in(&app, API_TOKEN).await;
    assert!(
        owner
            .get("/console/pages")
            .await
            .text()
            .await
            .unwrap()
            .contains(PAGE_ID)
    );
    let inbox = jana.get("/console").await.text().await.unwrap();
    assert!(!inbox.contains("href=\"/console/pages\""));
    let inbox = owner.get("/console").await.text().await.unwrap();
    assert!(inbox.contains("href=\"/console/pages\""));
}

#[tokio::test]
async fn versions_show_who_changed_what_and_an_old_one_is_restored() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let week = week([
        NINE_FIVE,
        &[("10:00", "18:00")],
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        &[],
        &[],
    ]);
    assert_eq!(
        eva.post_htmx(&settings_path(PAGE_ID), &pairs(&week))
            .await
            .status(),
        200
    );
    let versions = format!("{}/versions", settings_path(PAGE_ID));

    let listed = eva.get(&versions).await.text().await.unwrap();
    let newest = listed.find("id=\"version-2\"").expect("version 2 listed");
    let oldest = listed.find("id=\"version-1\"").expect("version 1 listed");
    assert!(newest < oldest, "newest first");
    assert!(listed.contains("<td>Eva</td>"), "{listed}");
    assert!(listed.contains("<code>hours</code>"));
    // By default the latest is compared with the one before, field by field.
    assert!(listed.contains("<code>hours.tue[0]</code>"), "{listed}");
    assert!(
        listed
            .contains("<td class=\"before\">09:00-17:00</td><td class=\"after\">10:00-18:00</td>"),
        "{listed}"
    );
    assert!(
        listed.contains("<code>hours.fri[1]</code>"),
        "Friday's second interval went"
    );
    let same = eva
        .get(&format!("{versions}?from=2&to=2"))
        .await
        .text()
        .await
        .unwrap();
    assert!(same.contains("No differences."));

    let restored = eva
        .post_form(
            &format!("{versions}/1/restore"),
            &[("csrf", eva.csrf.clone().as_str())],
        )
        .await;
    assert_eq!(restored.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        restored.headers()[LOCATION],
        format!("{versions}?restored=3").as_str()
    );
    let page = stored(&app).await;
    assert_eq!(page.hours.tue, vec!["09:00-17:00"]);
    assert_eq!(page.hours.fri, vec!["09:00-12:00", "13:00-16:00"]);
    let listed = eva
        .get(&format!("{versions}?restored=3"))
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("Restored as version 3."));
    assert!(listed.contains("id=\"version-3\""));
    // A restore is a change like any other: it needs the form's token.
    let forged = eva
        .post_form(&format!("{versions}/2/restore"), &[("csrf", "guess")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.pages.versions(PAGE_ID).await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_preview_follows_unsaved_hours_and_the_simulator_answers() {
    let app = spawn_app().await;
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let preview = format!("{}/preview", settings_path(PAGE_ID));

    // Saved hours: Tuesday 10:00 in Prague is open.
    let saved = eva.post_htmx(&preview, &[]).await;
    assert_eq!(saved.status(), 200);
    let saved = saved.text().await.unwrap();
    assert!(saved.contains("Open now"), "{saved}");
    assert!(saved.contains("09:00–17:00"));

    // Unsaved: Tuesday from 11:00 means closed now, back at 11:00.
    let mut fields = week([
        NINE_FIVE,
        &[("11:00", "17:00")],
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        &[],
        &[],
    ]);
    fields.push(("try_text".into(), "Kde je moje objednávka?".into()));
    let unsaved = eva
        .post_htmx(&preview, &pairs(&fields))
        .await
        .text()
        .await
        .unwrap();
    assert!(unsaved.contains("Closed now"), "{unsaved}");
    assert!(
        unsaved.contains("<span id=\"next-open\"><time datetime=\"2026-11-24T10:00:00Z\""),
        "{unsaved}"
    );
    assert!(
        unsaved.contains("Automatic reply: after-hours reply"),
        "{unsaved}"
    );
    assert!(
        unsaved.contains("Teď máme zavřeno, odpovíme vám dnes v 11:00"),
        "{unsaved}"
    );
    assert_eq!(
        stored(&app).await.hours.tue,
        vec!["09:00-17:00"],
        "nothing saved"
    );

    // A chosen time, as a comment on a post.
    let at_night = eva
        .post_htmx(
            &preview,
            &[
                ("try_text", "Máte otevřeno?"),
                ("try_at", "2026-11-27T22:00"),
                ("try_arrival", "comment"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(at_night.contains("a person takes it over"), "{at_night}");
    assert!(at_night.contains("a comment"), "{at_night}");

    // An invalid form has no preview, saying why.
    let mut broken = week([&[("9", "17")], &[], &[], &[], &[], &[], &[]]);
    broken.push(("try_text".into(), "ahoj".into()));
    let broken = eva
        .post_htmx(&preview, &pairs(&broken))
        .await
        .text()
        .await
        .unwrap();
    assert!(broken.contains("id=\"preview-invalid\""), "{broken}");
    assert!(broken.contains("hours.mon[0]"));
}

#[tokio::test]
async fn the_access_token_never_appears_and_survives_every_save() {
    let app = spawn_app().await;
    // The token changes once through the API, so a version differs in it.
    let new_token = "EAAGnewPageTokenNeverShown987";
    let patched = app
        .call(
            reqwest::Method::PATCH,
            &page_path(PAGE_ID),
            Some(API_TOKEN),
            Some(json!({ "access_token": new_token })),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let mut eva = ConsoleClient::signed_in(&app, EVA_ADMIN).await;
    let week = week([
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        NINE_FIVE,
        &[],
        &[],
    ]);
    let saved = eva.post_htmx(&settings_path(PAGE_ID), &pairs(&week)).await;
    let mut pages = vec![saved.text().await.unwrap()];
    let settings = settings_path(PAGE_ID);
    for path in [
        "/console/pages".to_owned(),
        settings.clone(),
        format!("{settings}/versions"),
        format!("{settings}/versions?from=1&to=2"),
        format!("{settings}/versions?from=1&to=3"),
    ] {
        let response = eva.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        pages.push(response.text().await.unwrap());
    }
    pages.push(
        eva.post_htmx(&format!("{settings}/preview"), &[("try_text", "ahoj")])
            .await
            .text()
            .await
            .unwrap(),
    );
    for html in &pages {
        assert!(!html.contains(PAGE_TOKEN), "the old token shows");
        assert!(!html.contains(new_token), "the new token shows");
        assert!(!html.contains("EAAG"), "part of a token shows");
    }
    assert!(pages[4].contains("access_token_changed"), "{}", pages[4]);
    assert!(pages[4].contains("changed (never shown)"));
    use secrecy::ExposeSecret;
    assert_eq!(stored(&app).await.access_token.expose_secret(), new_token);
}
