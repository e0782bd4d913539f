//! The fragment spread graph of a document: unknown spreads and cycles are refused before
//! anything is costed, and the fragments an operation uses come out in an order where every
//! fragment follows the fragments it spreads, so each is costed once and reused at every spread.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::{Invalid, Violation};

/// Fragments by index, with the fragments each one spreads.
pub(crate) struct SpreadGraph<'a> {
    pub names: Vec<&'a Name>,
    pub index: HashMap<&'a str, usize>,
    /// For each fragment, the fragments it spreads (by index, duplicates removed).
    edges: Vec<Vec<usize>>,
}

/// Every fragment spread in `set`, in document order, with nested selection sets included.
/// Iterative, so a selection set nested as deep as the parser allows costs no deep recursion.
pub(crate) fn spreads_in<'a>(set: &'a SelectionSet, work: &mut u64, out: &mut Vec<&'a Name>) {
    let mut stack: Vec<&'a SelectionSet> = vec![set];
    while let Some(set) = stack.pop() {
        for item in &set.items {
            *work += 1;
            match &item.node {
                Selection::Field(field) => stack.push(&field.node.selection_set.node),
                Selection::InlineFragment(inline) => stack.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(spread) => out.push(&spread.node.fragment_name.node),
            }
        }
    }
}

impl<'a> SpreadGraph<'a> {
    /// Builds the graph of every fragment of the document; a spread of a fragment the
    /// document does not define is refused.
    pub fn new(doc: &'a ExecutableDocument, work: &mut u64) -> Result<SpreadGraph<'a>, Violation> {
        // Fragments in a fixed order (by name), so messages do not depend on hashing.
        let mut names: Vec<&'a Name> = doc.fragments.keys().collect();
        names.sort_unstable();
        let index: HashMap<&'a str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut edges = Vec::with_capacity(names.len());
        let mut found = Vec::new();
        for name in &names {
            found.clear();
            if let Some(fragment) = doc.fragments.get(*name) {
                spreads_in(&fragment.node.selection_set.node, work, &mut found);
            }
            let mut targets = Vec::with_capacity(found.len());
            for spread in &found {
                let Some(&target) = index.get(spread.as_str()) else {
                    return Err(Violation::invalid(Invalid::UnknownFragment(
                        spread.to_string(),
                    )));
                };
                if !targets.contains(&target) {
                    targets.push(target);
                }
            }
            edges.push(targets);
        }
        Ok(SpreadGraph {
            names,
            index,
            edges,
        })
    }

    /// Refuses the first cycle among all fragments (a depth-first search with colours:
    /// white unvisited, grey on the current path, black finished), then returns the fragments
    /// reachable from `roots` in post-order: each after every fragment it spreads.
    pub fn order(&self, roots: &[usize], work: &mut u64) -> Result<Vec<usize>, Violation> {
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Colour {
            White,
            Grey,
            Black,
        }
        let n = self.names.len();
        let mut colour = vec![Colour::White; n];
        let mut post = Vec::with_capacity(n);
        // Every fragment is searched for cycles (a document with an unused cyclic fragment is
        // invalid all the same, and async-graphql's validation would walk it inline up to its
        // recursion limit); only those reachable from the roots (searched first) are returned
        // to be costed.
        let starts = roots
            .iter()
            .map(|r| (*r, true))
            .chain((0..n).map(|f| (f, false)));
        for (start, record) in starts {
            if colour[start] != Colour::White {
                continue;
            }
            // (fragment, index of the next edge to follow)
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            colour[start] = Colour::Grey;
            while let Some(top) = stack.last_mut() {
                *work += 1;
                let (node, next) = *top;
                if let Some(&target) = self.edges[node].get(next) {
                    top.1 += 1;
                    match colour[target] {
                        Colour::White => {
                            colour[target] = Colour::Grey;
                            stack.push((target, 0));
                        }
                        Colour::Grey => {
                            let from = stack.iter().position(|(f, _)| *f == target).unwrap_or(0);
                            let mut path: Vec<String> = stack[from..]
                                .iter()
                                .map(|(f, _)| self.names[*f].to_string())
                                .collect();
                            path.push(self.names[target].to_string());
                            return Err(Violation::invalid(Invalid::FragmentCycle(path)));
                        }
                        Colour::Black => {}
                    }
                } else {
                    colour[node] = Colour::Black;
                    if record {
                        post.push(node);
                    }
                    stack.pop();
                }
            }
        }
        Ok(post)
    }
}
