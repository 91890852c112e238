//! A request under construction. Generated methods describe the request step by step; the
//! first failure is kept and reported when the request is executed, so generated code stays a
//! straight line without error plumbing.

use reqwest::Method;
use std::fmt;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::error::BuildError;
use crate::path::encode_segment;
use crate::secret::Secret;

/// One HTTP request of a generated operation.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) error: Option<BuildError>,
    /// A credential travels in the query string, so the URL must never be shown.
    pub(crate) secret_in_url: bool,
}

impl Request {
    /// Starts a request; `path_template` is the document's path, kept for diagnostics.
    pub fn new(method: Method, path_template: &'static str) -> Self {
        Self {
            method,
            path_template,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
            secret_in_url: false,
        }
    }

    /// The document's path template, e.g. `/v3/{project_id}/backups/{backup_id}/restore`.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// Appends a literal part of the path template, as written in the document.
    pub fn path_literal(mut self, literal: &'static str) -> Self {
        self.path.push_str(literal);
        self
    }

    /// Appends a path parameter, percent-encoded as exactly one segment.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        match encode_segment(name, &value.to_string()) {
            Ok(segment) => self.path.push_str(&segment),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Adds a query parameter (`form` style); the value is percent-encoded when sent.
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Adds an optional query parameter when it is set.
    pub fn query_opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds an optional header parameter when it is set.
    pub fn header_opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Adds a header parameter.
    pub fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        let value = value.to_string();
        match HeaderValue::from_str(&value) {
            Ok(v) => self.insert_header(name, v),
            Err(_) => self.fail(BuildError::InvalidHeaderValue { name }),
        }
        self
    }

    /// Adds a credential header. The value is marked sensitive so HTTP-level logging skips
    /// it; nothing is added when no credential is configured.
    pub fn secret_header(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(secret) = value {
            match HeaderValue::from_str(secret.expose()) {
                Ok(mut v) => {
                    v.set_sensitive(true);
                    self.insert_header(name, v);
                }
                Err(_) => self.fail(BuildError::InvalidHeaderValue { name }),
            }
        }
        self
    }

    /// Adds `Authorization: Bearer <token>` (marked sensitive); nothing when no token is set.
    pub fn bearer(mut self, token: Option<&Secret>) -> Self {
        if let Some(secret) = token {
            match HeaderValue::from_str(&format!("Bearer {}", secret.expose())) {
                Ok(mut v) => {
                    v.set_sensitive(true);
                    self.headers.insert(AUTHORIZATION, v);
                }
                Err(_) => self.fail(BuildError::InvalidHeaderValue {
                    name: "Authorization",
                }),
            }
        }
        self
    }

    /// Adds a credential query parameter; nothing is added when none is configured.
    pub fn secret_query(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(secret) = value {
            self.query.push((name, secret.expose().to_owned()));
            self.secret_in_url = true;
        }
        self
    }

    /// Sets a JSON body with the document's media type, e.g. `application/json;charset=UTF-8`.
    pub fn json_body<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: &T,
    ) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => match HeaderValue::from_str(content_type) {
                Ok(v) => {
                    self.headers.insert(CONTENT_TYPE, v);
                    self.body = Some(bytes);
                }
                Err(_) => self.fail(BuildError::InvalidHeaderValue {
                    name: "Content-Type",
                }),
            },
            Err(e) => self.fail(BuildError::Body(e)),
        }
        self
    }

    /// Sets an optional JSON body when it is given.
    pub fn json_body_opt<T: Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: Option<&T>,
    ) -> Self {
        match body {
            Some(body) => self.json_body(content_type, body),
            None => self,
        }
    }

    fn insert_header(&mut self, name: &'static str, value: HeaderValue) {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header) => {
                self.headers.insert(header, value);
            }
            Err(_) => self.fail(BuildError::InvalidHeaderValue { name }),
        }
    }

    fn fail(&mut self, error: BuildError) {
        self.error.get_or_insert(error);
    }
}
