//! The closing line of a `cargo test` run: what the latest run of each test skipped for lack
//! of a tool, and the command that installs it. Cargo runs integration tests in the order of
//! their names, so this file's name puts it after the others; the records are written by
//! `support::skip`. When nothing was skipped it prints nothing.

mod support;

use support::skip::{recorded, say};

#[test]
fn summary_of_skipped_tests() {
    for (tool, tests) in recorded() {
        let names: Vec<String> = tests.iter().map(|t| t.test.clone()).collect();
        say(&format!(
            "\nSKIPPED {} test{} for lack of {}: {}; install with `{}`",
            tests.len(),
            if tests.len() == 1 { "" } else { "s" },
            tool.what(),
            names.join(", "),
            tool.install()
        ));
        // CI requires every tool: a record left from a skip would be a stale one, since a
        // required tool fails its test instead of skipping.
        assert!(
            !tool.required(),
            "{} is required, yet tests were skipped for its lack: {}",
            tool.what(),
            names.join(", ")
        );
    }
}
