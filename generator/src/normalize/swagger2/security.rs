//! `securityDefinitions` → `securitySchemes`.

use serde_yaml::{Mapping, Value};

use super::{Convert, is_extension, key};
use crate::pointer::Pointer;

impl Convert<'_, '_> {
    /// One `securityDefinitions` entry: `basic` → HTTP basic, `apiKey` as it is, `oauth2`
    /// with its one `flow` → `flows` (`application` is `clientCredentials`, `accessCode` is
    /// `authorizationCode`).
    pub(super) fn security_scheme(&mut self, scheme: &Value, at: &Pointer) -> Value {
        let Value::Mapping(scheme) = scheme else {
            return scheme.clone();
        };
        let mut out = Mapping::new();
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match kind {
            "basic" => {
                out.insert(key("type"), key("http"));
                out.insert(key("scheme"), key("basic"));
            }
            "apiKey" => {
                for field in ["type", "name", "in"] {
                    if let Some(value) = scheme.get(field) {
                        out.insert(key(field), value.clone());
                    }
                }
            }
            "oauth2" => {
                out.insert(key("type"), key("oauth2"));
                let flow = scheme
                    .get("flow")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let name = match flow {
                    "implicit" => "implicit",
                    "password" => "password",
                    "application" => "clientCredentials",
                    "accessCode" => "authorizationCode",
                    _ => {
                        self.cx.error_hint(
                            &at.push("flow"),
                            format!("`{flow}` is not an OAuth 2 flow of Swagger 2.0"),
                            "use one of implicit, password, application, accessCode",
                        );
                        "implicit"
                    }
                };
                let mut details = Mapping::new();
                for field in ["authorizationUrl", "tokenUrl"] {
                    if let Some(value) = scheme.get(field) {
                        details.insert(key(field), value.clone());
                    }
                }
                let scopes = scheme
                    .get("scopes")
                    .cloned()
                    .unwrap_or_else(|| Value::Mapping(Mapping::new()));
                details.insert(key("scopes"), scopes);
                out.insert(
                    key("flows"),
                    Value::Mapping(Mapping::from_iter([(key(name), Value::Mapping(details))])),
                );
            }
            _ => {
                self.cx.error_hint(
                    &at.push("type"),
                    format!("`{kind}` is not a security scheme type of Swagger 2.0"),
                    "use one of basic, apiKey, oauth2",
                );
                return Value::Mapping(scheme.clone());
            }
        }
        for (name, value) in scheme {
            if name.as_str() == Some("description") || is_extension(name) {
                out.insert(name.clone(), value.clone());
            }
        }
        Value::Mapping(out)
    }
}
