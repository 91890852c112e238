//! An API gateway's view of AK/SK signatures: recomputes the signature of a request as it
//! arrived, written separately from the runtime's signer so the two check each other.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

use crate::RecordedRequest;

/// What the gateway knows about the caller.
pub struct Keys<'a> {
    /// Access key id.
    pub ak: &'a str,
    /// Secret key.
    pub sk: &'a str,
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'~'
}

fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        if unreserved(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn mac_hex<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> String {
    let mut mac = <M as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// Verifies the `Authorization` of `request` (SDK-HMAC-SHA256, SDK-HMAC-SM3 or
/// V11-HMAC-SHA256). `Err` says what does not match.
pub fn verify_signature(request: &RecordedRequest, keys: &Keys<'_>) -> Result<(), String> {
    let authorization = request
        .header("Authorization")
        .ok_or("no Authorization header")?;
    let (algorithm, rest) = authorization
        .split_once(' ')
        .ok_or("malformed Authorization")?;
    let mut fields = std::collections::BTreeMap::new();
    for part in rest.split(", ") {
        let (k, v) = part
            .split_once('=')
            .ok_or("malformed Authorization field")?;
        fields.insert(k, v);
    }
    let signed_names: Vec<&str> = fields
        .get("SignedHeaders")
        .ok_or("no SignedHeaders")?
        .split(';')
        .collect();
    for required in ["host", "x-sdk-date"] {
        if !signed_names.contains(&required) {
            return Err(format!("{required} is not signed"));
        }
    }
    let date = request.header("X-Sdk-Date").ok_or("no X-Sdk-Date")?;
    let scope = match algorithm {
        "V11-HMAC-SHA256" => {
            let credential = fields.get("Credential").ok_or("no Credential")?;
            let (ak, scope) = credential.split_once('/').ok_or("malformed Credential")?;
            if ak != keys.ak {
                return Err(format!("unknown access key {ak}"));
            }
            Some(scope.to_owned())
        }
        "SDK-HMAC-SHA256" | "SDK-HMAC-SM3" => {
            if fields.get("Access") != Some(&keys.ak) {
                return Err("unknown access key".into());
            }
            None
        }
        other => return Err(format!("unknown algorithm {other}")),
    };

    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let decoded = decode(path);
    let mut uri = decoded
        .split(|b| *b == b'/')
        .map(encode)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    let canonical_query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for name in &signed_names {
        let value = request
            .header(name)
            .ok_or(format!("signed header {name} was not received"))?;
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let sm3 = algorithm == "SDK-HMAC-SM3";
    let hash = |data: &[u8]| {
        if sm3 {
            hex::encode(Sm3::digest(data))
        } else {
            hex::encode(Sha256::digest(data))
        }
    };
    let unsigned = ["x-sdk-content-sha256", "x-sdk-content-sm3"]
        .iter()
        .any(|h| request.header(h) == Some("UNSIGNED-PAYLOAD"));
    let payload = if unsigned {
        String::from("UNSIGNED-PAYLOAD")
    } else {
        hash(&request.body)
    };
    let canonical = format!(
        "{}\n{uri}\n{canonical_query}\n{canonical_headers}\n{}\n{payload}",
        request.method,
        signed_names.join(";")
    );
    let expected = match &scope {
        None => {
            let sts = format!("{algorithm}\n{date}\n{}", hash(canonical.as_bytes()));
            if sm3 {
                mac_hex::<Hmac<Sm3>>(keys.sk.as_bytes(), sts.as_bytes())
            } else {
                mac_hex::<Hmac<Sha256>>(keys.sk.as_bytes(), sts.as_bytes())
            }
        }
        Some(scope) => {
            let sts = format!(
                "{algorithm}\n{date}\n{scope}\n{}",
                hash(canonical.as_bytes())
            );
            let mut key = [0u8; 32];
            Hkdf::<Sha256>::new(Some(keys.ak.as_bytes()), keys.sk.as_bytes())
                .expand(scope.as_bytes(), &mut key)
                .map_err(|_| "hkdf")?;
            mac_hex::<Hmac<Sha256>>(hex::encode(key).as_bytes(), sts.as_bytes())
        }
    };
    let got = fields.get("Signature").ok_or("no Signature")?;
    if *got == expected {
        Ok(())
    } else {
        Err(format!(
            "signature mismatch; canonical request was:\n{canonical}"
        ))
    }
}
