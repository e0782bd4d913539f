//! Generated hostile documents: fragment fan-out, cycles of every length, self-spreads,
//! unknown fragments, deep inline nesting, documents near the length limit, directive and alias
//! floods, and random documents built from the real schema. Each asserts the kind of refusal
//! and that the work stayed linear in the document's length.

use std::collections::BTreeMap;

use async_graphql::Variables;
use serde_json::Value;

use super::{ANALYZER, parse, run_with};
use crate::limits::index::{Kind, TypeId};
use crate::limits::{Analysis, Invalid, Limits, Violation};

/// Work allowed per character of document: every selection node takes at least two
/// characters and is visited a bounded number of times.
const WORK_PER_CHAR: u64 = 2;

fn measure(query: &str, introspection: bool) -> (Result<Analysis, Violation>, u64) {
    let doc = parse(query);
    let limits = Limits::default();
    let result = ANALYZER.check(&doc, None, &Variables::default(), &limits, introspection);
    let work = match &result {
        Ok(a) => a.work,
        Err(v) => v.work,
    };
    (result, work)
}

fn assert_linear(query: &str, work: u64) {
    let bound = WORK_PER_CHAR * query.len() as u64;
    assert!(
        work <= bound,
        "work {work} > {bound} for a document of {} characters",
        query.len()
    );
}

/// `{ me { ...F0 } }` and a chain F0 → F1 → … → F(n-1) where each spreads the next `k`
/// times and the last selects `leaf`.
fn fan_out(n: usize, k: usize, leaf: &str) -> String {
    let mut doc = String::from("{ me { ...F0 } } ");
    for i in 0..n {
        let body = if i + 1 == n {
            leaf.to_owned()
        } else {
            vec![format!("...F{}", i + 1); k].join(" ")
        };
        doc.push_str(&format!("fragment F{i} on Me {{ {body} }} "));
    }
    doc
}

#[test]
fn the_fifty_byte_bomb_is_refused_at_once() {
    let bomb = "{ ...A } fragment A on Query { ...A ...A ...A }";
    let v = run_with(bomb, Value::Null, false).expect_err("cycle");
    assert_eq!(
        v.invalid,
        Some(Invalid::FragmentCycle(vec!["A".into(), "A".into()]))
    );
    assert_eq!(v.code(), "BAD_USER_INPUT");
}

#[test]
fn fan_out_chains_cost_their_expansion_in_linear_work() {
    for k in [2, 3, 10] {
        for n in [1, 2, 5, 10, 20, 31, 32, 33, 64, 100, 300] {
            let doc = fan_out(n, k, "clerkUserId");
            if doc.len() > 15_000 {
                continue;
            }
            let (result, work) = measure(&doc, false);
            assert_linear(&doc, work);
            // `me` and k^(n-1) copies of a scalar: 1 + k^(n-1) fields once expanded, costing
            // 10 + k^(n-1) tenths. The expansion reaches the limit of 10,000 expanded fields
            // long before the cost reaches 100,000 points.
            let copies = (k as u128).saturating_pow(n as u32 - 1).min(u128::MAX / 2);
            match result {
                Ok(a) => {
                    assert!(copies < 10_000, "n {n} k {k} passed with {a:?}");
                    assert_eq!(a.fields as u128, 1 + copies, "n {n} k {k}");
                    assert_eq!(
                        a.complexity as u128,
                        (10 + copies).div_ceil(10),
                        "n {n} k {k}"
                    );
                }
                Err(v) => {
                    assert!(1 + copies > 10_000, "n {n} k {k}: {v:?}");
                    assert_eq!(v.limit, "fields", "n {n} k {k}");
                    assert!(v.found > v.max);
                }
            }
        }
    }
    // Fan-out over aliases hits the alias limit; over objects, the cost.
    let (result, work) = measure(&fan_out(40, 2, "a: clerkUserId"), false);
    assert_eq!(result.map_err(|v| v.limit), Err("aliases"));
    assert_linear(&fan_out(40, 2, "a: clerkUserId"), work);
    let (result, _) = measure(&fan_out(40, 2, "memberships { clinic { name } }"), false);
    assert_eq!(result.map_err(|v| v.limit), Err("complexity"));
    // At the root, the expansion is root fields (2^11 of them, costing 205).
    let root = fan_out(12, 2, "clerkUserId")
        .replace("{ me { ...F0 } }", "{ ...F0 }")
        .replace("on Me", "on Query");
    let (result, work) = measure(&root, false);
    assert_eq!(result.map_err(|v| v.limit), Err("root_fields"));
    assert_linear(&root, work);
    // A chain of fragments each adding an alias: the aliases of the whole chain count.
    let mut doc = String::from("{ me { ...M0 } } ");
    for i in 0..40 {
        doc.push_str(&format!(
            "fragment M{i} on Me {{ user {{ clinics: __typename }} ...M{} }} ",
            i + 1
        ));
    }
    doc.push_str("fragment M40 on Me { clerkUserId }");
    let (result, work) = measure(&doc, false);
    assert_eq!(result.map_err(|v| v.limit), Err("aliases"));
    assert_linear(&doc, work);
}

#[test]
fn cycles_of_every_length_are_refused() {
    for n in 1..=32 {
        let mut doc = String::from("{ ...F0 } ");
        for i in 0..n {
            doc.push_str(&format!(
                "fragment F{i} on Query {{ me {{ clerkUserId }} ...F{} ...F{} }} ",
                (i + 1) % n,
                (i + 1) % n
            ));
        }
        let v = run_with(&doc, Value::Null, false).expect_err("cycle");
        let Some(Invalid::FragmentCycle(path)) = &v.invalid else {
            panic!("length {n}: {v:?}");
        };
        assert_eq!(path.len(), n + 1, "length {n}: {path:?}");
        assert_eq!(path.first(), path.last());
        assert_eq!(v.code(), "BAD_USER_INPUT");
        assert_linear(&doc, v.work);
        // Unused cyclic fragments are refused too: the document is invalid whatever runs.
        let unused = doc.replacen("{ ...F0 }", "{ me { clerkUserId } }", 1);
        let v = run_with(&unused, Value::Null, false).expect_err("unused cycle");
        assert!(
            matches!(v.invalid, Some(Invalid::FragmentCycle(_))),
            "{v:?}"
        );
    }
}

#[test]
fn self_spreads_anywhere_are_cycles() {
    for doc in [
        "{ ...A } fragment A on Query { ...A }",
        "{ me { ...M } } fragment M on Me { user { ...U } } fragment U on User { clinics: __typename ... on User { ...U } }",
        "{ ...A } fragment A on Query { me { user { ...A } } }",
    ] {
        let v = run_with(doc, Value::Null, false).expect_err(doc);
        assert!(
            matches!(v.invalid, Some(Invalid::FragmentCycle(_))),
            "{doc}: {v:?}"
        );
    }
}

#[test]
fn unknown_fragments_are_refused() {
    for (doc, name) in [
        ("{ ...Nope }", "Nope"),
        ("{ ...A } fragment A on Query { me { ...Nope } }", "Nope"),
        (
            "{ me { clerkUserId } } fragment Unused on Query { ...Gone }",
            "Gone",
        ),
    ] {
        let v = run_with(doc, Value::Null, false).expect_err(doc);
        assert_eq!(
            v.invalid,
            Some(Invalid::UnknownFragment(name.into())),
            "{doc}"
        );
        assert_eq!(v.message(), format!("unknown fragment \"{name}\""));
    }
}

#[test]
fn deep_inline_fragment_nesting_adds_no_level() {
    // The parser allows 64 nested selection sets.
    for levels in [1, 10, 30, 60] {
        let mut doc = String::from("me { clerkUserId }");
        for _ in 0..levels {
            doc = format!("... on Query {{ {doc} }}");
        }
        let doc = format!("{{ {doc} }}");
        let (result, work) = measure(&doc, false);
        let a = result.expect("inline fragments are not levels");
        assert_eq!((a.depth, a.root_fields, a.complexity), (2, 1, 2));
        assert_linear(&doc, work);
    }
    // Nested inline fragments on an interface.
    let mut body = String::from("id");
    for i in 0..30 {
        body = if i % 2 == 0 {
            format!("... on Node {{ {body} }}")
        } else {
            format!("... on Case {{ {body} }}")
        };
    }
    let doc = format!("{{ node(id: \"x\") {{ {body} }} }}");
    let (result, work) = measure(&doc, false);
    assert!(result.is_ok(), "{result:?}");
    assert_linear(&doc, work);
}

#[test]
fn documents_near_the_length_limit() {
    // Wide: as many scalars as fit.
    let mut doc = String::from("{ me { ");
    while doc.len() < 14_980 {
        doc.push_str("clerkUserId ");
    }
    doc.push_str("} }");
    let (result, work) = measure(&doc, false);
    let a = result.expect("a wide selection of scalars is cheap");
    assert!(a.complexity < 200, "{a:?}");
    assert_linear(&doc, work);
    // Wide at the root.
    let roots: String = (0..1_200).map(|_| "me { clerkUserId } ").collect();
    let doc = format!("{{ {roots} }}");
    assert!(doc.len() <= 30_000);
    let (result, _) = measure(&doc, false);
    assert_eq!(result.map_err(|v| v.limit), Err("root_fields"));
    // Many fragments, each used once.
    let mut doc = String::from("{ me { ");
    let mut defs = String::new();
    for i in 0..300 {
        doc.push_str(&format!("...F{i} "));
        defs.push_str(&format!("fragment F{i} on Me {{ clerkUserId }} "));
    }
    let doc = format!("{doc}}} }} {defs}");
    let (result, work) = measure(&doc, false);
    assert!(result.is_ok(), "{result:?}");
    assert_linear(&doc, work);
}

#[test]
fn directive_and_alias_floods() {
    let directives = "@skip(if: false) ".repeat(800);
    let doc = format!("{{ me {directives} {{ clerkUserId }} }}");
    let v = run_with(&doc, Value::Null, false).expect_err("directives");
    assert_eq!((v.limit, v.found), ("directives", 800));
    let aliases: String = (0..1_000).map(|i| format!("a{i}: clerkUserId ")).collect();
    let doc = format!("{{ me {{ {aliases} }} }}");
    let (result, work) = measure(&doc, false);
    let v = result.expect_err("aliases");
    assert_eq!(v.limit, "aliases");
    assert_linear(&doc, work);
}

/// A small deterministic PRNG (xorshift64*), so the property test needs no new crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Builds random documents from the schema index: real fields with random arguments,
/// aliases, directives, inline fragments, and fragments that spread each other (sometimes in
/// cycles, sometimes unknown), plus names the schema does not have.
struct Generator<'a> {
    rng: Rng,
    fields: BTreeMap<TypeId, Vec<(&'a str, Option<TypeId>)>>,
    fragments: Vec<(String, TypeId)>,
    /// The fragment whose body is being written: it spreads only later ones, mostly, so most
    /// documents are valid and some have cycles.
    current: Option<usize>,
    out: String,
}

impl<'a> Generator<'a> {
    fn new(seed: u64) -> Generator<'a> {
        let index = &ANALYZER.index;
        let mut fields = BTreeMap::new();
        for (id, ty) in index.types.iter().enumerate() {
            if matches!(ty.kind, Kind::Object | Kind::Interface) {
                let mut list: Vec<(&'a str, Option<TypeId>)> =
                    ty.fields.iter().map(|(n, f)| (n.as_str(), f.ty)).collect();
                list.sort_unstable();
                fields.insert(id, list);
            }
        }
        Generator {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            fields,
            fragments: Vec::new(),
            current: None,
            out: String::new(),
        }
    }

    fn selection(&mut self, ty: Option<TypeId>, depth: usize) {
        self.out.push_str("{ ");
        let items = 1 + self.rng.below(if depth > 6 { 2 } else { 5 });
        for _ in 0..items {
            if self.out.len() > 14_000 {
                break;
            }
            match self.rng.below(10) {
                0 | 1 if !self.fragments.is_empty() => {
                    let after = self.current.map_or(0, |c| c + 1);
                    let i = if self.rng.chance(4) {
                        self.rng.below(self.fragments.len() + 1)
                    } else if after < self.fragments.len() {
                        after + self.rng.below(self.fragments.len() - after)
                    } else {
                        continue;
                    };
                    let name = self
                        .fragments
                        .get(i)
                        .map_or_else(|| "Missing".to_owned(), |f| f.0.clone());
                    self.out.push_str(&format!("...{name} "));
                }
                2 => {
                    self.out.push_str("... ");
                    if self.rng.chance(50) {
                        self.out.push_str("on Case ");
                    }
                    self.selection(ty, depth + 1);
                }
                3 => self.out.push_str("__typename "),
                4 if self.rng.chance(20) => self.out.push_str("unknownField "),
                _ => self.field(ty, depth),
            }
        }
        self.out.push_str("} ");
    }

    fn field(&mut self, ty: Option<TypeId>, depth: usize) {
        let Some(list) = ty.and_then(|t| self.fields.get(&t)) else {
            self.out.push_str("x ");
            return;
        };
        // Objects more often than their share, so documents grow deep and costly.
        let composite: Vec<(&'a str, Option<TypeId>)> = list
            .iter()
            .copied()
            .filter(|(_, c)| c.is_some_and(|c| self.fields.contains_key(&c)))
            .collect();
        let (name, child) = if !composite.is_empty() && self.rng.chance(60) {
            composite[self.rng.below(composite.len())]
        } else {
            list[self.rng.below(list.len())]
        };
        if self.rng.chance(10) {
            self.out.push_str(&format!("a{}: ", self.rng.below(30)));
        }
        self.out.push_str(name);
        match self.rng.below(6) {
            0 => self
                .out
                .push_str(&format!("(first: {})", self.rng.below(300))),
            1 => self.out.push_str("(last: $n)"),
            2 => self.out.push_str("(ids: [\"a\", \"b\"], id: \"x\")"),
            _ => {}
        }
        if self.rng.chance(2) {
            self.out
                .push_str(&" @include(if: true)".repeat(1 + self.rng.below(7)));
        }
        self.out.push(' ');
        let composite = child.is_some_and(|c| self.fields.contains_key(&c));
        if composite && depth < 40 {
            self.selection(child, depth + 1);
        }
    }

    fn document(mut self) -> String {
        let index = &ANALYZER.index;
        let query = index.query;
        let types: Vec<TypeId> = self.fields.keys().copied().collect();
        for i in 0..self.rng.below(6) {
            let on = types[self.rng.below(types.len())];
            self.fragments.push((format!("F{i}"), on));
        }
        let introspection = self.rng.chance(20);
        self.out.push_str("query($n: Int = 50) ");
        if introspection {
            self.out.push_str(
                "{ __schema { types { name fields { type { name ofType { name } } } } } ",
            );
            let len = self.out.len();
            self.selection(query, 1);
            self.out.replace_range(len..len + 2, "");
        } else {
            self.selection(query, 1);
        }
        let fragments = self.fragments.clone();
        for (i, (name, on)) in fragments.into_iter().enumerate() {
            self.current = Some(i);
            let on_name = &index.ty(on).name;
            self.out.push_str(&format!("fragment {name} on {on_name} "));
            self.selection(Some(on), 2);
        }
        self.out
    }
}

#[test]
fn random_documents_never_panic_and_stay_linear() {
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for seed in 1..=400 {
        let doc = Generator::new(seed).document();
        let Ok(parsed) = async_graphql::parser::parse_query(&doc) else {
            // Nesting beyond what the parser allows: nothing for the analyser to see.
            *outcomes.entry("unparsed").or_default() += 1;
            continue;
        };
        for introspection in [false, true] {
            let result = ANALYZER.check(
                &parsed,
                None,
                &Variables::default(),
                &Limits::default(),
                introspection,
            );
            let work = match &result {
                Ok(a) => a.work,
                Err(v) => v.work,
            };
            assert_linear(&doc, work);
            *outcomes
                .entry(result.map_or_else(|v| v.limit, |_| "passed"))
                .or_default() += 1;
        }
    }
    // The generator reaches every kind of outcome, so the property covers them.
    for outcome in ["passed", "document", "complexity", "depth"] {
        assert!(
            outcomes.get(outcome).is_some_and(|n| *n > 0),
            "{outcome} never happened: {outcomes:?}"
        );
    }
}
