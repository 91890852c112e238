//! Huawei's official Python SDK, the reference for wire behaviour: installed from PyPI into a
//! virtual environment under the target directory on first use (so `cargo test` works on a
//! fresh machine that has Python), then driven by the scripts in `tests/official-sdk/`.
//!
//! `APIGEN_SDK_PYTHON` names an interpreter that already has the SDK, to skip the install.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The SDK version the oracle in `../shared/oracle/` was captured with.
pub const SDK_VERSION: &str = "3.1.219";

/// How long a test waits for another test binary's install to finish.
const INSTALL_WAIT: Duration = Duration::from_secs(900);

/// The workspace root.
fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-support sits in the workspace")
        .to_path_buf()
}

/// A script in `tests/official-sdk/`.
pub fn script(name: &str) -> PathBuf {
    workspace().join("tests/official-sdk").join(name)
}

/// A Python interpreter with `huaweicloudsdkcbr` installed, installing it on first use.
///
/// # Panics
/// When Python or PyPI cannot be reached, with pip's own output: these tests need the SDK.
pub fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("APIGEN_SDK_PYTHON") {
        return PathBuf::from(python);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace().join("target"), PathBuf::from);
    let venv = target.join(format!("official-sdk-{SDK_VERSION}"));
    let python = venv.join("bin/python");
    let ready = venv.join(".ready");
    if ready.exists() {
        return python;
    }
    std::fs::create_dir_all(&target).expect("target directory");
    let lock = target.join(format!("official-sdk-{SDK_VERSION}.lock"));
    let started = Instant::now();
    // `create_dir` is atomic: one test binary installs, the others wait for `.ready`.
    while std::fs::create_dir(&lock).is_err() {
        if ready.exists() {
            return python;
        }
        assert!(
            started.elapsed() < INSTALL_WAIT,
            "waited {INSTALL_WAIT:?} for another test's install of the official SDK; remove {} \
             if no test is running",
            lock.display()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let result = install(&venv);
    std::fs::remove_dir(&lock).ok();
    if let Err(message) = result {
        panic!("{message}");
    }
    std::fs::write(&ready, SDK_VERSION).expect("mark the install done");
    python
}

fn install(venv: &Path) -> Result<(), String> {
    let host_python = std::env::var("PYTHON").unwrap_or_else(|_| String::from("python3"));
    run(Command::new(&host_python).args(["-m", "venv"]).arg(venv))?;
    run(Command::new(venv.join("bin/python")).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("huaweicloudsdkcbr=={SDK_VERSION}"),
        &format!("huaweicloudsdkcore=={SDK_VERSION}"),
    ]))
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .map_err(|e| format!("could not run {shown}: {e} (the official SDK needs Python 3)"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "installing the official SDK failed: {shown} exited with {}\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// Runs `script` with the SDK's interpreter, `env` added to its environment and `input` on
/// standard input; panics with its output when it fails.
pub fn run_script(script: &Path, env: &[(&str, &str)], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(python())
        .arg(script)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the SDK's Python");
    let mut stdin = child.stdin.take().expect("stdin");
    // Written from a thread: the script may fill its stdout before reading all of stdin.
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("the SDK's Python ran");
    writer
        .join()
        .expect("writer")
        .expect("script read its input");
    assert!(
        output.status.success(),
        "{} failed with {}:\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
