//! Kill and restart: work recorded (or half done) by a process that died is finished by the
//! next one.

use frontdesk::domain::conversation::Delivery;
use frontdesk::store::{ConversationStore, StreamStore};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

async fn restart(backend: Backend) {
    let first = spawn_app_on(backend.clone(), tuesday_morning()).await;
    let recorded_only = delivery(
        PAGE_ID,
        vec![text_message(
            "m_before_crash",
            "Dobrý den",
            tuesday_morning(),
        )],
    );
    assert_eq!(first.post_signed(&recorded_only).await.status(), 200);
    let mut other = text_message("m_half_done", "Haló", tuesday_morning());
    other["sender"]["id"] = "6619027734458810".into();
    assert_eq!(
        first
            .post_signed(&delivery(PAGE_ID, vec![other]))
            .await
            .status(),
        200
    );
    // The first process claims everything and dies before committing anything.
    let claimed = first
        .store
        .claim_events("doomed", 10, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 2);
    drop(claimed);
    first.stop().await;
    if let Backend::Embedded(path) = &backend {
        wait_until_released(path).await;
    }

    let graph = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"})))
        .expect(2)
        .mount(&graph)
        .await;
    let mut settings = test_settings(&backend, &graph);
    // The dead consumer's claims are free at once for this test.
    settings.worker.reclaim_after_ms = 0;
    let second = spawn_with(settings, backend, graph, tuesday_morning()).await;
    assert_eq!(second.worker.process_pending().await.unwrap(), 2);
    assert_eq!(second.outbox.send_pending().await.unwrap(), 2);
    let conversation = second.conversation().await;
    assert!(matches!(
        conversation.messages[1].delivery,
        Some(Delivery::Sent { .. })
    ));
    assert_eq!(second.store.queue(PAGE_ID).await.unwrap().len(), 2);
}

#[tokio::test]
async fn events_recorded_before_a_crash_are_processed_after_restart_on_redis() {
    restart(Backend::fresh_redis()).await;
}

#[tokio::test]
async fn events_recorded_before_a_crash_are_processed_after_restart_on_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    restart(Backend::Embedded(dir.path().join("frontdesk.redb"))).await;
}

/// The HTTP server's worker threads let go of the store a moment after the server stops; a
/// new process would not have to wait, a second app in the same process does.
async fn wait_until_released(path: &std::path::Path) {
    for _ in 0..100 {
        if frontdesk::store::embedded::EmbeddedStore::open(path, std::time::Duration::ZERO).is_ok()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the first app never released {}", path.display());
}
