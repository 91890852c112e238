//! Hashes and MACs, from the RustCrypto crates.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

pub(super) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

pub(super) fn sm3_hex(data: &[u8]) -> String {
    hex::encode(Sm3::digest(data))
}

pub(super) fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

pub(super) fn hmac_sm3_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = <Hmac<Sm3> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// The V11 signing key: HKDF-SHA256 (salt = access key, input = secret key, info = the
/// `date/region/service` scope), 32 bytes, used as its lowercase hex text.
pub(super) fn derive_key_hex(sk: &[u8], ak: &[u8], scope: &[u8]) -> String {
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's 255 × 32 limit, so `expand` cannot fail.
    let _ = Hkdf::<Sha256>::new(Some(ak), sk).expand(scope, &mut key);
    hex::encode(key)
}
