//! Repository hygiene that a newcomer relies on: every Rust source file says in its first line
//! what it is for (a `//!` comment), as rust-analyzer's tidy test enforces for its own tree, and
//! the layers name async-graphql only where ARCHITECTURE.md says they do.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            // Build output, third-party code and front-end packages are not ours to document.
            if !matches!(name.as_ref(), "target" | "vendor" | "node_modules" | ".git") {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_starts_with_a_module_comment() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates", "migration", "tests", "bench"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "found only {} files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.starts_with("//!")
        })
        .map(|path| {
            path.strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading `//!` line: {missing:?}"
    );
}

/// The layers' dependency on async-graphql, as ARCHITECTURE.md states it: `entity` and `domain`
/// do not know it, and the server uses only its request, response and parser types at the HTTP
/// edge (never its schema, resolvers or registry), so the schema is built in one crate.
#[test]
fn only_the_graphql_crate_builds_on_async_graphql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for layer in ["crates/entity", "crates/domain"] {
        let manifest = std::fs::read_to_string(root.join(layer).join("Cargo.toml")).unwrap();
        assert!(
            !manifest.contains("async-graphql"),
            "{layer} depends on async-graphql"
        );
    }
    // What the server may name: the edge types, and the parser for the limits and persisted
    // operations it checks before executing.
    const EDGE: [&str; 6] = [
        "Request",
        "Response",
        "ServerError",
        "Value",
        "Variables",
        "parser",
    ];
    let mut files = Vec::new();
    rust_files(&root.join("crates/server/src"), &mut files);
    let mut beyond = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("async_graphql::") {
            let rest = &text[at + "async_graphql::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !EDGE.contains(&name.as_str()) {
                beyond.push(format!("{}: async_graphql::{name}", path.display()));
            }
        }
    }
    assert!(
        beyond.is_empty(),
        "the server reaches past async-graphql's edge types: {beyond:?}"
    );
}
