//! The layering of `src/`, checked: `cmd` (with `cli`) on top, then the
//! features, then the domain, then the leaves. A module may use modules of
//! its own layer or below, never above, and the graph has no cycle, so each
//! layer can be understood (and tested) without the ones over it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top to bottom. A new module must be placed here: the test says so.
const LAYERS: [(&str, &[&str]); 4] = [
    ("commands", &["cmd", "cli"]),
    (
        "features",
        &["receiver", "delivery", "ui", "audit", "tui", "contract"],
    ),
    (
        "domain",
        &["signing", "payload", "providers", "store", "config", "feed"],
    ),
    ("leaves", &["http", "term", "exit", "clock", "home"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The top-level modules each top-level module of `src/` refers to through
/// `crate::`, leaving out comments and `#[cfg(test)]` sections.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let top = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "main" || top == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let refs = graph.entry(top.clone()).or_default();
            for line in code.lines() {
                let line = line.split("//").next().unwrap_or_default();
                refs.extend(referenced(line).into_iter().filter(|r| *r != top));
            }
        }
    }
    graph
}

/// `crate::x` and `use crate::{x, y::z}` names on one line.
fn referenced(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first path segment of each top-level item of the group.
            let (mut depth, mut item_start) = (0, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let name: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        found.push(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn imports_point_down_the_layers_and_never_in_a_cycle() {
    let graph = imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.contains_key("receiver") && graph.contains_key("signing"));
    let mut wrong = Vec::new();
    for (module, refs) in &graph {
        let Some(own) = layer_of(module) else {
            wrong.push(format!(
                "src/{module} is in no layer: add it to LAYERS in tests/cli/architecture.rs"
            ));
            continue;
        };
        for target in refs.iter().filter(|r| graph.contains_key(*r)) {
            match layer_of(target) {
                Some(theirs) if theirs < own => wrong.push(format!(
                    "{module} ({}) uses {target} ({}), a layer above it",
                    LAYERS[own].0, LAYERS[theirs].0
                )),
                _ => {}
            }
        }
    }
    if let Some(cycle) = cycle_through(&graph) {
        wrong.push(format!("import cycle: {}", cycle.join(" -> ")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_groups_and_paths() {
    assert_eq!(
        referenced("use crate::{feed::Sink, store, http::server::{a, b}};"),
        ["feed", "store", "http"]
    );
    assert_eq!(
        referenced("let x = crate::clock::unix_now() + crate::term::width();"),
        ["clock", "term"]
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle_through(&graph).unwrap(), ["a", "b", "a"]);
}

/// build.rs links the binary at a fixed address (ELF type EXEC, not a
/// position-independent DYN): a PIE patched ~21,600 pointers at every exec,
/// which `whk verify` in a script paid each time.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_is_linked_position_dependent() {
    let binary = std::fs::read(assert_cmd::cargo::cargo_bin("whk")).unwrap();
    assert_eq!(&binary[..4], b"\x7fELF");
    const ET_EXEC: u16 = 2;
    let elf_type = u16::from_le_bytes([binary[16], binary[17]]);
    assert_eq!(
        elf_type, ET_EXEC,
        "ELF type {elf_type}: not linked with -no-pie"
    );
}
