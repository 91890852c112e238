//! A document's region table: `region(id)` takes the listed endpoint, even one the server
//! template cannot spell, and refuses an id the table lacks, saying how to give one.

use apigen_fixture_clients::regions::{Client, REGIONS};
use apigen_runtime::BuildError;

fn base_url(region: &str) -> Result<String, BuildError> {
    Client::builder()
        .region(region)
        .build()
        .map(|client| client.core().base_url())
}

#[test]
fn listed_regions_use_their_endpoints() {
    assert_eq!(
        base_url("north-1").unwrap(),
        "https://svc.north-1.example.com"
    );
    // Off the template: another domain.
    assert_eq!(
        base_url("sovereign-1").unwrap(),
        "https://svc.sovereign-1.example.eu"
    );
    assert_eq!(base_url("loopback-1").unwrap(), "http://127.0.0.1:9/base");
    assert_eq!(REGIONS.endpoints().len(), 4);
}

#[test]
fn an_unlisted_region_is_refused_with_the_way_out() {
    let err = base_url("nowhere-1").unwrap_err();
    assert!(
        matches!(&err, BuildError::UnknownRegion { region, .. } if region == "nowhere-1"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "unknown region `nowhere-1` (known: loopback-1, north-1, south-1, sovereign-1): give \
         `endpoint(url)`, or set EXAMPLE_SDK_REGION_SVC_NOWHERE_1"
    );
}

#[test]
fn an_explicit_endpoint_wins_over_the_table() {
    let client = Client::builder()
        .region("nowhere-1")
        .endpoint("http://127.0.0.1:7")
        .build()
        .unwrap();
    assert_eq!(client.core().base_url(), "http://127.0.0.1:7");
}
