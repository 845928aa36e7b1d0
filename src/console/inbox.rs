//! The inbox: the conversations of the viewer's pages that need someone, filtered and ordered
//! as the viewer asks (by default the reply window that closes first), as a page and as the
//! rows fragment that live updates reload. The listing itself is `queue::list`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::format::{When, duration, excerpt};
use super::live::live_id;
use super::render::{Chrome, html, is_htmx};
use super::session::Viewer;
use super::views::{WindowView, channel_label, conversation_href};
use crate::domain::conversation::{Author, Status};
use crate::domain::decision::Priority;
use crate::domain::event::Channel;
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::queue::{self, Filter, Listed, Order};

/// The inbox's filters, as the form sends them (an empty field means "any").
#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    order: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    page: String,
}

/// The filters, checked: what the listing keeps and the form shows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub order: &'static str,
    pub status: String,
    pub label: String,
    pub assignee: &'static str,
    pub channel: String,
    pub page: String,
}

fn bad(field: &str) -> ApiError {
    ApiError::BadRequest(format!("{field} is not one of the offered values"))
}

/// One of an enum's snake_case names, or `None` for an empty field.
fn choice<T: serde::de::DeserializeOwned>(text: &str, field: &str) -> Result<Option<T>, ApiError> {
    if text.is_empty() {
        return Ok(None);
    }
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map(Some)
        .map_err(|_| bad(field))
}

impl InboxQuery {
    fn check(self) -> Result<(Chosen, Option<Order>, Filter), ApiError> {
        let order = match self.order.as_str() {
            "" | "window" => ("window", Order::Window),
            "waiting" => ("waiting", Order::Waiting),
            "priority" => ("priority", Order::Priority),
            _ => return Err(bad("order")),
        };
        let status = choice::<Status>(&self.status, "status")?;
        let channel = choice::<Channel>(&self.channel, "channel")?;
        let assignee = match self.assignee.as_str() {
            "" | "anyone" => "anyone",
            "me" => "me",
            "unassigned" => "unassigned",
            _ => return Err(bad("assignee")),
        };
        let label = self.label.trim().to_owned();
        let filter = Filter {
            status,
            label: (!label.is_empty()).then(|| label.clone()),
            assignee: None,
            unassigned: assignee == "unassigned",
            channel,
        };
        Ok((
            Chosen {
                order: order.0,
                status: self.status,
                label,
                assignee,
                channel: self.channel,
                page: self.page.trim().to_owned(),
            },
            Some(order.1),
            filter,
        ))
    }
}

/// One row of the inbox.
pub struct Row {
    pub href: String,
    pub live_id: String,
    pub customer: String,
    pub channel_name: &'static str,
    pub page_name: String,
    pub excerpt: String,
    pub waiting: String,
    pub waiting_since: Option<When>,
    pub due: Option<When>,
    pub overdue: bool,
    pub window: WindowView,
    pub high_priority: bool,
    pub status: Status,
    pub labels: Vec<String>,
    pub linked: Vec<String>,
    pub holder: Option<String>,
}

impl Row {
    pub fn of(listed: &Listed, now: DateTime<Utc>) -> Row {
        let c = &listed.conversation;
        let zone = listed
            .page
            .as_ref()
            .map_or(chrono_tz::UTC, |p| p.schedule.time_zone);
        let last = c
            .messages
            .iter()
            .rev()
            .find(|m| m.author == Author::Customer);
        let since = c.waiting_since().or(last.map(|m| m.at));
        Row {
            href: conversation_href(&c.key),
            live_id: live_id(&c.key),
            customer: c.key.customer_id.clone(),
            channel_name: channel_label(c.key.channel),
            page_name: listed
                .page
                .as_ref()
                .map_or_else(|| c.key.page_id.clone(), |p| p.name.clone()),
            excerpt: last.map(|m| excerpt(&m.text, 120)).unwrap_or_default(),
            waiting: since.map(|s| duration(now - s)).unwrap_or_default(),
            waiting_since: since.map(|s| When::at(s, zone, now)),
            due: listed.first_response_due.map(|d| When::at(d, zone, now)),
            overdue: listed.overdue,
            window: WindowView::of(
                c.key.channel,
                c.last_customer_message_at(),
                listed.window_closing,
                zone,
                now,
            ),
            high_priority: c.priority == Priority::High,
            status: c.status,
            labels: c.labels.iter().cloned().collect(),
            linked: listed
                .linked
                .iter()
                .map(|k| format!("{} · {}", k.channel, k.customer_id))
                .collect(),
            holder: c.assignee.clone(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "console/inbox.html")]
struct InboxPage<'a> {
    chrome: Chrome<'a>,
    chosen: Chosen,
    pages: Vec<(String, String)>,
    rows: Vec<Row>,
    unheld: usize,
}

#[derive(askama::Template)]
#[template(path = "console/_inbox_rows.html")]
struct InboxRows<'a> {
    chrome: Chrome<'a>,
    rows: Vec<Row>,
    unheld: usize,
}

async fn rows(
    caller: &Caller,
    state: &AppState,
    query: InboxQuery,
) -> Result<(Chosen, Vec<Row>), ApiError> {
    let (chosen, order, mut filter) = query.check()?;
    if chosen.assignee == "me" {
        filter.assignee = Some(caller.name.clone());
    }
    let asked = (!chosen.page.is_empty()).then_some(chosen.page.as_str());
    let pages = caller.pages_for(asked, &state.pages).await?;
    let now = state.clock.now();
    let listed = queue::list(
        &state.store,
        &state.pages,
        &pages,
        &filter,
        order,
        |page| caller.may_see(page),
        now,
    )
    .await?;
    Ok((chosen, listed.iter().map(|l| Row::of(l, now)).collect()))
}

/// `GET /console[?order=…&status=…&label=…&assignee=…&channel=…&page=…]`.
pub async fn inbox(
    req: HttpRequest,
    caller: Caller,
    viewer: Viewer,
    query: web::Query<InboxQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (chosen, rows) = rows(&caller, &state, query.into_inner()).await?;
    let chrome = Chrome::of(&viewer, viewer.lang.texts().inbox);
    let unheld = rows.iter().filter(|r| r.holder.is_none()).count();
    if is_htmx(&req) {
        return Ok(html(&InboxRows {
            chrome,
            rows,
            unheld,
        }));
    }
    let mut pages = Vec::new();
    for id in caller.pages_for(None, &state.pages).await? {
        let name = match state.pages.find(&id).await? {
            Some(file) => file.name.clone(),
            None => id.clone(),
        };
        pages.push((id, name));
    }
    Ok(html(&InboxPage {
        chrome,
        chosen,
        pages,
        rows,
        unheld,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_filter_values_are_refused_and_empty_ones_mean_any() {
        let (chosen, order, filter) = InboxQuery::default().check().unwrap();
        assert_eq!(chosen.order, "window");
        assert_eq!(order, Some(Order::Window));
        assert!(filter.status.is_none() && !filter.unassigned);
        let query = InboxQuery {
            status: "assigned".into(),
            assignee: "unassigned".into(),
            ..InboxQuery::default()
        };
        let (_, _, filter) = query.check().unwrap();
        assert_eq!(filter.status, Some(Status::Assigned));
        assert!(filter.unassigned);
        for query in [
            InboxQuery {
                order: "random".into(),
                ..InboxQuery::default()
            },
            InboxQuery {
                status: "<script>".into(),
                ..InboxQuery::default()
            },
            InboxQuery {
                channel: "fax".into(),
                ..InboxQuery::default()
            },
        ] {
            assert!(query.check().is_err());
        }
    }
}
