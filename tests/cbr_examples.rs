//! Huawei's own response examples, kept in `spec/cbr.yaml`, decode through the generated
//! types (their `null`s in members the reference calls required included), and a server
//! backup's disk backups make exactly the restore example's `mappings`.

use hwcloud_bindings::cbr::types::{
    BackupGetResp, BackupListResp, BackupRestore, BackupRestoreReq, BackupRestoreServerMapping,
    BackupStatus, OpListResp, OperationStatus, ResourceType,
};
use serde_json::Value;

fn spec() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/cbr.yaml"))
        .expect("spec/cbr.yaml");
    serde_yaml::from_str(&text).expect("valid YAML")
}

fn example(spec: &Value, pointer: &str) -> Value {
    spec.pointer(pointer)
        .unwrap_or_else(|| panic!("no example at {pointer}"))
        .clone()
}

const PATHS: &str = "/paths/~1v3~1{project_id}~1";

#[test]
fn show_backup_example_builds_the_restore_example() {
    let spec = spec();
    let shown: BackupGetResp = serde_json::from_value(example(
        &spec,
        &format!(
            "{PATHS}backups~1{{backup_id}}/get/responses/200/content/application~1json/example"
        ),
    ))
    .expect("ShowBackup's example decodes");
    let backup = shown.backup;
    assert_eq!(backup.resource_type, ResourceType::OsNovaServer);
    assert_eq!(backup.status, BackupStatus::Available);
    assert_eq!(backup.parent_id, None, "null in the example");
    let disks = backup.children.as_deref().unwrap_or_default();
    assert_eq!(disks.len(), 1);
    assert_eq!(disks[0].updated_at, None);

    let mappings = disks
        .iter()
        .map(|disk| BackupRestoreServerMapping::new(&disk.id, &disk.resource_id))
        .collect();
    let body = BackupRestoreReq::new(
        BackupRestore::new()
            .with_mappings(mappings)
            .with_power_on(true)
            .with_server_id(&backup.resource_id),
    );
    let wanted = example(
        &spec,
        &format!(
            "{PATHS}backups~1{{backup_id}}~1restore/post/requestBody/content/application~1json;charset=utf-8/example"
        ),
    );
    assert_eq!(serde_json::to_value(&body).unwrap(), wanted);
}

#[test]
fn list_examples_decode() {
    let spec = spec();
    let backups: BackupListResp = serde_json::from_value(example(
        &spec,
        &format!("{PATHS}backups/get/responses/200/content/application~1json/example"),
    ))
    .expect("ListBackups' example decodes");
    assert_eq!(backups.count, 1);
    assert_eq!(backups.backups[0].name, "autobk_b629");

    let logs: OpListResp = serde_json::from_value(example(
        &spec,
        &format!("{PATHS}operation-logs/get/responses/200/content/application~1json/example"),
    ))
    .expect("ListOpLogs' example decodes");
    let log = &logs.operation_logs[0];
    assert_eq!(log.status, OperationStatus::Success);
    assert_eq!(log.vault_id, None);
    let extra = log.extra_info.as_ref().expect("extra_info");
    assert_eq!(extra.common.progress, 100);
    assert_eq!(extra.resource.name.as_deref(), Some("ECS-0001"));
}
