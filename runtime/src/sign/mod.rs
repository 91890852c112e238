//! AK/SK request signing, byte-compatible with Huawei Cloud's official SDK signers
//! (`SDK-HMAC-SHA256`, `SDK-HMAC-SM3`, and the derived-key `V11-HMAC-SHA256`).
//!
//! [`sign`] is a pure function of its inputs (the caller supplies `X-Sdk-Date`), so the
//! official test vectors pin it exactly; the client calls it on the request it is about to
//! send and sends exactly the headers and URI it returns.

mod canonical;
mod crypto;

use crate::secret::Secret;

pub use canonical::{canonical_query, canonical_uri, encode_component};

/// The signing algorithm.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// `SDK-HMAC-SHA256`, the official SDK's default.
    #[default]
    HmacSha256,
    /// `SDK-HMAC-SM3` (Chinese national standard hash).
    HmacSm3,
    /// `V11-HMAC-SHA256`: a per-day key derived with HKDF from the secret key, scoped to a
    /// region and a service (the official `DerivationAKSKSigner`).
    V11HmacSha256 {
        /// Region id, e.g. `cn-north-4`.
        region: String,
        /// The service's derived-auth name, e.g. `cbr`.
        service: String,
    },
}

impl Algorithm {
    /// The name in `Authorization` and the string to sign.
    pub fn name(&self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "SDK-HMAC-SHA256",
            Algorithm::HmacSm3 => "SDK-HMAC-SM3",
            Algorithm::V11HmacSha256 { .. } => "V11-HMAC-SHA256",
        }
    }

    /// The header that marks an unsigned payload.
    fn content_hash_header(&self) -> &'static str {
        match self {
            Algorithm::HmacSm3 => "X-Sdk-Content-Sm3",
            _ => "X-Sdk-Content-Sha256",
        }
    }
}

/// The literal payload hash of bodies that are not JSON or BSON.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Whether a body of this media type is signed as [`UNSIGNED_PAYLOAD`] (the official SDK's
/// rule: anything but JSON and BSON), so its bytes are not needed to sign it.
pub fn is_unsigned_payload(content_type: &str) -> bool {
    let content_type = content_type.to_ascii_lowercase();
    !content_type.starts_with("application/json") && !content_type.contains("bson")
}

/// A request as the signer sees it.
#[derive(Debug, Clone)]
pub struct SignInput<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// The `Host` header value: host, plus `:port` when not the scheme's default.
    pub host: &'a str,
    /// The path as sent on the wire (path parameters already percent-encoded).
    pub path: &'a str,
    /// Query pairs, as text, in any order.
    pub query: &'a [(String, String)],
    /// Headers in order, including `X-Sdk-Date`.
    pub headers: &'a [(String, String)],
    /// The body bytes, if any.
    pub body: Option<&'a [u8]>,
}

/// Everything signing produced. `headers` and `wire_uri` are what must be sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signed header names, `;`-separated.
    pub signed_headers: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The headers to send, in order: the input's (values trimmed), the payload marker when
    /// one is needed, `Host` when absent, then `Authorization`.
    pub headers: Vec<(String, String)>,
    /// Path plus `?` and the canonical query string: the query is sent exactly as signed.
    pub wire_uri: String,
}

impl std::fmt::Debug for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Headers may hold a token or security token: only their names are shown.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Signed")
            .field("signed_headers", &self.signed_headers)
            .field("signature", &self.signature)
            .field("headers", &names)
            .field("wire_uri", &self.wire_uri)
            .finish_non_exhaustive()
    }
}

/// Signs `input` with the access key `ak` and secret key `sk` at `sdk_date`
/// (`YYYYMMDDTHHMMSSZ`, the value of the input's `X-Sdk-Date` header).
pub fn sign(
    algorithm: &Algorithm,
    ak: &str,
    sk: &Secret,
    sdk_date: &str,
    input: &SignInput<'_>,
) -> Signed {
    let mut headers: Vec<(String, String)> = input
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), v.trim().to_owned()))
        .collect();
    let has = |headers: &[(String, String)], name: &str| {
        headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let unsigned_payload = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .is_some_and(|(_, v)| is_unsigned_payload(v));
    if unsigned_payload && !has(&headers, algorithm.content_hash_header()) {
        headers.push((
            algorithm.content_hash_header().to_owned(),
            UNSIGNED_PAYLOAD.to_owned(),
        ));
    }
    if !has(&headers, "host") {
        headers.push((String::from("Host"), input.host.to_owned()));
    }

    let mut signed: Vec<(String, &str)> = headers
        .iter()
        .filter(|(n, _)| !n.contains('_'))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.as_str()))
        .collect();
    signed.sort();
    let signed_headers = signed
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let mut canonical_headers =
        String::with_capacity(signed.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    for (name, value) in &signed {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }

    let hash = |data: &[u8]| match algorithm {
        Algorithm::HmacSm3 => crypto::sm3_hex(data),
        _ => crypto::sha256_hex(data),
    };
    let payload_hash = if unsigned_payload {
        UNSIGNED_PAYLOAD.to_owned()
    } else {
        hash(input.body.unwrap_or_default())
    };
    let query = canonical_query(input.query);
    let canonical_request = [
        input.method,
        &canonical_uri(input.path),
        &query,
        &canonical_headers,
        &signed_headers,
        &payload_hash,
    ]
    .join("\n");

    let (string_to_sign, signature, authorization) = sign_canonical(
        algorithm,
        ak,
        sk,
        sdk_date,
        &canonical_request,
        &signed_headers,
    );
    headers.push((String::from("Authorization"), authorization.clone()));
    let wire_uri = if query.is_empty() {
        input.path.to_owned()
    } else {
        format!("{}?{query}", input.path)
    };
    Signed {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
        headers,
        wire_uri,
    }
}

/// The last steps on their own: string to sign, signature and `Authorization` value for a
/// canonical request (for other SDKs' header policies, whose canonical requests differ).
pub fn sign_canonical(
    algorithm: &Algorithm,
    ak: &str,
    sk: &Secret,
    sdk_date: &str,
    canonical_request: &str,
    signed_headers: &str,
) -> (String, String, String) {
    let request_hash = match algorithm {
        Algorithm::HmacSm3 => crypto::sm3_hex(canonical_request.as_bytes()),
        _ => crypto::sha256_hex(canonical_request.as_bytes()),
    };
    let (string_to_sign, signature, credential) = match algorithm {
        Algorithm::HmacSha256 => {
            let sts = format!("{}\n{sdk_date}\n{request_hash}", algorithm.name());
            let signature = crypto::hmac_sha256_hex(sk.expose().as_bytes(), sts.as_bytes());
            (sts, signature, format!("Access={ak}"))
        }
        Algorithm::HmacSm3 => {
            let sts = format!("{}\n{sdk_date}\n{request_hash}", algorithm.name());
            let signature = crypto::hmac_sm3_hex(sk.expose().as_bytes(), sts.as_bytes());
            (sts, signature, format!("Access={ak}"))
        }
        Algorithm::V11HmacSha256 { region, service } => {
            let day = sdk_date.get(..8).unwrap_or(sdk_date);
            let scope = format!("{day}/{region}/{service}");
            let sts = format!("{}\n{sdk_date}\n{scope}\n{request_hash}", algorithm.name());
            let key =
                crypto::derive_key_hex(sk.expose().as_bytes(), ak.as_bytes(), scope.as_bytes());
            let signature = crypto::hmac_sha256_hex(key.as_bytes(), sts.as_bytes());
            (sts, signature, format!("Credential={ak}/{scope}"))
        }
    };
    let authorization = format!(
        "{} {credential}, SignedHeaders={signed_headers}, Signature={signature}",
        algorithm.name()
    );
    (string_to_sign, signature, authorization)
}

/// `YYYYMMDDTHHMMSSZ` for a time, the format of `X-Sdk-Date`.
pub fn sdk_date(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn sdk_dates() {
        assert_eq!(sdk_date(UNIX_EPOCH), "19700101T000000Z");
        assert_eq!(
            sdk_date(UNIX_EPOCH + Duration::from_secs(1_704_164_645)),
            "20240102T030405Z"
        );
        assert_eq!(
            sdk_date(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229T000000Z"
        );
        assert_eq!(
            sdk_date(UNIX_EPOCH + Duration::from_secs(4_102_444_799)),
            "20991231T235959Z"
        );
    }
}
