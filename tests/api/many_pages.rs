//! Many pages: pages loaded on demand into a bounded cache answer from their own FAQ, an
//! FAQ changed on one instance reaches another whose pages share it, and importing a folder
//! twice saves each page once.

use std::sync::Arc;
use std::time::Duration;

use frontdesk::domain::event::Channel;
use frontdesk::domain::page::{FaqFile, PageFile};
use frontdesk::store::PageStore;
use serde_json::json;

use crate::helpers::*;

/// The example page under `id` with the example FAQ, its delivery price set to `price`.
fn priced_page(id: &str, price: u32) -> PageFile {
    let mut page = example_page_with_faq();
    page.id = id.into();
    page.name = format!("Shop {id}");
    let faq = include_str!("../../responses/faq/eshop.toml")
        .replace("Doprava stojí 89 Kč", &format!("Doprava stojí {price} Kč"));
    page.faq = Some(FaqFile::from_toml(&faq).expect("the example faq"));
    page
}

fn question_to(page: &str, customer: &str, mid: &str) -> Vec<u8> {
    delivery(
        page,
        vec![json!({
            "sender": {"id": customer},
            "recipient": {"id": page},
            "timestamp": tuesday_morning().timestamp_millis(),
            "message": {"mid": mid, "text": "Dobrý den, kolik stojí doprava?"}
        })],
    )
}

async fn within<F: std::future::Future>(wait: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(5), wait)
        .await
        .expect("in time")
}

#[tokio::test]
async fn cold_pages_answer_from_their_own_faq_through_a_cache_of_two() {
    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.page_cache_ttl_ms = 3_600_000;
    settings.page_cache_size = 2;
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    app.accept_sends().await;
    let ids: Vec<String> = (0..5).map(|i| format!("30000000000000{i}")).collect();
    let pages: Vec<PageFile> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| priced_page(id, 100 + i as u32))
        .collect();
    app.pages
        .import(&pages, "test", app.clock.now())
        .await
        .expect("imported");

    // Every page answered once, then the first again: it left the cache meanwhile.
    let order = ids.iter().enumerate().chain([(0, &ids[0])]);
    for (n, (i, id)) in order.enumerate() {
        let response = app
            .post_signed(&question_to(
                id,
                &format!("customer-{n}"),
                &format!("m_cold_{n}"),
            ))
            .await;
        assert_eq!(response.status(), 200);
        app.drain().await;
        let sent = app.sent_texts().await;
        let last = sent.last().expect("a reply was sent");
        assert!(
            last.contains(&format!("Doprava stojí {} Kč", 100 + i)),
            "page {id} answered {last:?}"
        );
        assert!(app.pages.stats().pages <= 2, "{:?}", app.pages.stats());
    }
    assert!(app.pages.stats().loads >= 6, "{:?}", app.pages.stats());
}

#[tokio::test]
async fn an_faq_changed_on_one_instance_reaches_another_whose_pages_share_it() {
    let backend = Backend::fresh_redis();
    let start = |backend: Backend| async move {
        let graph = wiremock::MockServer::start().await;
        let mut settings = test_settings(&backend, &graph);
        // Far longer than the test: only the notice can make b read the page again.
        settings.page_cache_ttl_ms = 3_600_000;
        spawn_with(settings, backend, graph, tuesday_morning()).await
    };
    let a = start(backend.clone()).await;
    let b = start(backend).await;
    let (first, second) = ("310000000000001", "310000000000002");
    a.pages
        .import(
            &[priced_page(first, 120), priced_page(second, 120)],
            "test",
            a.clock.now(),
        )
        .await
        .expect("imported");
    let on_b = |id: &'static str| {
        let pages = b.pages.clone();
        async move {
            pages
                .get(Channel::Messenger, id)
                .await
                .unwrap()
                .expect("configured")
        }
    };
    let (one, two) = (on_b(first).await, on_b(second).await);
    assert!(Arc::ptr_eq(&one.faq, &two.faq), "b shares one index");

    let saved = a
        .pages
        .import(&[priced_page(first, 130)], "test", a.clock.now())
        .await
        .expect("imported");
    assert_eq!(saved, vec![frontdesk::pages::Imported::Saved(2)]);
    let changed = within(async {
        loop {
            let page = on_b(first).await;
            if !Arc::ptr_eq(&page.faq, &one.faq) {
                break page;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    let answers = format!("{:?}", changed.faq_answers);
    assert!(answers.contains("Doprava stojí 130 Kč"), "{answers}");
    // The other page keeps the index it shared.
    assert!(Arc::ptr_eq(&on_b(second).await.faq, &two.faq));
}

async fn import_twice_on(backend: Backend) {
    let app = spawn_app_on(backend, tuesday_morning()).await;
    let folder = tempfile::tempdir().expect("a folder");
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("responses/pages/example.toml"),
    )
    .expect("the example");
    // FAQ files beside the pages would be read as pages: they live in a folder of their own.
    std::fs::create_dir(folder.path().join("faq")).expect("a folder");
    std::fs::write(
        folder.path().join("faq/eshop.toml"),
        include_str!("../../responses/faq/eshop.toml"),
    )
    .expect("written");
    for i in 0..3 {
        let text = example
            .replace("104857600123456", &format!("32000000000000{i}"))
            .replace("../faq/eshop.toml", "faq/eshop.toml");
        std::fs::write(folder.path().join(format!("page-{i}.toml")), text).expect("written");
    }
    std::fs::write(folder.path().join("notes.txt"), "not a page").expect("written");
    let paths = [folder.path().to_path_buf()];
    let first = frontdesk::cli::pages::import(&app.pages, &paths)
        .await
        .expect("imported");
    assert_eq!((first.saved, first.unchanged), (3, 0));
    let second = frontdesk::cli::pages::import(&app.pages, &paths)
        .await
        .expect("imported");
    assert_eq!((second.saved, second.unchanged), (0, 3));
    for i in 0..3 {
        let versions = app
            .store
            .page_versions(Channel::Messenger, &format!("32000000000000{i}"))
            .await
            .expect("readable");
        assert_eq!(versions.len(), 1);
    }
    // A bad file names itself, and its batch is not saved.
    std::fs::write(folder.path().join("page-9.toml"), "id = 12").expect("written");
    let refused = frontdesk::cli::pages::import(&app.pages, &paths)
        .await
        .expect_err("refused");
    assert!(
        format!("{refused:#}").contains("page-9.toml"),
        "{refused:#}"
    );
}

#[tokio::test]
async fn importing_a_folder_twice_saves_each_page_once_on_redis() {
    import_twice_on(Backend::fresh_redis()).await;
}

#[tokio::test]
async fn importing_a_folder_twice_saves_each_page_once_on_the_embedded_store() {
    let dir = tempfile::tempdir().expect("a folder");
    import_twice_on(Backend::Embedded(dir.path().join("store.redb"))).await;
}
