//! The `apigen` binary: modes, files, exit codes and messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = "openapi: 3.0.3
info: {title: Tiny, version: '1'}
paths:
  /ping:
    get:
      operationId: Ping
      responses: {'204': {description: pong}}
";

/// `{id}` in the path without a declared parameter, and a dangling `$ref`: two errors.
const BAD: &str = "openapi: 3.0.3
info: {title: Bad, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: GetThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("apigen-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn apigen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn one_spec_to_stdout() {
    let dir = TempDir::new("stdout");
    dir.write("tiny.yaml", GOOD);
    let out = apigen(&dir.0, &["tiny.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut settings = apigen::Settings::default();
    settings.with_regenerate_hint("cargo run -p apigen-cli");
    let expected = apigen::generate("tiny.yaml", GOOD, &settings).unwrap();
    assert_eq!(text(&out.stdout), expected.code);
}

#[test]
fn one_spec_as_a_standalone_crate() {
    let dir = TempDir::new("crate");
    dir.write("tiny.yaml", GOOD);
    let crate_args = [
        "tiny.yaml",
        "--crate",
        "tiny-client",
        "--name",
        "tiny-client",
    ];
    let out = apigen(&dir.0, &crate_args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(dir.0.join("tiny-client/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"tiny-client\""), "{manifest}");
    let runtime =
        std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../runtime")).unwrap();
    assert!(
        manifest.contains(&format!("path = \"{}\"", runtime.display())),
        "{manifest}"
    );
    let api = std::fs::read_to_string(dir.0.join("tiny-client/src/api.rs")).unwrap();
    assert!(
        api.contains("pub fn ping<'a>(&'a self) -> PingRequest<'a>"),
        "{api}"
    );
    let lib = std::fs::read_to_string(dir.0.join("tiny-client/src/lib.rs")).unwrap();
    syn::parse_file(&lib).expect("the crate root parses");
    // Written again unchanged: nothing is reported as written.
    let again = apigen(&dir.0, &crate_args);
    assert_eq!(text(&again.stderr), "");
    let bad = apigen(&dir.0, &["tiny.yaml", "--crate", "x", "--name", "1x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("not a valid crate name"));
    let lone = apigen(&dir.0, &["tiny.yaml", "--crate", "x"]);
    assert_eq!(lone.status.code(), Some(2));
    // The runtime from a registry instead of this checkout.
    let registry = apigen(
        &dir.0,
        &[
            "tiny.yaml",
            "--crate",
            "from-registry",
            "--name",
            "from-registry",
            "--runtime-version",
            "0.1",
        ],
    );
    assert_eq!(
        registry.status.code(),
        Some(0),
        "{}",
        text(&registry.stderr)
    );
    let manifest = std::fs::read_to_string(dir.0.join("from-registry/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("apigen-runtime = { version = \"0.1\" }"),
        "{manifest}"
    );
    assert!(!manifest.contains("path ="), "{manifest}");
}

#[test]
fn output_is_identical_across_processes() {
    // Every process seeds `HashMap` differently, and `--jobs` changes how the module is cut
    // and formatted: runs of the binary on documents that use most constructs must print the
    // same bytes.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    for name in [
        "real-world.yaml",
        "compositions.yaml",
        "params.yaml",
        "media.yaml",
        "collisions.yaml",
    ] {
        let path = fixtures.join(name);
        let path = path.to_str().unwrap();
        let first = apigen(&fixtures, &[path]);
        assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
        assert!(!first.stdout.is_empty());
        // Again, and on one thread (the module formatted as one file) and on three.
        for jobs in [None, Some("1"), Some("3")] {
            let mut args = vec![path];
            args.extend(jobs.iter().flat_map(|n| ["--jobs", n]));
            let again = apigen(&fixtures, &args);
            assert_eq!(
                first.stdout, again.stdout,
                "{name}: output differs between runs ({jobs:?} jobs)"
            );
            assert_eq!(
                first.stderr, again.stderr,
                "{name}: warnings differ between runs ({jobs:?} jobs)"
            );
        }
    }
}

#[test]
fn one_spec_to_a_file_and_check() {
    let dir = TempDir::new("file");
    dir.write("tiny.yaml", GOOD);
    let out = apigen(&dir.0, &["tiny.yaml", "-o", "out/tiny.rs"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("wrote out/tiny.rs"));
    // Unchanged output is not rewritten.
    let again = apigen(&dir.0, &["tiny.yaml", "-o", "out/tiny.rs"]);
    assert!(
        !text(&again.stderr).contains("wrote"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        apigen(&dir.0, &["tiny.yaml", "-o", "out/tiny.rs", "--check"])
            .status
            .code(),
        Some(0)
    );

    dir.write("out/tiny.rs", "// edited by hand\n");
    let check = apigen(&dir.0, &["tiny.yaml", "-o", "out/tiny.rs", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let message = text(&check.stderr);
    assert!(
        message.contains("not up to date") && message.contains("line 1"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("out/tiny.rs")).unwrap(),
        "// edited by hand\n"
    );
}

#[test]
fn default_mode_regenerates_the_directory() {
    let dir = TempDir::new("default");
    dir.write("spec/tiny-api.yaml", GOOD);
    dir.write("generated/old_api.rs", "// its document was deleted\n");
    let check = apigen(&dir.0, &["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let message = text(&check.stderr);
    assert!(
        message.contains("generated/tiny_api.rs") && message.contains("old_api.rs has no document"),
        "{message}"
    );
    assert!(message.contains("cargo run -p apigen-cli"), "{message}");

    let out = apigen(&dir.0, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.0.join("generated/tiny_api.rs").exists());
    assert!(!dir.0.join("generated/old_api.rs").exists());
    assert_eq!(apigen(&dir.0, &["--check"]).status.code(), Some(0));
}

#[test]
fn a_bad_spec_exits_1_with_every_located_error() {
    let dir = TempDir::new("bad");
    dir.write("bad.yaml", BAD);
    let out = apigen(&dir.0, &["bad.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no code on error");
    let message = text(&out.stderr);
    assert!(
        message.contains("unresolved $ref `#/components/schemas/Missing`"),
        "{message}"
    );
    assert!(
        message.contains("declares no path parameter `id`"),
        "{message}"
    );
    assert!(
        message.contains("bad.yaml:12:") && message.contains("bad.yaml:5:"),
        "{message}"
    );
    assert!(message.contains("2 error(s)"), "{message}");
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lenient-json.json");
    let fixture = fixture.to_str().unwrap();
    let dir = TempDir::new("deny");
    let lenient = apigen(&dir.0, &[fixture]);
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient.stderr));
    assert!(text(&lenient.stderr).contains("warning: the file is not valid JSON"));
    assert!(!lenient.stdout.is_empty());
    let strict = apigen(&dir.0, &[fixture, "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(strict.stdout.is_empty(), "no code when a warning is denied");
    let message = text(&strict.stderr);
    assert!(
        message.contains("error: the file is not valid JSON") && message.contains("1 error(s)"),
        "{message}"
    );
}

#[test]
fn usage_and_io_problems_exit_2() {
    let dir = TempDir::new("usage");
    for args in [
        &["--frobnicate"][..],
        &["a.yaml", "b.yaml"],
        &["a.yaml", "--check"],
        &["-o", "x.rs"],
    ] {
        let out = apigen(&dir.0, args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("Usage:"), "{args:?}");
    }
    let no_threads = apigen(&dir.0, &["a.yaml", "--jobs", "0"]);
    assert_eq!(no_threads.status.code(), Some(2));
    assert!(
        text(&no_threads.stderr).contains("--jobs"),
        "{}",
        text(&no_threads.stderr)
    );
    let missing = apigen(&dir.0, &["missing.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read missing.yaml"));
    let no_spec_dir = apigen(&dir.0, &[]);
    assert_eq!(no_spec_dir.status.code(), Some(2));
    assert!(text(&no_spec_dir.stderr).contains("spec is not a directory"));
    assert_eq!(apigen(&dir.0, &["--help"]).status.code(), Some(0));
}

/// GOOD with a required query parameter added: a breaking change.
fn good_with_required_param() -> String {
    GOOD.replace(
        "      operationId: Ping\n",
        "      operationId: Ping\n      parameters: [{name: q, in: query, required: true, schema: {type: string}}]\n",
    )
}

#[test]
fn diff_reports_the_verdict_and_fails_on_breaking_only_when_asked() {
    let dir = TempDir::new("diff");
    dir.write("old.yaml", GOOD);
    dir.write("new.yaml", &good_with_required_param());
    let out = apigen(&dir.0, &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.starts_with("old.yaml → new.yaml: major (1 breaking"),
        "{report}"
    );
    assert!(
        report.contains("`Client::ping(q)`: new required parameter"),
        "{report}"
    );

    let out = apigen(
        &dir.0,
        &["diff", "--fail-on-breaking", "old.yaml", "new.yaml"],
    );
    assert_eq!(out.status.code(), Some(3));
    let out = apigen(
        &dir.0,
        &["diff", "--fail-on-breaking", "new.yaml", "new.yaml"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("new.yaml → new.yaml: none"));

    let out = apigen(&dir.0, &["diff", "--json", "new.yaml", "old.yaml"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["semver"], "major");
    assert_eq!(json["changes"][0]["kind"], "parameter-removed");

    dir.write("bad.yaml", BAD);
    assert_eq!(
        apigen(&dir.0, &["diff", "old.yaml", "bad.yaml"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        apigen(&dir.0, &["diff", "old.yaml", "missing.yaml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn diff_matches_two_directories_by_file_name() {
    let dir = TempDir::new("diff-dirs");
    dir.write("v1/ping.yaml", GOOD);
    dir.write("v1/gone.yaml", GOOD);
    dir.write("v2/ping.yaml", GOOD);
    dir.write("v2/fresh.yaml", GOOD);
    let out = apigen(&dir.0, &["diff", "--json", "v1", "v2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["semver"], "major");
    let verdicts: Vec<(String, String)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let name = d["new"].as_str().or(d["old"].as_str()).unwrap();
            (
                name.replace('\\', "/"),
                d["semver"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("v2/fresh.yaml".to_owned(), "minor".to_owned()),
            ("v1/gone.yaml".to_owned(), "major".to_owned()),
            ("v2/ping.yaml".to_owned(), "none".to_owned()),
        ]
    );
}

#[test]
fn filters_from_flags_and_from_the_settings_file() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/tags.yaml");
    let fixture = fixture.to_str().unwrap();
    let dir = TempDir::new("filters");
    let out = apigen(
        &dir.0,
        &[
            fixture,
            "--include-tags",
            "store,users",
            "--exclude-operations",
            "get*",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let code = text(&out.stdout);
    let methods: Vec<&str> = code
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub fn "))
        .filter_map(|l| l.split_once("<'a>(&'a self").map(|(name, _)| name))
        .collect();
    assert_eq!(methods, ["place_order", "create_user"]);
    assert!(!code.contains("pub struct Report") && code.contains("pub struct Address"));

    let typo = apigen(&dir.0, &[fixture, "--include-operations", "placeorder"]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        text(&typo.stderr).contains("include-operations `placeorder` matches no operationId")
            && text(&typo.stderr).contains("did you mean placeOrder?"),
        "{}",
        text(&typo.stderr)
    );

    // The default mode reads `<stem>.apigen.yaml`, and refuses filters on the command line.
    dir.write(
        "spec/store.yaml",
        &std::fs::read_to_string(fixture).unwrap(),
    );
    dir.write(
        "spec/store.apigen.yaml",
        "filters:\n  include-operations: [ping]\n",
    );
    let out = apigen(&dir.0, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.0.join("generated/store.rs")).unwrap();
    assert!(code.contains("pub fn ping<'a>") && !code.contains("pub fn get_pet"));
    let refused = apigen(&dir.0, &["--include-tags", "pets"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("spec/cbr.apigen.yaml"));
    dir.write(
        "spec/store.apigen.yaml",
        "filters: {include-operations: ping}\n",
    );
    let bad = apigen(&dir.0, &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).starts_with("error: spec/store.apigen.yaml:1:"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn diff_of_directories_applies_each_sides_settings_file() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/tags.yaml");
    let document = std::fs::read_to_string(fixture).unwrap();
    let dir = TempDir::new("diff-settings");
    dir.write("old/tags.yaml", &document);
    dir.write("old/tags.apigen.yaml", "filters:\n  include-tags: [pets]\n");
    dir.write("new/tags.yaml", &document);
    dir.write(
        "new/tags.apigen.yaml",
        "filters:\n  include-tags: [pets, store]\n",
    );
    let out = apigen(&dir.0, &["diff", "old", "new"]);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    let report = text(&out.stdout);
    assert!(
        report.contains("minor")
            && report.contains("`Client::place_order`: new operation")
            && !report.contains("apigen.yaml"),
        "{report}"
    );
}

fn text_of(out: &Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}
