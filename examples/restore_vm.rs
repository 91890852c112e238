//! Restores a cloud server from its newest available backup, end to end, and reports whether
//! the restore succeeded:
//!
//! 1. ListBackups: the server's newest available server backup;
//! 2. ShowBackup: its disk backups, which make the restore's `mappings`;
//! 3. RestoreBackup: the restore (the service answers `202` once the task is accepted);
//! 4. ListOpLogs / ShowOpLog: the restore's task, followed until it succeeds, fails, or the
//!    deadline passes.
//!
//! ```text
//! HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… \
//!     cargo run --example restore_vm -- <server-id> [--region cn-north-4] [--deadline 1800]
//! ```
//!
//! The project id comes from `HUAWEICLOUD_SDK_PROJECT_ID`, or from IAM by the region. As with
//! the official SDK, `HUAWEICLOUD_SDK_REGION_CBR_<REGION>` and `HUAWEICLOUD_SDK_IAM_ENDPOINT`
//! point the client elsewhere. Exit status: 0 restored, 1 the restore failed, 3 the deadline
//! passed, 2 anything else (usage, an API error).

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::cbr::types::{
    BackupResp, BackupRestore, BackupRestoreReq, BackupRestoreServerMapping, BackupStatus,
    OperationLog, OperationStatus, OperationType, ResourceType,
};

/// What to restore and how long to wait.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The cloud server to restore.
    pub server_id: String,
    /// How long to follow the restore before giving up on it.
    pub deadline: Duration,
    /// The pause between looks at the restore's task.
    pub poll: Duration,
}

/// How a restore ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The task succeeded.
    Restored {
        /// The backup restored from.
        backup_id: String,
        /// The restore's task.
        task_id: String,
    },
    /// The task ended without success (`failed`, `skipped`, `timeout`).
    Failed {
        /// The backup restored from.
        backup_id: String,
        /// The restore's task.
        task_id: String,
        /// The task's final status.
        status: String,
        /// CBR's error code and message for the task.
        code: String,
        /// The message.
        message: String,
    },
    /// The deadline passed first.
    StillRunning {
        /// The backup restored from.
        backup_id: String,
        /// The restore's task, when it had appeared.
        task_id: Option<String>,
        /// The last status seen.
        status: Option<String>,
        /// The last progress seen, in percent.
        progress: Option<i32>,
    },
}

/// Why the workflow stopped before it could follow a restore.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// A call failed.
    #[error(transparent)]
    Api(#[from] hwcloud_bindings::runtime::Error<hwcloud_bindings::cbr::types::CbrError>),
    /// The server has no available backup to restore from.
    #[error("server {0} has no available server backup")]
    NoBackup(String),
    /// The backup lists no disk backups, so there is nothing to map.
    #[error("backup {0} has no disk backups to restore")]
    NoDisks(String),
}

/// Runs the whole workflow with `client`.
pub async fn restore_newest(client: &Client, plan: &Plan) -> Result<Outcome, WorkflowError> {
    let backup = newest_backup(client, &plan.server_id).await?;
    let mappings = disk_mappings(client, &backup.id).await?;
    // Restore tasks of this backup that existed before: the new one is the one not here.
    let earlier: BTreeSet<String> = restore_tasks(client, plan, &backup.id)
        .await?
        .into_iter()
        .map(|log| log.id)
        .collect();
    let body = BackupRestoreReq::new(
        BackupRestore::new()
            .with_mappings(mappings)
            .with_server_id(&plan.server_id)
            .with_power_on(true),
    );
    client.restore_backup(&backup.id, &body).await?;
    follow(client, plan, &backup.id, &earlier).await
}

/// The newest available backup of the whole server (not of one of its disks).
async fn newest_backup(client: &Client, server_id: &str) -> Result<BackupResp, WorkflowError> {
    let mut backups = client
        .list_backups()
        .resource_id(server_id)
        .resource_type(ResourceType::OsNovaServer)
        .status(BackupStatus::Available)
        .sort("created_at:desc")
        .limit(10)
        .items();
    match backups.next().await {
        Some(backup) => Ok(backup?),
        None => Err(WorkflowError::NoBackup(server_id.to_owned())),
    }
}

/// `mappings` from the server backup's disk backups: each restores onto the disk it was
/// taken of.
async fn disk_mappings(
    client: &Client,
    backup_id: &str,
) -> Result<Vec<BackupRestoreServerMapping>, WorkflowError> {
    let backup = client.show_backup(backup_id).await?.into_body().backup;
    let mappings: Vec<_> = backup
        .children
        .unwrap_or_default()
        .iter()
        .map(|disk| BackupRestoreServerMapping::new(&disk.id, &disk.resource_id))
        .collect();
    if mappings.is_empty() {
        return Err(WorkflowError::NoDisks(backup_id.to_owned()));
    }
    Ok(mappings)
}

/// The restore tasks on the server that restored from `backup_id`, newest first.
async fn restore_tasks(
    client: &Client,
    plan: &Plan,
    backup_id: &str,
) -> Result<Vec<OperationLog>, WorkflowError> {
    let mut logs = client
        .list_op_logs()
        .operation_type(OperationType::Restore)
        .resource_id(&plan.server_id)
        .limit(100)
        .items()
        .max_pages(10);
    let mut out = Vec::new();
    while let Some(log) = logs.next().await {
        let log = log?;
        let from = log
            .extra_info
            .as_ref()
            .and_then(|extra| extra.restore.as_ref())
            .and_then(|restore| restore.backup_id.as_deref());
        if from == Some(backup_id) {
            out.push(log);
        }
    }
    Ok(out)
}

/// Waits for the restore's task to appear, then for it to end, until the deadline.
async fn follow(
    client: &Client,
    plan: &Plan,
    backup_id: &str,
    earlier: &BTreeSet<String>,
) -> Result<Outcome, WorkflowError> {
    let started = Instant::now();
    let mut task: Option<OperationLog> = None;
    loop {
        task = match task {
            None => restore_tasks(client, plan, backup_id)
                .await?
                .into_iter()
                .find(|log| !earlier.contains(&log.id)),
            Some(log) => Some(client.show_op_log(&log.id).await?.into_body().operation_log),
        };
        if let Some(log) = &task {
            let ended = |status: &str| Outcome::Failed {
                backup_id: backup_id.to_owned(),
                task_id: log.id.clone(),
                status: status.to_owned(),
                code: log.error_info.code.clone().unwrap_or_default(),
                message: log.error_info.message.clone().unwrap_or_default(),
            };
            match &log.status {
                OperationStatus::Success => {
                    return Ok(Outcome::Restored {
                        backup_id: backup_id.to_owned(),
                        task_id: log.id.clone(),
                    });
                }
                OperationStatus::Failed => return Ok(ended("failed")),
                OperationStatus::Skipped => return Ok(ended("skipped")),
                OperationStatus::Timeout => return Ok(ended("timeout")),
                _ => {}
            }
        }
        if started.elapsed() + plan.poll > plan.deadline {
            return Ok(Outcome::StillRunning {
                backup_id: backup_id.to_owned(),
                task_id: task.as_ref().map(|log| log.id.clone()),
                status: task.as_ref().map(|log| log.status.to_string()),
                progress: task
                    .as_ref()
                    .and_then(|log| log.extra_info.as_ref())
                    .map(|extra| extra.common.progress),
            });
        }
        tokio::time::sleep(plan.poll).await;
    }
}

/// The outcome as a line for people, and the process's exit status.
pub fn report(outcome: &Outcome) -> (String, u8) {
    match outcome {
        Outcome::Restored { backup_id, task_id } => (
            format!("restored from backup {backup_id} (task {task_id})"),
            0,
        ),
        Outcome::Failed {
            backup_id,
            task_id,
            status,
            code,
            message,
        } => (
            format!(
                "restore from backup {backup_id} ended {status} (task {task_id}): {code} {message}"
            ),
            1,
        ),
        Outcome::StillRunning {
            backup_id,
            task_id,
            status,
            progress,
        } => (
            format!(
                "restore from backup {backup_id} still not finished at the deadline (task {}, \
                 status {}, progress {}%)",
                task_id.as_deref().unwrap_or("not yet listed"),
                status.as_deref().unwrap_or("unknown"),
                progress.map_or_else(|| String::from("?"), |p| p.to_string()),
            ),
            3,
        ),
    }
}

const USAGE: &str =
    "usage: restore_vm <server-id> [--region <id>] [--deadline <seconds>] [--poll <seconds>]";

/// `<server-id> [--region R] [--deadline S] [--poll S]`.
fn parse(args: &[String]) -> Result<(String, Plan), String> {
    let mut region = String::from("cn-north-4");
    let mut server_id = None;
    let mut plan = Plan {
        server_id: String::new(),
        deadline: Duration::from_secs(1800),
        poll: Duration::from_secs(10),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        let seconds = |text: String| {
            text.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| format!("not a number of seconds: {text}"))
        };
        match arg.as_str() {
            "--region" => region = value()?,
            "--deadline" => plan.deadline = seconds(value()?)?,
            "--poll" => plan.poll = seconds(value()?)?,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            other if server_id.is_none() => server_id = Some(other.to_owned()),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    plan.server_id = server_id.ok_or("which server? give its id")?;
    Ok((region, plan))
}

/// The program: arguments in; the line to print (`Ok` on standard output, `Err` on standard
/// error) and the exit status out.
pub async fn run(args: &[String]) -> (Result<String, String>, u8) {
    let (region, plan) = match parse(args) {
        Ok(parsed) => parsed,
        Err(problem) => return (Err(format!("{problem}\n{USAGE}")), 2),
    };
    let client = match Client::builder()
        .region(&region)
        .credentials_from_env()
        .build()
    {
        Ok(client) => client,
        Err(e) => return (Err(format!("cannot build the CBR client: {e}")), 2),
    };
    match restore_newest(&client, &plan).await {
        Ok(outcome) => {
            let (line, status) = report(&outcome);
            (Ok(line), status)
        }
        Err(e) => (
            Err(format!("restore of server {} stopped: {e}", plan.server_id)),
            2,
        ),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (line, status) = run(&args).await;
    match line {
        Ok(line) => println!("{line}"),
        Err(line) => eprintln!("{line}"),
    }
    ExitCode::from(status)
}
