//! A customer's data in the console, for administrators (linked from the conversation page):
//! the export as a JSON download (`/console/customers/{channel}/{customer}/export`) and the
//! erasure (`…/erase`): first a confirmation page saying how much would go, then the erasure
//! itself by a form post (CSRF-checked like every console change) and what went. The rules
//! are `crate::privacy`'s and the API's `CustomerAdmin` lets only administrators in; the
//! words, in Czech and English, are here.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, HeaderValue};
use actix_web::{HttpResponse, web};
use askama::Template;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::i18n::Lang;
use super::render::{Chrome, html_with_status};
use super::session::Viewer;
use crate::domain::event::{Channel, ConversationKey};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::CustomerAdmin;
use crate::privacy::{self, Customer};
use crate::store::{Erased, PrivacyStore};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/customers/{channel}/{customer}/export",
        web::get().to(export),
    )
    .route(
        "/customers/{channel}/{customer}/erase",
        web::get().to(confirm),
    )
    .route(
        "/customers/{channel}/{customer}/erase",
        web::post().to(erase),
    );
}

/// The console's words for a customer's data.
pub struct PrivacyTexts {
    pub heading: &'static str,
    pub export: &'static str,
    pub erase: &'static str,
    pub confirm_heading: &'static str,
    pub confirm_intro: &'static str,
    pub nothing_kept: &'static str,
    pub confirm_button: &'static str,
    pub cancel: &'static str,
    pub erased_heading: &'static str,
    pub erased_intro: &'static str,
    pub no_audit_key: &'static str,
    pub conversations: &'static str,
    pub messages: &'static str,
    pub notes: &'static str,
    pub links: &'static str,
    pub replies: &'static str,
    pub other: &'static str,
    pub pages: &'static str,
}

const EN: PrivacyTexts = PrivacyTexts {
    heading: "Customer data",
    export: "Export (JSON)",
    erase: "Erase customer…",
    confirm_heading: "Erase this customer?",
    confirm_intro: "Everything kept about this customer on the pages you administer is removed for good: conversations, notes, links, replies not yet sent. The day's figures stay. The audit log records who erased, when and how much, never what.",
    nothing_kept: "Nothing is kept about this customer on your pages; erasing records the request only.",
    confirm_button: "Erase for good",
    cancel: "Cancel",
    erased_heading: "Customer erased",
    erased_intro: "Removed:",
    no_audit_key: "Erasure is off: set privacy.audit_key in the settings.",
    conversations: "conversations",
    messages: "messages",
    notes: "notes",
    links: "links",
    replies: "replies not yet sent",
    other: "other records (claims, pending events, list entries)",
    pages: "pages looked at",
};

const CS: PrivacyTexts = PrivacyTexts {
    heading: "Údaje zákazníka",
    export: "Export (JSON)",
    erase: "Vymazat zákazníka…",
    confirm_heading: "Vymazat tohoto zákazníka?",
    confirm_intro: "Vše, co je o zákazníkovi uloženo na stránkách, které spravujete, bude trvale odstraněno: konverzace, poznámky, propojení, dosud neodeslané odpovědi. Denní čísla zůstanou. Záznam auditu uvede, kdo, kdy a kolik vymazal, nikdy co.",
    nothing_kept: "O tomto zákazníkovi není na vašich stránkách nic uloženo; vymazání zaznamená jen žádost.",
    confirm_button: "Trvale vymazat",
    cancel: "Zpět",
    erased_heading: "Zákazník vymazán",
    erased_intro: "Odstraněno:",
    no_audit_key: "Mazání je vypnuté: nastavte privacy.audit_key.",
    conversations: "konverzace",
    messages: "zprávy",
    notes: "poznámky",
    links: "propojení",
    replies: "neodeslané odpovědi",
    other: "ostatní záznamy (nároky, nezpracované události, položky seznamů)",
    pages: "prohledané stránky",
};

pub fn texts(lang: Lang) -> &'static PrivacyTexts {
    match lang {
        Lang::En => &EN,
        Lang::Cs => &CS,
    }
}

/// Where a customer's data pages are.
pub fn customer_href(channel: Channel, customer_id: &str) -> String {
    format!(
        "/console/customers/{channel}/{}",
        utf8_percent_encode(customer_id, NON_ALPHANUMERIC)
    )
}

/// The links on the conversation page (administrators only).
pub struct CustomerDataLinks {
    pub href: String,
    pub p: &'static PrivacyTexts,
}

impl CustomerDataLinks {
    pub fn for_viewer(viewer: &Viewer, key: &ConversationKey) -> Option<Self> {
        viewer.is_admin().then(|| CustomerDataLinks {
            href: customer_href(key.channel, &key.customer_id),
            p: texts(viewer.lang),
        })
    }
}

/// `GET /console/customers/{channel}/{customer}/export`: the export as a download.
pub async fn export(
    CustomerAdmin {
        customer, pages, ..
    }: CustomerAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let export = privacy::export(&state.store, &customer, &pages, state.clock.now()).await?;
    let body = serde_json::to_string_pretty(&export)
        .map_err(|_| ApiError::BadRequest("the export could not be written".into()))?;
    let disposition = format!(
        "attachment; filename=\"customer-{}-{}.json\"",
        customer.channel, customer.id
    );
    let mut response = HttpResponse::Ok()
        .content_type("application/json")
        .body(body);
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// One line of a count: its number and what it counts.
pub struct Count {
    pub n: u64,
    pub what: &'static str,
}

fn counts(erased: &Erased, pages: usize, p: &'static PrivacyTexts) -> Vec<Count> {
    vec![
        Count {
            n: erased.conversations,
            what: p.conversations,
        },
        Count {
            n: erased.messages,
            what: p.messages,
        },
        Count {
            n: erased.notes,
            what: p.notes,
        },
        Count {
            n: erased.links,
            what: p.links,
        },
        Count {
            n: erased.replies,
            what: p.replies,
        },
        Count {
            n: erased.events + erased.claims + erased.set_members,
            what: p.other,
        },
        Count {
            n: pages as u64,
            what: p.pages,
        },
    ]
}

#[derive(Template)]
#[template(path = "console/customer_erase.html")]
pub struct ErasePage<'a> {
    chrome: Chrome<'a>,
    p: &'static PrivacyTexts,
    customer: &'a Customer,
    href: String,
    /// Confirming (what would go) or done (what went).
    done: bool,
    nothing: bool,
    counts: Vec<Count>,
    error: Option<&'static str>,
}

/// `GET /console/customers/{channel}/{customer}/erase`: what an erasure would remove, and
/// the button that does it.
pub async fn confirm(
    viewer: Viewer,
    CustomerAdmin {
        customer, pages, ..
    }: CustomerAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let p = texts(viewer.lang);
    let records = state.store.customer_records(&customer.keys(&pages)).await?;
    let would = Erased {
        conversations: records.conversations.len() as u64,
        messages: records
            .conversations
            .iter()
            .map(|c| c.messages.len() as u64)
            .sum(),
        notes: records
            .conversations
            .iter()
            .map(|c| c.notes.len() as u64)
            .sum(),
        links: records.links.iter().map(|(_, l)| l.len() as u64).sum(),
        replies: records.pending_replies.len() as u64,
        events: records.pending_events.len() as u64,
        claims: records.claims.len() as u64,
        set_members: records.set_members.len() as u64,
        queue_entries: 0,
    };
    let page = ErasePage {
        chrome: Chrome::of(&viewer, p.confirm_heading),
        p,
        href: customer_href(customer.channel, &customer.id),
        customer: &customer,
        done: false,
        nothing: records.is_empty(),
        counts: counts(&would, pages.len(), p),
        error: state.audit_key.is_none().then_some(p.no_audit_key),
    };
    Ok(no_store(html_with_status(&page, StatusCode::OK)))
}

/// `POST /console/customers/{channel}/{customer}/erase`: erases, and says how much went.
pub async fn erase(
    viewer: Viewer,
    CustomerAdmin {
        caller,
        customer,
        pages,
    }: CustomerAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let p = texts(viewer.lang);
    let href = customer_href(customer.channel, &customer.id);
    let erased = privacy::erase(
        &state.store,
        Some(&state.metrics),
        state.audit_key.as_ref(),
        &customer,
        &pages,
        &caller.name,
        state.clock.now(),
    )
    .await;
    let (done, counts, error, status) = match erased {
        Ok(record) => (
            true,
            counts(&record.erased, record.pages, p),
            None,
            StatusCode::OK,
        ),
        Err(privacy::PrivacyError::NoAuditKey) => (
            false,
            Vec::new(),
            Some(p.no_audit_key),
            StatusCode::CONFLICT,
        ),
        Err(error) => return Err(error.into()),
    };
    let page = ErasePage {
        chrome: Chrome::of(&viewer, p.erased_heading),
        p,
        href,
        customer: &customer,
        done,
        nothing: false,
        counts,
        error,
    };
    Ok(no_store(html_with_status(&page, status)))
}

fn no_store(mut response: HttpResponse) -> HttpResponse {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
