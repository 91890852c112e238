//! `examples/restore_vm.rs`, the whole program, against a loopback CBR that plays the
//! workflow: the server's backups (newest first only when asked so), the backup's disks,
//! the restore (its body checked), and a restore task that succeeds, fails, or is still
//! running at the deadline. The client is configured as a user's would be, through the
//! environment, so this is one test in its own binary.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use apigen_test_support::{RecordedRequest, Reply, TestServer};
use serde_json::{Value, json};

#[allow(dead_code, reason = "the example's main is not called here")]
#[path = "../examples/restore_vm.rs"]
mod restore_vm;

const PROJECT: &str = "p-restore";

fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary runs this one test and changes the environment before it starts
    // any other thread that could read it.
    unsafe {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

/// The stub's memory: which servers were restored, and how often each task was looked at.
#[derive(Default)]
struct State {
    restored: HashMap<String, usize>,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply::status(status)
        .header("Content-Type", "application/json")
        .body(body.to_string())
}

fn query(request: &RecordedRequest) -> HashMap<String, String> {
    let (_, query) = request.target.split_once('?').unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.replace("%3A", ":")))
        .collect()
}

fn backup(id: &str, server: &str, created_at: &str, children: Vec<Value>) -> Value {
    json!({
        "checkpoint_id": format!("cp-{id}"), "created_at": created_at, "description": null,
        "expired_at": null, "extend_info": {"supported_restore_mode": "backup"}, "id": id,
        "image_type": "backup", "name": format!("autobk-{id}"), "parent_id": null,
        "project_id": PROJECT, "protected_at": null,
        "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66", "resource_az": "az1",
        "resource_id": server, "resource_name": server, "resource_size": 40,
        "resource_type": "OS::Nova::Server", "status": "available", "updated_at": null,
        "vault_id": "vault-1", "children": children
    })
}

fn disk(backup_id: &str, volume: &str) -> Value {
    json!({
        "checkpoint_id": "cp", "created_at": "2026-11-30T01:00:00.000000", "description": null,
        "expired_at": null, "extend_info": {}, "id": backup_id, "image_type": "backup",
        "name": backup_id, "parent_id": null, "project_id": PROJECT, "protected_at": null,
        "provider_id": "d1603440-187d-4516-af25-121250c7cc97", "resource_az": null,
        "resource_id": volume, "resource_name": volume, "resource_size": 40,
        "resource_type": "OS::Cinder::Volume", "status": "available", "updated_at": null,
        "vault_id": "vault-1"
    })
}

fn task(id: &str, server: &str, backup_id: &str, status: &str, progress: i32) -> Value {
    let error = if status == "failed" {
        json!({"code": "BackupService.6002", "message": "The disk is in use."})
    } else {
        json!({"code": "", "message": ""})
    };
    json!({
        "created_at": "2026-12-01T02:00:00.000000", "error_info": error, "id": id,
        "operation_type": "restore", "project_id": PROJECT,
        "started_at": "2026-12-01T02:00:00.000000", "status": status,
        "updated_at": "2026-12-01T02:00:05.000000", "policy_id": null, "vault_id": null,
        "extra_info": {
            "common": {"progress": progress, "request_id": "req-1"},
            "resource": {"id": server, "type": "OS::Nova::Server"},
            "restore": {"backup_id": backup_id, "target_resource_id": server}
        }
    })
}

/// The restore task's status at its `looks`-th look, by the server it restores.
fn status_of(server: &str, looks: usize) -> (&'static str, i32) {
    match (server, looks) {
        (_, 0) => ("waiting", 0),
        ("srv-ok", 1) => ("running", 50),
        ("srv-ok", _) => ("success", 100),
        ("srv-fail", 1) => ("running", 30),
        ("srv-fail", _) => ("failed", 30),
        _ => ("running", 40),
    }
}

fn cbr(state: &Mutex<State>, request: &RecordedRequest) -> Reply {
    let path = request.target.split('?').next().unwrap_or_default();
    let Some(rest) = path.strip_prefix(&format!("/v3/{PROJECT}/")) else {
        return reply(
            404,
            json!({"error_code": "X", "error_msg": "wrong project"}),
        );
    };
    let mut state = state.lock().unwrap();
    let parts: Vec<&str> = rest.split('/').collect();
    match (request.method.as_str(), parts.as_slice()) {
        ("GET", ["backups"]) => {
            let q = query(request);
            let server = q.get("resource_id").cloned().unwrap_or_default();
            let wanted = q.get("status").map(String::as_str) == Some("available")
                && q.get("resource_type").map(String::as_str) == Some("OS::Nova::Server");
            let mut backups = if server == "srv-none" || !wanted {
                vec![]
            } else {
                vec![
                    backup(
                        &format!("{server}-old"),
                        &server,
                        "2026-11-01T01:00:00.000000",
                        vec![],
                    ),
                    backup(
                        &format!("{server}-new"),
                        &server,
                        "2026-11-30T01:00:00.000000",
                        vec![],
                    ),
                ]
            };
            if q.get("sort").map(String::as_str) == Some("created_at:desc") {
                backups.reverse();
            }
            reply(200, json!({"backups": backups, "count": backups.len()}))
        }
        ("GET", ["backups", id]) => {
            let server = id.trim_end_matches("-new").trim_end_matches("-old");
            let children = vec![
                disk(&format!("{id}-d1"), &format!("{server}-vol-1")),
                disk(&format!("{id}-d2"), &format!("{server}-vol-2")),
            ];
            reply(
                200,
                json!({"backup": backup(id, server, "2026-11-30T01:00:00.000000", children)}),
            )
        }
        ("POST", ["backups", id, "restore"]) => {
            let server = id.trim_end_matches("-new");
            let wanted = json!({"restore": {
                "mappings": [
                    {"backup_id": format!("{id}-d1"), "volume_id": format!("{server}-vol-1")},
                    {"backup_id": format!("{id}-d2"), "volume_id": format!("{server}-vol-2")},
                ],
                "power_on": true,
                "server_id": server,
            }});
            if request.json() != wanted || !id.ends_with("-new") {
                return reply(
                    400,
                    json!({"error_code": "BackupService.1001", "error_msg": "bad restore"}),
                );
            }
            state.restored.insert(server.to_owned(), 0);
            Reply::status(202)
        }
        ("GET", ["operation-logs"]) => {
            let q = query(request);
            let server = q.get("resource_id").cloned().unwrap_or_default();
            let mut logs = vec![task(
                &format!("old-{server}"),
                &server,
                &format!("{server}-new"),
                "success",
                100,
            )];
            if q.get("operation_type").map(String::as_str) == Some("restore")
                && let Some(looks) = state.restored.get(&server)
            {
                let (status, progress) = status_of(&server, *looks);
                logs.insert(
                    0,
                    task(
                        &format!("task-{server}"),
                        &server,
                        &format!("{server}-new"),
                        status,
                        progress,
                    ),
                );
            }
            reply(200, json!({"operation_logs": logs, "count": logs.len()}))
        }
        ("GET", ["operation-logs", id]) => {
            let server = id.trim_start_matches("task-").to_owned();
            let Some(looks) = state.restored.get_mut(&server) else {
                return reply(
                    404,
                    json!({"error_code": "BackupService.6500", "error_msg": "Operation log does not exist."}),
                );
            };
            *looks += 1;
            let (status, progress) = status_of(&server, *looks);
            reply(
                200,
                json!({"operation_log": task(id, &server, &format!("{server}-new"), status, progress)}),
            )
        }
        _ => reply(404, json!({"error_code": "X", "error_msg": "no such call"})),
    }
}

fn args(server: &str, deadline: &str) -> Vec<String> {
    [
        server,
        "--region",
        "cn-north-4",
        "--deadline",
        deadline,
        "--poll",
        "0.02",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn the_example_restores_a_vm_end_to_end() {
    let state = Arc::new(Mutex::new(State::default()));
    let shared = state.clone();
    let server = TestServer::start(move |request| cbr(&shared, request));
    set("HUAWEICLOUD_SDK_AK", Some("RESTOREAK"));
    set("HUAWEICLOUD_SDK_SK", Some("restore-secret"));
    set("HUAWEICLOUD_SDK_PROJECT_ID", Some(PROJECT));
    set("HUAWEICLOUD_SDK_SECURITY_TOKEN", None);
    set("HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4", Some(&server.url()));
    let runtime = common::runtime();
    let run = |args: Vec<String>| runtime.block_on(restore_vm::run(&args));

    assert_eq!(
        run(args("srv-ok", "10")),
        (
            Ok(String::from(
                "restored from backup srv-ok-new (task task-srv-ok)"
            )),
            0
        )
    );
    assert_eq!(
        run(args("srv-fail", "10")),
        (
            Ok(String::from(
                "restore from backup srv-fail-new ended failed (task task-srv-fail): \
                 BackupService.6002 The disk is in use."
            )),
            1
        )
    );
    assert_eq!(
        run(args("srv-slow", "0.3")),
        (
            Ok(String::from(
                "restore from backup srv-slow-new still not finished at the deadline (task \
                 task-srv-slow, status running, progress 40%)"
            )),
            3
        )
    );
    let (line, status) = run(args("srv-none", "10"));
    assert_eq!(status, 2);
    assert_eq!(
        line,
        Err(String::from(
            "restore of server srv-none stopped: server srv-none has no available server backup"
        ))
    );
    let (line, status) = run(vec![String::from("--deadline")]);
    assert_eq!(status, 2);
    assert!(line.unwrap_err().starts_with("--deadline needs a value"));

    // The slow restore was looked at until the deadline, and no more.
    let looks = state.lock().unwrap().restored["srv-slow"];
    assert!(
        (2..=20).contains(&looks),
        "{looks} looks in 0.3 s at 0.02 s"
    );
    let restores = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(restores, 3, "one restore per server with a backup");
}
