//! Property-based fuzzing of everything that computes with input from outside: both webhook
//! parsers (with the ingest path's timestamp check), `decide`, the schedule and the queue
//! listing's due and window times. Each property only asserts that nothing panics and that
//! answers stay ordered; any instant chrono can represent is fair game.
//!
//! CI runs proptest's default number of cases. A long run outside CI sets the case count:
//!
//! ```text
//! PROPTEST_CASES=250000 cargo test --release --test fuzz
//! ```

#![allow(clippy::unwrap_used)]

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;
use frontdesk::channels::{messenger, x};
use frontdesk::domain::conversation::Conversation;
use frontdesk::domain::event::{Channel, Inbound, InboundKind};
use frontdesk::domain::locale::Locales;
use frontdesk::domain::page::{Page, PageFile};
use frontdesk::domain::policy::decide;
use frontdesk::domain::schedule::{Interval, Override, Schedule, WeeklyHours};
use frontdesk::http::webhooks::keep_sent_at_sane;
use frontdesk::queue::QueueTimes;
use proptest::prelude::*;
use serde_json::{Value, json};

static LOCALES: LazyLock<Locales> = LazyLock::new(|| Locales::bundled().unwrap());

fn example_file() -> PageFile {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("responses/pages/example.toml");
    frontdesk::pages::read_page_file(&path).unwrap()
}

static EXAMPLE: LazyLock<PageFile> = LazyLock::new(example_file);

/// Any instant chrono can represent, with extra weight on the edges and on today.
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    prop_oneof![
        (min..=max).prop_map(move |s| DateTime::from_timestamp(s, 0).unwrap()),
        (min..min + 400 * 86_400).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap()),
        (max - 400 * 86_400..=max).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap()),
        (1_700_000_000i64..1_900_000_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap()),
    ]
}

/// A millisecond count as a platform might send it: realistic, absurd or at i64's edges.
fn any_millis() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        1_700_000_000_000i64..1_900_000_000_000,
        Just(8_210_266_833_600_000),
        Just(i64::MAX),
        Just(i64::MIN),
    ]
}

fn zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(vec![
        chrono_tz::Europe::Prague,
        chrono_tz::Europe::Kyiv,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Sydney,
        chrono_tz::Pacific::Kiritimati,
        chrono_tz::Pacific::Pago_Pago,
        chrono_tz::UTC,
    ])
}

fn hours() -> impl Strategy<Value = Vec<String>> {
    let interval = (0u32..24, 0u32..4, 0u32..25, 0u32..4)
        .prop_map(|(h1, q1, h2, q2)| format!("{h1:02}:{:02}-{h2:02}:{:02}", q1 * 15, q2 * 15));
    prop::collection::vec(interval, 0..3)
}

/// The example page, validated once (its FAQ is costly to build).
static EXAMPLE_PAGE: LazyLock<Page> = LazyLock::new(|| EXAMPLE.clone().validate().unwrap());

/// The example page with random hours, time zone, override, crisis and durations. Set
/// directly, not through validation, so instants at chrono's limits reach the code too.
fn page() -> impl Strategy<Value = Page> {
    (
        zone(),
        prop::array::uniform7(hours()),
        prop::option::of((any::<bool>(), any_instant())),
        prop::option::of((any_instant(), any_instant())),
        prop::option::of(0u32..=u32::MAX),
        0u32..=u32::MAX,
        0u32..=u32::MAX,
    )
        .prop_map(
            |(tz, days, override_, crisis, first_response, cooldown, stale)| {
                let mut page = EXAMPLE_PAGE.clone();
                let days = days.map(|day| {
                    day.iter()
                        .filter_map(|text| Interval::parse(text).ok())
                        .collect()
                });
                page.schedule.time_zone = tz;
                page.schedule.hours = WeeklyHours::new(days);
                page.schedule.override_ = override_.map(|(away, until)| match away {
                    true => Override::AwayUntil { until },
                    false => Override::OpenUntil { until },
                });
                page.crisis = crisis.map(|(started_at, until)| {
                    serde_json::from_value(json!({"announcement": {"en": "Down"}, "started_at": started_at, "until": until}))
                        .unwrap()
                });
                let minutes = |m: u32| Duration::minutes(i64::from(m));
                page.first_response = first_response.map(minutes);
                page.auto_reply_cooldown = std::time::Duration::from_secs(u64::from(cooldown) * 60);
                page.stale_after = std::time::Duration::from_secs(u64::from(stale) * 3600);
                page
            },
        )
}

/// A page's schedule: hours in a time zone, holidays, special days, an override.
fn schedule() -> impl Strategy<Value = Schedule> {
    page().prop_map(|page| page.schedule)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        prop::sample::select(vec![
            "ok".to_owned(),
            "Dobrý den, kdy mi přijde balík?".to_owned(),
            "how much do you charge for shipping?".to_owned(),
            "Reklamace".to_owned(),
            "díky 👍".to_owned(),
        ]),
    ]
}

fn messenger_body() -> impl Strategy<Value = Vec<u8>> {
    let event = (any_millis(), text(), any::<bool>(), any::<bool>()).prop_map(
        |(timestamp, text, echo, postback)| {
            let mut event = json!({"sender": {"id": "7034819265011234"}, "recipient": {"id": "104857600123456"}, "timestamp": timestamp});
            if postback {
                event["postback"] = json!({"title": text, "payload": "P"});
            } else {
                event["message"] = json!({"mid": format!("m_{timestamp}"), "text": text, "is_echo": echo});
            }
            event
        },
    );
    let comment = (any_millis(), text()).prop_map(|(time, text)| {
        json!({"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": "1_2", "post_id": "1_3",
               "message": text, "created_time": time, "from": {"id": "55", "name": "A"}}})
    });
    (
        prop::collection::vec(event, 0..4),
        prop::collection::vec(comment, 0..2),
        any_millis(),
    )
        .prop_map(|(messaging, changes, time)| {
            serde_json::to_vec(&json!({"object": "page", "entry": [
                {"id": "104857600123456", "time": time, "messaging": messaging, "changes": changes}
            ]}))
            .unwrap()
        })
}

fn x_body() -> impl Strategy<Value = Vec<u8>> {
    let dm = (any_millis(), text()).prop_map(|(ts, text)| {
        json!({"type": "message_create", "id": format!("{ts}"), "created_timestamp": ts.to_string(),
               "message_create": {"target": {"recipient_id": "1602317347845976187"}, "sender_id": "1428747032328024187",
                                  "message_data": {"text": text}}})
    });
    let mention = (any_millis(), text()).prop_map(|(ts, text)| {
        json!({"id_str": format!("{ts}"), "text": format!("@acme {text}"), "timestamp_ms": ts.to_string(),
               "user": {"id_str": "1428747032328024187", "screen_name": "c"},
               "entities": {"user_mentions": [{"id_str": "1602317347845976187"}]}})
    });
    (
        prop::collection::vec(dm, 0..3),
        prop::collection::vec(mention, 0..2),
    )
        .prop_map(|(dms, mentions)| {
            serde_json::to_vec(&json!({"for_user_id": "1602317347845976187",
                "direct_message_events": dms, "tweet_create_events": mentions}))
            .unwrap()
        })
}

/// Arbitrary bytes, or a valid body with a few bytes flipped.
fn mangled<S: Strategy<Value = Vec<u8>>>(valid: fn() -> S) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        valid(),
        (
            valid(),
            prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)
        )
            .prop_map(|(mut body, flips)| {
                for (at, byte) in flips {
                    if !body.is_empty() {
                        let i = at.index(body.len());
                        body[i] = byte;
                    }
                }
                body
            }),
    ]
}

/// What the ingest path does with a delivery after its signature is checked.
fn ingest(
    parsed: Result<frontdesk::channels::Parsed, serde_json::Error>,
    received_at: DateTime<Utc>,
) -> Result<(), TestCaseError> {
    if let Ok(mut parsed) = parsed {
        for event in &mut parsed.events {
            keep_sent_at_sane(event, received_at);
            let latest = received_at
                .checked_add_signed(Duration::days(1))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            prop_assert!(
                event.sent_at == received_at
                    || (event.sent_at.year() >= 2004 && event.sent_at <= latest)
            );
            serde_json::to_vec(event).unwrap();
            event.display_text();
        }
    }
    Ok(())
}

fn message(text: String, sent_at: DateTime<Utc>) -> Inbound {
    Inbound {
        trace: Default::default(),
        channel: Channel::Messenger,
        page_id: EXAMPLE.id.clone(),
        customer_id: "7034819265011234".into(),
        message_id: "m_1".into(),
        sent_at,
        verified_by_app: None,
        kind: InboundKind::Message {
            text: Some(text),
            attachments: vec![],
            quick_reply: None,
        },
    }
}

/// A stored conversation with messages at any instants.
fn conversation() -> impl Strategy<Value = Conversation> {
    let message = (
        prop::sample::select(vec!["customer", "bot", "staff"]),
        any_instant(),
        any::<bool>(),
    );
    (
        any::<bool>(),
        any_instant(),
        prop::option::of(any_instant()),
        prop::collection::vec(message, 0..5),
    )
        .prop_map(|(x, created, resolved, messages)| {
            let messages: Vec<Value> = messages
                .into_iter()
                .enumerate()
                .map(|(i, (author, at, escalate))| {
                    json!({"id": format!("m{i}"), "author": author, "text": "t", "at": at,
                           "decision": {"escalate": escalate, "reasons": []}})
                })
                .collect();
            serde_json::from_value(json!({
                "channel": if x { "x" } else { "messenger" },
                "page_id": "104857600123456", "customer_id": "7034819265011234",
                "status": "new", "created_at": created, "updated_at": created,
                "resolved_at": resolved, "messages": messages,
            }))
            .unwrap()
        })
}

/// 32 cases keep CI short; `PROPTEST_CASES` sets it for a long run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_messenger_parser_and_ingest_never_panic(body in mangled(messenger_body), received_at in any_instant()) {
        ingest(messenger::parse(&body, "948271635012345", received_at), received_at)?;
    }

    #[test]
    fn the_x_parser_and_ingest_never_panic(body in mangled(x_body), received_at in any_instant()) {
        ingest(x::parse(&body, "29401847", received_at), received_at)?;
    }

    #[test]
    fn decide_never_panics(page in page(), text in text(), sent_at in any_instant(), now in any_instant(), held in any::<bool>()) {
        let decision = decide(&page, &LOCALES, &message(text, sent_at), now, held.then_some("Jana"));
        serde_json::to_vec(&decision).unwrap();
    }

    #[test]
    fn the_schedule_never_panics(
        s in schedule(),
        at in any_instant(),
        to in any_instant(),
        minutes in any::<i64>(),
    ) {
        let status = s.status(at);
        prop_assert_eq!(status.open, s.is_open(at));
        if let Some(open) = s.next_open(at) {
            prop_assert!(open >= at);
        }
        if let Some(close) = s.next_close(at) {
            prop_assert!(close >= at);
        }
        let working = Duration::try_minutes(minutes).unwrap_or(Duration::MAX);
        if let Some(due) = s.add_working_time(at, working.abs()) {
            prop_assert!(due >= at);
        }
        let between = s.working_time_between(at, to);
        prop_assert!(between >= Duration::zero());
    }

    #[test]
    fn the_queue_listing_times_never_panic(
        conversation in conversation(),
        page in prop::option::of(page()),
        now in any_instant(),
    ) {
        let times = QueueTimes::of(&conversation, page.as_ref(), now);
        if times.window_closing {
            prop_assert!(times.window_closes_at.is_some_and(|c| c > now));
        }
    }
}
