//! Declared response headers read into typed values, for the response enums generated code
//! builds. A value is never copied into an error: headers carry tokens (`X-Subject-Token`).

use std::fmt;
use std::str::FromStr;

use reqwest::header::HeaderMap;

/// A response's headers, as the closures of [`RawResponse::json_with`] and its siblings see
/// them.
///
/// [`RawResponse::json_with`]: crate::RawResponse::json_with
#[derive(Clone, Copy)]
pub struct ResponseHeaders<'a> {
    map: &'a HeaderMap,
}

impl fmt::Debug for ResponseHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: values may be credentials.
        f.debug_list().entries(self.map.keys()).finish()
    }
}

impl<'a> ResponseHeaders<'a> {
    pub(crate) fn new(map: &'a HeaderMap) -> Self {
        Self { map }
    }

    /// A header that may be absent. Matched in any case; when it is repeated, the first
    /// occurrence counts.
    pub fn optional<T: FromStr>(&self, name: &'static str) -> Result<Option<T>, HeaderError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(value) => {
                let text = value
                    .to_str()
                    .map_err(|_| HeaderError::new(name, Problem::NotText))?;
                parse(name, text.trim()).map(Some)
            }
        }
    }

    /// A header the document requires.
    pub fn required<T: FromStr>(&self, name: &'static str) -> Result<T, HeaderError> {
        self.optional(name)?
            .ok_or_else(|| HeaderError::new(name, Problem::Missing))
    }

    /// A list header that may be absent (`simple` style: `a, b`; a repeated header adds to
    /// the list, as HTTP defines).
    pub fn optional_list<T: FromStr>(
        &self,
        name: &'static str,
    ) -> Result<Option<Vec<T>>, HeaderError> {
        let mut found = false;
        let mut items = Vec::new();
        for value in self.map.get_all(name) {
            found = true;
            let text = value
                .to_str()
                .map_err(|_| HeaderError::new(name, Problem::NotText))?;
            for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                items.push(parse(name, item)?);
            }
        }
        Ok(found.then_some(items))
    }

    /// A list header the document requires.
    pub fn required_list<T: FromStr>(&self, name: &'static str) -> Result<Vec<T>, HeaderError> {
        self.optional_list(name)?
            .ok_or_else(|| HeaderError::new(name, Problem::Missing))
    }
}

fn parse<T: FromStr>(name: &'static str, text: &str) -> Result<T, HeaderError> {
    text.parse()
        .map_err(|_| HeaderError::new(name, Problem::Invalid))
}

/// A declared response header that is missing or does not read as its declared type. It
/// names the header and never holds its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    name: &'static str,
    problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Missing,
    NotText,
    Invalid,
}

impl HeaderError {
    fn new(name: &'static str, problem: Problem) -> Self {
        Self { name, problem }
    }

    /// The header's name as the document declares it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether the header was absent (rather than present with a bad value).
    pub fn is_missing(&self) -> bool {
        self.problem == Problem::Missing
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match self.problem {
            Problem::Missing => "is missing",
            Problem::NotText => "is not visible ASCII text",
            Problem::Invalid => "does not read as its declared type",
        };
        write!(f, "response header `{}` {problem}", self.name)
    }
}

impl std::error::Error for HeaderError {}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn map(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn scalars_are_read_in_any_case_and_trimmed() {
        let map = map(&[("x-rate-limit", " 42 "), ("X-Flag", "true")]);
        let headers = ResponseHeaders::new(&map);
        assert_eq!(headers.required::<i64>("X-Rate-Limit"), Ok(42));
        assert_eq!(headers.optional::<bool>("x-flag"), Ok(Some(true)));
        assert_eq!(headers.optional::<String>("X-Absent"), Ok(None));
    }

    #[test]
    fn lists_join_repeated_headers() {
        let map = map(&[("x-ids", "1, 2"), ("x-ids", "3")]);
        let headers = ResponseHeaders::new(&map);
        assert_eq!(headers.required_list::<u32>("X-Ids"), Ok(vec![1, 2, 3]));
        assert_eq!(headers.optional_list::<u32>("X-None"), Ok(None));
    }

    #[test]
    fn errors_name_the_header_and_never_its_value() {
        let map = map(&[("x-count", "secret-token-value")]);
        let headers = ResponseHeaders::new(&map);
        let bad = headers.required::<u8>("X-Count").unwrap_err();
        assert_eq!(bad.name(), "X-Count");
        assert!(!bad.is_missing());
        assert!(!bad.to_string().contains("secret"), "{bad}");
        assert!(!format!("{bad:?} {headers:?}").contains("secret"));
        let missing = headers.required::<String>("X-Token").unwrap_err();
        assert!(missing.is_missing());
        assert_eq!(missing.to_string(), "response header `X-Token` is missing");
    }
}
