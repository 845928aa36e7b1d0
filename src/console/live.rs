//! Live updates in the console: every change to a conversation (see `crate::live`) reaches
//! each open console as a Server-Sent Event, filtered to the viewer's pages. The page reloads
//! the fragment the event concerns: the inbox rows on `conversation`, the open conversation
//! on the event named by its `live_id`.

use sha2::{Digest, Sha256};

use crate::domain::event::ConversationKey;

/// A conversation's name in live events and in the page (an HTML id and an SSE event name:
/// letters, digits and `-` only, whatever the platform's ids hold).
pub fn live_id(key: &ConversationKey) -> String {
    let digest = Sha256::digest(key.to_string().as_bytes());
    format!("c-{}", hex::encode(&digest[..8]))
}

use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use tokio::sync::broadcast::error::RecvError;

use crate::http::AppState;
use crate::http::auth::Caller;
use crate::live::LiveUpdate;

/// A comment line this often keeps proxies from closing an idle stream and tells a dead
/// client from a live one.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// A stream ends after this long; the browser reconnects by itself, through the session check
/// again (so a revoked token or an ended session stops receiving).
const STREAM_LIFETIME: Duration = Duration::from_secs(3600);

/// The SSE frames an update becomes for a viewer who may see its page: `conversation` (the
/// inbox reloads its rows) and the conversation's own event (its open panel reloads);
/// `resync` when updates may have been missed (everything reloads).
fn frames(update: &LiveUpdate, may_see: impl Fn(&str) -> bool) -> Option<String> {
    match update {
        LiveUpdate::Conversation { key, .. } if may_see(&key.page_id) => {
            let id = live_id(key);
            Some(format!(
                "event: conversation\ndata: {id}\n\nevent: {id}\ndata: {id}\n\n"
            ))
        }
        LiveUpdate::Resync => Some("event: resync\ndata: resync\n\n".to_owned()),
        _ => None,
    }
}

/// `GET /console/events`: the viewer's live updates as Server-Sent Events.
pub async fn events(caller: Caller, state: web::Data<AppState>) -> HttpResponse {
    let updates = state.store.live().subscribe();
    let shutdown = state.shutdown.clone();
    let ends = tokio::time::Instant::now() + STREAM_LIFETIME;
    // The first frame tells the browser how soon to reconnect after a drop.
    let opening = futures_util::stream::once(async {
        Ok::<_, actix_web::Error>(Bytes::from_static(b"retry: 1000\n: connected\n\n"))
    });
    let stream = futures_util::stream::unfold((updates, caller), move |(mut updates, caller)| {
        let shutdown = shutdown.clone();
        async move {
            loop {
                let frame = tokio::select! {
                    () = shutdown.cancelled() => return None,
                    () = tokio::time::sleep_until(ends) => return None,
                    () = tokio::time::sleep(HEARTBEAT) => Some(": heartbeat\n\n".to_owned()),
                    received = updates.recv() => match received {
                        Ok(update) => frames(&update, |page| caller.may_see(page)),
                        // Missed some: have the page reload everything.
                        Err(RecvError::Lagged(_)) => frames(&LiveUpdate::Resync, |_| true),
                        Err(RecvError::Closed) => return None,
                    },
                };
                if let Some(frame) = frame {
                    return Some((
                        Ok::<_, actix_web::Error>(Bytes::from(frame)),
                        (updates, caller),
                    ));
                }
            }
        }
    });
    use futures_util::StreamExt;
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(opening.chain(stream))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::Channel;
    use crate::live::Happened;

    #[test]
    fn updates_reach_only_viewers_of_their_page() {
        let key = ConversationKey {
            channel: Channel::Messenger,
            page_id: "p1".into(),
            customer_id: "c<1>".into(),
        };
        let update = LiveUpdate::conversation(&key, Happened::Changed);
        let frame = frames(&update, |page| page == "p1").expect("the viewer's page");
        let id = live_id(&key);
        assert!(frame.contains(&format!("event: {id}\n")));
        assert!(frame.starts_with("event: conversation\n"));
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        assert_eq!(frames(&update, |page| page == "p2"), None);
        let page = LiveUpdate::Page {
            channel: Channel::Messenger,
            id: "p1".into(),
        };
        assert_eq!(frames(&page, |_| true), None);
    }
}
