//! Who is calling: the bearer token's owner, their role and their pages.
//!
//! Tokens come from the settings file (`api.token`: the owner; `api.staff`: named people with
//! a role) or from the store (made by `tokens.rs` for the API, the console and `frontdesk
//! token create`; kept as hashes, may expire; read on every request, so a revoked token stops
//! working at once on every instance). Every handler of the API takes a `Caller`; the checks
//! `pages_for`, `may_see` and `admin_of` say 404 for pages that are not the caller's, so page
//! ids do not leak.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use secrecy::{ExposeSecret, SecretString};

use super::AppState;
use super::error::ApiError;
use crate::access::{Role, token_hash};
use crate::pages::PageDirectory;
use crate::store::RecordStore;
use crate::tokens::Actor;
use subtle::ConstantTimeEq;

/// A token from the settings file and whom it belongs to.
#[derive(Debug, Clone)]
pub struct StaffCredential {
    pub name: String,
    pub token: SecretString,
    pub role: Role,
    /// The pages this person may see; `None`: every page (the owner).
    pub pages: Option<Vec<String>>,
}

/// The person behind the request's bearer token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub name: String,
    pub role: Role,
    /// `None`: every page (the owner).
    pages: Option<Vec<String>>,
}

impl Caller {
    pub fn may_see(&self, page: &str) -> bool {
        self.pages
            .as_ref()
            .is_none_or(|pages| pages.iter().any(|p| p == page))
    }

    /// The pages a request covers: the one asked for (404 when it is not the caller's), or
    /// all of the caller's pages (for the owner, every page in the store).
    pub async fn pages_for(
        &self,
        asked: Option<&str>,
        directory: &PageDirectory,
    ) -> Result<Vec<String>, ApiError> {
        match (asked, &self.pages) {
            (Some(page), _) if self.may_see(page) => Ok(vec![page.to_owned()]),
            (Some(_), _) => Err(ApiError::NotFound("no such page".into())),
            (None, Some(pages)) => Ok(pages.clone()),
            (None, None) => Ok(directory.ids().await?),
        }
    }

    /// The caller may configure `page`: 404 when it is not theirs, 403 for an agent.
    pub fn admin_of(&self, page: &str) -> Result<(), ApiError> {
        if !self.may_see(page) {
            return Err(ApiError::NotFound("no such page".into()));
        }
        if self.role < Role::Admin {
            return Err(ApiError::Forbidden(
                "configuring a page needs the admin role".into(),
            ));
        }
        Ok(())
    }

    /// The pages listed for the caller (`None`: all).
    pub fn pages(&self) -> Option<&[String]> {
        self.pages.as_deref()
    }

    /// The caller as the token use cases (`tokens.rs`) know them.
    pub fn actor(&self) -> Actor<'_> {
        Actor::Person {
            name: &self.name,
            role: self.role,
            pages: self.pages(),
        }
    }
}

impl Caller {
    /// The person a token belongs to, or `None` (unknown, revoked or expired).
    pub async fn from_token(state: &AppState, token: &str) -> Result<Option<Caller>, ApiError> {
        Self::from_token_hash(state, &token_hash(token)).await
    }

    /// The person whose token hashes to `hash` (a console session keeps only the hash, so a
    /// revoked or expired token ends its sessions at once).
    pub async fn from_token_hash(state: &AppState, hash: &str) -> Result<Option<Caller>, ApiError> {
        // Every configured credential is compared, so timing does not tell which matched.
        let mut found = None;
        for credential in &state.staff {
            let configured = token_hash(credential.token.expose_secret());
            let equal: bool = hash.as_bytes().ct_eq(configured.as_bytes()).into();
            if equal && found.is_none() {
                found = Some(Caller {
                    name: credential.name.clone(),
                    role: credential.role,
                    pages: credential.pages.clone(),
                });
            }
        }
        if found.is_some() {
            return Ok(found);
        }
        Ok(state
            .store
            .find_token(hash)
            .await?
            .filter(|record| !record.is_expired(state.clock.now()))
            .map(|record| Caller {
                name: record.name,
                role: record.role,
                pages: (record.role != Role::Owner).then_some(record.pages),
            }))
    }
}

/// A caller is the bearer token's owner, or the person a console session (see
/// `console::session`) put in the request's extensions after checking its cookie and CSRF
/// token; nothing else turns a cookie into a caller.
impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        if let Some(caller) = req.extensions().get::<Caller>().cloned() {
            return Box::pin(async move { Ok(caller) });
        }
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(given), Some(state)) = (given, state) else {
                return Err(ApiError::Unauthorized);
            };
            Caller::from_token(&state, &given)
                .await?
                .ok_or(ApiError::Unauthorized)
        })
    }
}
