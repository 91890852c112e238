//! CBR's region table and its environment override, as the official SDK reads
//! `HUAWEICLOUD_SDK_REGION_CBR_<REGION_ID>`: one test in its own binary, because the
//! environment is process-wide.

mod common;

use apigen_test_support::{Reply, TestServer};
use hwcloud_bindings::cbr::{Client, REGIONS};
use hwcloud_bindings::runtime::{AkSk, BuildError, ENV_IAM_ENDPOINT};

fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary runs this one test and starts no other thread before the last
    // change, so nothing reads the environment concurrently.
    unsafe {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

fn base_url(region: &str) -> Result<String, BuildError> {
    Client::builder()
        .region(region)
        .build()
        .map(|c| c.core().base_url())
}

#[test]
fn regions_from_the_table_and_the_environment() {
    const OVERRIDE: &str = "HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4";
    set(OVERRIDE, None);
    set(ENV_IAM_ENDPOINT, None);
    assert_eq!(
        REGIONS.endpoints().len(),
        34,
        "the official SDK's 34 regions"
    );
    assert_eq!(
        base_url("cn-north-4").unwrap(),
        "https://cbr.cn-north-4.myhuaweicloud.com"
    );
    // The European site's region is not on the template's domain.
    assert_eq!(
        base_url("eu-west-101").unwrap(),
        "https://cbr.eu-west-101.myhuaweicloud.eu"
    );
    let unknown = base_url("cn-nowhere-1").unwrap_err().to_string();
    assert!(
        unknown.starts_with("unknown region `cn-nowhere-1` (known: ae-ad-1, af-north-1,"),
        "{unknown}"
    );
    assert!(
        unknown.ends_with("give `endpoint(url)`, or set HUAWEICLOUD_SDK_REGION_CBR_CN_NOWHERE_1"),
        "{unknown}"
    );

    // The override sends a region's calls to the loopback server.
    let server = TestServer::start(|_| {
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"{"count":0,"operation_logs":[]}"#)
    });
    set(
        OVERRIDE,
        Some(&format!("{},https://unused.example.com", server.url())),
    );
    let client = Client::builder()
        .region("cn-north-4")
        .credentials(AkSk::new("AK", "SK").with_project_id("p"))
        .build()
        .unwrap();
    let runtime = common::runtime();
    let page = runtime
        .block_on(client.list_op_logs().send())
        .expect("the loopback server answers");
    assert_eq!(page.body().count, 0);
    let request = server.single_request();
    assert_eq!(request.target, "/v3/p/operation-logs");

    // Without a project id, IAM is found through HUAWEICLOUD_SDK_IAM_ENDPOINT.
    let iam = TestServer::start(|_| {
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"{"projects":[{"id":"p-env","name":"cn-north-4"}]}"#)
    });
    set(ENV_IAM_ENDPOINT, Some(&iam.url()));
    let client = Client::builder()
        .region("cn-north-4")
        .credentials(AkSk::new("ENVLOOKUPAK", "SK"))
        .build()
        .unwrap();
    runtime
        .block_on(client.list_op_logs().send())
        .expect("the project comes from IAM");
    assert_eq!(iam.single_request().target, "/v3/projects?name=cn-north-4");
    assert_eq!(server.requests()[1].target, "/v3/p-env/operation-logs");
    set(OVERRIDE, None);
    set(ENV_IAM_ENDPOINT, None);
}
