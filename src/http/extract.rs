//! Authorization in types: extractors that read the path, apply the 404/403 rule once and
//! hand the handler the loaded object. A handler that takes a `PageAdmin` cannot reach a page
//! the caller may not configure; one that takes a `ConversationAccess` cannot reach another
//! page's conversation. Pages and conversations that are not the caller's are 404, so their
//! ids do not leak; an agent on their own page gets 403 where configuring needs an admin.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::access::Role;
use crate::domain::conversation::Conversation;
use crate::domain::event::{Channel, ConversationKey};
use crate::domain::page::PageFile;
use crate::store::ConversationStore;

type Extracting<T, E> = Pin<Box<dyn Future<Output = Result<T, E>>>>;

fn no_such_page() -> ApiError {
    ApiError::NotFound("no such page".into())
}

/// The page named by the path's `{id}`, loaded, for a caller who may configure it.
pub struct PageAdmin {
    pub caller: Caller,
    pub page: PageFile,
}

impl FromRequest for PageAdmin {
    type Error = ApiError;
    type Future = Extracting<Self, ApiError>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let admin = PageAdminOf::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let PageAdminOf { caller, id } = admin.await?;
            let state = state.ok_or_else(no_such_page)?;
            let page = state.pages.find(&id).await?.ok_or_else(no_such_page)?;
            Ok(PageAdmin { caller, page })
        })
    }
}

/// The path of a page's routes (`/api/pages/{id}…`).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PagePath {
    /// The page's id (a Facebook Page, an Instagram account or an X account).
    id: String,
}

/// The path of a conversation's routes (`/api/conversations/{channel}/{page}/{customer}…`).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationPath {
    channel: Channel,
    /// The page's id.
    page: String,
    /// The customer's id on the channel.
    customer: String,
}

/// The path's page id `{id}`, for a caller who may configure that page; the page itself may
/// be gone (its versions stay).
pub struct PageAdminOf {
    pub caller: Caller,
    pub id: String,
}

impl FromRequest for PageAdminOf {
    type Error = ApiError;
    type Future = Extracting<Self, ApiError>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        let path = web::Path::<PagePath>::extract(req);
        Box::pin(async move {
            let caller = caller.await?;
            let PagePath { id } = path.await.map_err(|_| no_such_page())?.into_inner();
            caller.admin_of(&id)?;
            Ok(PageAdminOf { caller, id })
        })
    }
}

/// A caller who administers pages (an admin of some, or the owner); 403 for an agent. The
/// pages themselves are still checked one by one (`Caller::may_see`, `PageAdmin`).
pub struct Administrator {
    pub caller: Caller,
}

impl FromRequest for Administrator {
    type Error = ApiError;
    type Future = Extracting<Self, ApiError>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        Box::pin(async move {
            let caller = caller.await?;
            if caller.role < Role::Admin {
                return Err(ApiError::Forbidden(
                    "configuring pages needs the admin role".into(),
                ));
            }
            Ok(Administrator { caller })
        })
    }
}

/// One customer, named by the path's `{channel}` and `{customer}`, for an administrator
/// (403 for agents), with the pages a request about them covers: every page the caller may
/// see (the owner: every configured page). Nothing is said about whether the customer is
/// known anywhere.
pub struct CustomerAdmin {
    pub caller: Caller,
    pub customer: crate::privacy::Customer,
    pub pages: Vec<String>,
}

impl FromRequest for CustomerAdmin {
    type Error = ApiError;
    type Future = Extracting<Self, ApiError>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let admin = Administrator::from_request(req, payload);
        let channel = req
            .match_info()
            .get("channel")
            .map(|c| serde_json::from_value::<Channel>(serde_json::Value::String(c.to_owned())));
        let id = req.match_info().get("customer").map(str::to_owned);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let Administrator { caller } = admin.await?;
            let (Some(Ok(channel)), Some(id)) = (channel, id) else {
                return Err(ApiError::BadRequest(
                    "the channel is messenger, x or instagram".into(),
                ));
            };
            let customer = crate::privacy::customer(channel, &id)
                .map_err(|e| ApiError::BadRequest(e.to_string()))?;
            let state = state.ok_or_else(no_such_page)?;
            let pages = caller.pages_for(None, &state.pages).await?;
            Ok(CustomerAdmin {
                caller,
                customer,
                pages,
            })
        })
    }
}

/// The conversation named by the path (`{channel}/{page}/{customer}`), loaded, for a caller
/// who may see its page.
pub struct ConversationAccess {
    pub caller: Caller,
    pub conversation: Conversation,
}

impl FromRequest for ConversationAccess {
    type Error = actix_web::Error;
    type Future = Extracting<Self, actix_web::Error>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        let path = web::Path::<ConversationPath>::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let caller = caller.await?;
            let ConversationPath {
                channel,
                page,
                customer,
            } = path.await?.into_inner();
            let key = ConversationKey {
                channel,
                page_id: page,
                customer_id: customer,
            };
            let state = state.ok_or_else(|| ApiError::NotFound("no such conversation".into()))?;
            let conversation = visible_conversation(&caller, &state, key).await?;
            Ok(ConversationAccess {
                caller,
                conversation,
            })
        })
    }
}

/// The conversation `key`, if the caller may see it (404 otherwise, as when there is none).
pub async fn visible_conversation(
    caller: &Caller,
    state: &AppState,
    key: ConversationKey,
) -> Result<Conversation, ApiError> {
    if !caller.may_see(&key.page_id) {
        return Err(ApiError::NotFound("no such conversation".into()));
    }
    state
        .store
        .conversation(&key)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such conversation".into()))
}
