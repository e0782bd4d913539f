//! The single pass that measures an operation: cost, depth, aliases, root fields and
//! directives, with every fragment measured once (per introspection variant) and reused at each
//! spread, and an early exit the moment any limit is known to be exceeded.
//!
//! Costs are kept in tenths of a point (a scalar costs 0.1, see `docs/LIMITS.md`), with
//! saturating arithmetic so no document can overflow them.

use std::collections::HashMap;

use async_graphql::Positioned;
use async_graphql::parser::types::{Directive, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Variables};
use async_graphql_value::{ConstValue, Value};

use super::fragments::SpreadGraph;
use super::index::{FieldInfo, Role, SchemaIndex, TypeId};
use super::{CostModel, Invalid, Limits, Violation};

/// A row (object) costs one point.
pub(crate) const OBJECT: u64 = 10;
/// A scalar or enum value costs a tenth of a point.
pub(crate) const SCALAR: u64 = 1;
/// `totalCount` runs a COUNT: a point.
pub(crate) const COUNT: u64 = 10;

/// What one selection set measures, relative to where it is used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Metrics {
    /// Data cost of one instance of the parent (tenths).
    pub once: u64,
    /// Data cost per row of the page, when the parent is a connection (tenths).
    pub per_row: u64,
    /// Introspection cost of one instance of the parent (tenths).
    pub intro: u64,
    /// Deepest data level below, this set's fields being level 1.
    pub depth: u64,
    /// Longest chain of introspection fields below.
    pub intro_depth: u64,
    /// Aliases, counted at every place a fragment is spread.
    pub aliases: u64,
    /// Field selections below, with every fragment expanded where it is spread (what
    /// async-graphql's validation and executor walk), not multiplied by rows.
    pub expanded: u64,
    /// Fields of this level, through fragments and inline fragments (root fields at the root).
    pub fields: u64,
}

impl Metrics {
    fn add(&mut self, other: &Metrics) {
        self.once = self.once.saturating_add(other.once);
        self.per_row = self.per_row.saturating_add(other.per_row);
        self.intro = self.intro.saturating_add(other.intro);
        self.depth = self.depth.max(other.depth);
        self.intro_depth = self.intro_depth.max(other.intro_depth);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.expanded = self.expanded.saturating_add(other.expanded);
        self.fields = self.fields.saturating_add(other.fields);
    }

    /// Component-wise maximum of the costs and depths: one of several branches of an
    /// abstract type applies.
    fn max_cost(&mut self, other: &Metrics) {
        self.once = self.once.max(other.once);
        self.per_row = self.per_row.max(other.per_row);
        self.intro = self.intro.max(other.intro);
        self.depth = self.depth.max(other.depth);
        self.intro_depth = self.intro_depth.max(other.intro_depth);
    }

    /// The data cost of one instance when the page has `page` rows.
    pub fn value(&self, page: u64) -> u64 {
        self.once.saturating_add(page.saturating_mul(self.per_row))
    }
}

/// Where a selection set is being measured.
#[derive(Clone, Copy, Debug)]
struct Ctx {
    parent: Option<TypeId>,
    /// Data depth of the parent (absolute in the operation, relative in a fragment).
    depth: u64,
    intro_depth: u64,
    /// Instances of this set the operation will resolve, as far as this walk knows (for
    /// stopping early; a fragment is measured with 1).
    mult: u64,
    /// Introspection: the parent is one element of a list that enumerates all its kind
    /// (`__schema.types`, then `fields` of such a type), so averages bound the sum.
    enumerating: bool,
    /// Rows per page when the parent is a connection (1 otherwise, and in a fragment).
    page: u64,
    /// The operation's own selection set.
    root: bool,
}

pub(crate) struct Walker<'a> {
    pub index: &'a SchemaIndex,
    pub model: &'a CostModel,
    pub limits: &'a Limits,
    pub introspection: bool,
    pub variables: &'a Variables,
    pub defaults: HashMap<&'a str, &'a ConstValue>,
    pub doc: &'a ExecutableDocument,
    pub graph: &'a SpreadGraph<'a>,
    /// Per fragment: its metrics when spread in an ordinary place, and when spread on an
    /// enumerated introspection element.
    pub memo: Vec<[Option<Metrics>; 2]>,
    pub work: u64,
}

fn cond_is_enumerable(name: &str) -> bool {
    name == "__Type" || name == "__Field"
}

impl<'a> Walker<'a> {
    fn max_tenths(&self) -> u64 {
        (self.limits.max_complexity as u64).saturating_mul(10)
    }

    fn intro_max_tenths(&self) -> u64 {
        (self.model.introspection_max_complexity as u64).saturating_mul(10)
    }

    /// A type by name as this caller may see it: introspection types only when introspection
    /// is allowed (otherwise they are unknown and cost as scalars).
    fn type_named(&self, name: &str) -> Option<TypeId> {
        let id = self.index.type_id(name)?;
        (self.introspection || !self.index.ty(id).introspection).then_some(id)
    }

    /// Measures every fragment the operation uses, in `order` (each after the fragments it
    /// spreads), so a spread only looks its fragment up.
    pub fn measure_fragments(&mut self, order: &[usize]) -> Result<(), Violation> {
        for &fragment in order {
            let name = self.graph.names[fragment];
            let Some(definition) = self.doc.fragments.get(name) else {
                continue;
            };
            let definition = &definition.node;
            self.directives(&definition.directives)?;
            let cond = definition.type_condition.node.on.node.as_str();
            let parent = self.type_named(cond);
            let variants: &[bool] = if self.introspection && cond_is_enumerable(cond) {
                &[false, true]
            } else {
                &[false]
            };
            for &enumerating in variants {
                let ctx = Ctx {
                    parent,
                    depth: 0,
                    intro_depth: 0,
                    mult: 1,
                    enumerating,
                    page: 1,
                    root: false,
                };
                let metrics = self.set(&definition.selection_set.node, ctx)?;
                self.memo[fragment][usize::from(enumerating)] = Some(metrics);
            }
        }
        Ok(())
    }

    fn directives(&self, directives: &[Positioned<Directive>]) -> Result<(), Violation> {
        if directives.len() > self.limits.max_directives_per_field {
            return Err(Violation::limit(
                "directives",
                self.limits.max_directives_per_field,
                directives.len() as u64,
            ));
        }
        Ok(())
    }

    /// Refuses as soon as a partial measure already exceeds a limit. Every multiplier is at
    /// least 1 and every fragment measured is spread at least once, so a partial measure
    /// (times the instances known above it) is a lower bound of the operation's.
    fn check(&self, m: &Metrics, ctx: &Ctx) -> Result<(), Violation> {
        let cost = ctx.mult.saturating_mul(m.value(ctx.page));
        if cost > self.max_tenths() {
            return Err(Violation::limit(
                "complexity",
                self.limits.max_complexity,
                cost.div_ceil(10),
            ));
        }
        if self.introspection {
            let intro = ctx.mult.saturating_mul(m.intro);
            if intro > self.intro_max_tenths() {
                return Err(Violation::limit(
                    "introspection_complexity",
                    self.model.introspection_max_complexity,
                    intro.div_ceil(10),
                ));
            }
        }
        if m.expanded > self.model.max_expanded_fields as u64 {
            return Err(Violation::limit(
                "fields",
                self.model.max_expanded_fields,
                m.expanded,
            ));
        }
        if m.aliases > self.limits.max_aliases as u64 {
            return Err(Violation::limit(
                "aliases",
                self.limits.max_aliases,
                m.aliases,
            ));
        }
        if ctx.root && m.fields > self.limits.max_root_fields as u64 {
            return Err(Violation::limit(
                "root_fields",
                self.limits.max_root_fields,
                m.fields,
            ));
        }
        Ok(())
    }

    fn depth_check(&self, data: u64, intro: u64) -> Result<(), Violation> {
        if data > self.limits.max_depth as u64 {
            return Err(Violation::limit("depth", self.limits.max_depth, data));
        }
        if intro > self.model.introspection_max_depth as u64 {
            return Err(Violation::limit(
                "introspection_depth",
                self.model.introspection_max_depth,
                intro,
            ));
        }
        Ok(())
    }

    /// Measures a selection set. On an abstract parent, the branches for different concrete
    /// types cannot all apply: the costliest counts, plus everything that applies to all.
    /// Aliases and fields are counts of what was written, so every branch adds to them.
    fn set(&mut self, set: &'a SelectionSet, ctx: Ctx) -> Result<Metrics, Violation> {
        let abstract_parent = ctx.parent.is_some_and(|p| self.index.ty(p).is_abstract());
        let mut common = Metrics::default();
        // Per concrete type condition, and the running maximum over them (branches only grow,
        // so the maximum is kept up to date in constant time per item).
        let mut branches: Vec<(TypeId, Metrics)> = Vec::new();
        let mut widest = Metrics::default();
        for item in &set.items {
            self.work += 1;
            let (target, part) = match &item.node {
                Selection::Field(field) => (None, self.field(&field.node, ctx)?),
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    self.directives(&inline.directives)?;
                    let parent = match &inline.type_condition {
                        Some(cond) => self.type_named(cond.node.on.node.as_str()),
                        None => ctx.parent,
                    };
                    (
                        parent,
                        self.set(&inline.selection_set.node, Ctx { parent, ..ctx })?,
                    )
                }
                Selection::FragmentSpread(spread) => {
                    let spread = &spread.node;
                    self.directives(&spread.directives)?;
                    let name = spread.fragment_name.node.as_str();
                    let Some(&fragment) = self.graph.index.get(name) else {
                        return Err(Violation::invalid(Invalid::UnknownFragment(
                            name.to_owned(),
                        )));
                    };
                    let cond = self
                        .doc
                        .fragments
                        .get(name)
                        .map(|f| f.node.type_condition.node.on.node.as_str());
                    let enumerating = ctx.enumerating && cond.is_some_and(cond_is_enumerable);
                    let memo = self.memo[fragment];
                    let Some(metrics) = memo[usize::from(enumerating)].or(memo[0]) else {
                        // Every fragment is measured before anything that spreads it; one that
                        // is not would be a bug in the order, refused rather than guessed.
                        return Err(Violation::invalid(Invalid::Internal));
                    };
                    self.depth_check(
                        ctx.depth + metrics.depth,
                        ctx.intro_depth + metrics.intro_depth,
                    )?;
                    (cond.and_then(|c| self.type_named(c)), metrics)
                }
            };
            common.aliases = common.aliases.saturating_add(part.aliases);
            common.expanded = common.expanded.saturating_add(part.expanded);
            common.fields = common.fields.saturating_add(part.fields);
            let costs = Metrics {
                aliases: 0,
                expanded: 0,
                fields: 0,
                ..part
            };
            let branch = target.filter(|t| {
                abstract_parent && Some(*t) != ctx.parent && !self.index.ty(*t).is_abstract()
            });
            match branch {
                Some(t) => {
                    let slot = match branches.iter().position(|(b, _)| *b == t) {
                        Some(i) => i,
                        None => {
                            branches.push((t, Metrics::default()));
                            branches.len() - 1
                        }
                    };
                    branches[slot].1.add(&costs);
                    widest.max_cost(&branches[slot].1);
                }
                None => common.add(&costs),
            }
            let mut so_far = common;
            so_far.add(&widest);
            self.check(&so_far, &ctx)?;
        }
        common.add(&widest);
        Ok(common)
    }

    /// Measures one field where it is written.
    fn field(&mut self, field: &'a Field, ctx: Ctx) -> Result<Metrics, Violation> {
        self.directives(&field.directives)?;
        let name = field.name.node.as_str();
        let mut m = Metrics {
            aliases: u64::from(field.alias.is_some()),
            expanded: 1,
            fields: 1,
            ..Metrics::default()
        };
        let parent = ctx.parent.map(|p| self.index.ty(p));
        let in_intro = self.introspection && parent.is_some_and(|p| p.introspection);
        if name == "__typename" {
            if in_intro {
                m.intro = SCALAR;
                m.intro_depth = 1;
            } else {
                m.once = SCALAR;
                m.depth = 1;
            }
            self.depth_check(ctx.depth + m.depth, ctx.intro_depth + m.intro_depth)?;
            return Ok(m);
        }
        let at_query_root = ctx.parent.is_some() && ctx.parent == self.index.query;
        let info: Option<&'a FieldInfo> = match (name, at_query_root && self.introspection) {
            ("__schema", true) => Some(&self.index.schema_field),
            ("__type", true) => Some(&self.index.type_field),
            _ => parent.and_then(|p| p.fields.get(name)),
        };
        let is_intro = in_intro
            || (info.is_some() && name.starts_with("__") && at_query_root && self.introspection);
        let child_type = info.and_then(|i| i.ty);
        let child_info = child_type.map(|t| self.index.ty(t));

        if is_intro {
            return self.intro_field(field, ctx, m, info, child_type);
        }

        let role = info.map_or(Role::Plain, |i| i.role);
        let wrapper = matches!(role, Role::Nodes | Role::Edges | Role::EdgeNode);
        let level = u64::from(!wrapper);
        self.depth_check(ctx.depth + level, ctx.intro_depth)?;
        let children = &field.selection_set.node;
        let (Some(info), Some(child_type), Some(child)) = (info, child_type, child_info) else {
            // Not in the schema (validation will refuse it): a scalar, with whatever it selects
            // walked for the other limits.
            m.once = SCALAR;
            m.depth = 1;
            if !children.items.is_empty() {
                let inner = Ctx {
                    parent: None,
                    depth: ctx.depth + 1,
                    enumerating: false,
                    page: 1,
                    root: false,
                    ..ctx
                };
                let sub = self.set(children, inner)?;
                m.once = m.once.saturating_add(sub.value(1));
                m.depth = 1 + sub.depth;
                m.aliases = m.aliases.saturating_add(sub.aliases);
                m.expanded = m.expanded.saturating_add(sub.expanded);
            }
            return Ok(m);
        };
        if child.is_leaf() {
            m.once = if role == Role::TotalCount {
                COUNT
            } else {
                SCALAR
            };
            m.depth = 1;
            return Ok(m);
        }
        // An object, a connection or a list of objects.
        let page = if child.connection {
            self.page_size(field, Some(info))
        } else {
            1
        };
        let count = match role {
            Role::Nodes | Role::Edges => 1, // the page's size is applied by the connection
            _ if info.list => self.list_size(field, info),
            _ => 1,
        };
        // Rows of the enclosing connection multiply what `nodes`/`edges` select.
        let rows = if matches!(role, Role::Nodes | Role::Edges) {
            ctx.page
        } else {
            1
        };
        let inner = Ctx {
            parent: Some(child_type),
            depth: ctx.depth + level,
            intro_depth: ctx.intro_depth,
            mult: ctx.mult.saturating_mul(count).saturating_mul(rows),
            enumerating: false,
            page,
            root: false,
        };
        let sub = self.set(children, inner)?;
        let own = if role == Role::EdgeNode { 0 } else { OBJECT };
        let one = own.saturating_add(sub.value(page));
        let value = count.saturating_mul(one);
        match role {
            Role::Nodes | Role::Edges => m.per_row = value,
            _ => m.once = value,
        }
        m.intro = count.saturating_mul(sub.intro);
        m.depth = level + sub.depth;
        m.intro_depth = sub.intro_depth;
        m.aliases = m.aliases.saturating_add(sub.aliases);
        m.expanded = m.expanded.saturating_add(sub.expanded);
        Ok(m)
    }

    /// An introspection field: metadata, no database work, costed by the sizes of the lists
    /// introspection returns for this schema, against its own limits.
    fn intro_field(
        &mut self,
        field: &'a Field,
        ctx: Ctx,
        mut m: Metrics,
        info: Option<&'a FieldInfo>,
        child_type: Option<TypeId>,
    ) -> Result<Metrics, Violation> {
        self.depth_check(ctx.depth, ctx.intro_depth + 1)?;
        m.intro_depth = 1;
        let child = child_type.map(|t| self.index.ty(t));
        let children = &field.selection_set.node;
        if child.is_none_or(|c| c.is_leaf()) && children.items.is_empty() {
            m.intro = SCALAR;
            return Ok(m);
        }
        let parent_name = ctx.parent.map_or("", |p| self.index.ty(p).name.as_str());
        let name = field.name.node.as_str();
        let list = info.is_some_and(|i| i.list);
        let s = &self.index.sizes;
        // Elements as a fraction `num / den` of one list: on an element of an enumeration of
        // all types (or all fields), the total over all parents divided by their number, so
        // the enumeration's multiplier times this is the exact total; elsewhere the largest.
        let types = s.types.max(1);
        let (num, den, enumerating) = if !list {
            (1, 1, false)
        } else {
            let e = ctx.enumerating;
            let pick = |total: u64, parents: u64, max: u64| {
                if e { (total, parents.max(1)) } else { (max, 1) }
            };
            let ((num, den), next) = match (parent_name, name) {
                ("__Schema", "types") => ((s.types, 1), true),
                ("__Schema", "directives") => ((s.directives, 1), false),
                ("__Type", "fields") => (pick(s.total_fields, types, s.max_fields), e),
                ("__Type", "inputFields") => {
                    (pick(s.total_input_fields, types, s.max_input_fields), false)
                }
                ("__Type", "enumValues") => {
                    (pick(s.total_enum_values, types, s.max_enum_values), false)
                }
                ("__Type", "interfaces") => {
                    (pick(s.total_interfaces, types, s.max_interfaces), false)
                }
                ("__Type", "possibleTypes") => (
                    pick(s.total_possible_types, types, s.max_possible_types),
                    false,
                ),
                ("__Field", "args") => (pick(s.total_args, s.total_fields, s.max_args), false),
                ("__Directive", "args") => ((s.max_directive_args, 1), false),
                // Any other list of introspection objects: as many as there are types.
                _ => ((s.types, 1), false),
            };
            (num, den, next)
        };
        let count = num.div_ceil(den).max(1);
        let inner = Ctx {
            parent: child_type,
            depth: ctx.depth,
            intro_depth: ctx.intro_depth + 1,
            mult: ctx.mult.saturating_mul(count),
            enumerating,
            page: 1,
            root: false,
        };
        let sub = self.set(children, inner)?;
        let one = OBJECT
            .saturating_add(sub.intro)
            .saturating_add(sub.value(1));
        m.intro = num.saturating_mul(one).div_ceil(den);
        m.intro_depth = 1 + sub.intro_depth;
        m.aliases = m.aliases.saturating_add(sub.aliases);
        m.expanded = m.expanded.saturating_add(sub.expanded);
        Ok(m)
    }

    /// The value of an argument as the operation will run it: the literal, the variable's
    /// value, the variable's default, or the field's default in the schema.
    fn argument(
        &self,
        field: &'a Field,
        info: Option<&'a FieldInfo>,
        name: &str,
    ) -> Option<ArgValue<'a>> {
        match field
            .arguments
            .iter()
            .find(|(n, _)| n.node.as_str() == name)
        {
            Some((_, value)) => match &value.node {
                Value::Variable(var) => self.variable(var).map(ArgValue::Const),
                literal => Some(ArgValue::Literal(literal)),
            },
            None => info
                .and_then(|i| i.arg(name))
                .and_then(|a| a.default.as_ref())
                .map(ArgValue::Const),
        }
    }

    fn variable(&self, var: &Name) -> Option<&'a ConstValue> {
        self.variables
            .get(var)
            .or_else(|| self.defaults.get(var.as_str()).copied())
    }

    fn number(&self, field: &'a Field, info: Option<&'a FieldInfo>, name: &str) -> Option<i64> {
        match self.argument(field, info, name)? {
            ArgValue::Const(ConstValue::Number(n)) => Some(n.as_i64().unwrap_or(i64::MAX)),
            ArgValue::Literal(Value::Number(n)) => Some(n.as_i64().unwrap_or(i64::MAX)),
            _ => None,
        }
    }

    /// Rows of a page: `first`/`last` as run, else the server's default page size, within
    /// 1..=the server's maximum page size (a larger request is refused by the resolver).
    fn page_size(&self, field: &'a Field, info: Option<&'a FieldInfo>) -> u64 {
        let first = self.number(field, info, "first");
        let last = self.number(field, info, "last");
        let asked = match (first, last) {
            (None, None) => self.limits.default_page_size as i64,
            (a, b) => a.unwrap_or(0).max(b.unwrap_or(0)),
        };
        (asked.max(1) as u64).min(self.model.max_page_size)
    }

    /// Elements of a plain list: one per id for `ids`, `first`/`last` when it has them, else
    /// the documented estimate (the default page size).
    fn list_size(&self, field: &'a Field, info: &'a FieldInfo) -> u64 {
        if info.arg("ids").is_some() {
            let len = match self.argument(field, Some(info), "ids") {
                Some(ArgValue::Literal(Value::List(items))) => items.len() as u64,
                Some(ArgValue::Const(ConstValue::List(items))) => items.len() as u64,
                Some(ArgValue::Literal(Value::Null) | ArgValue::Const(ConstValue::Null)) => 0,
                Some(_) => 1,
                None => self.model.max_page_size,
            };
            return len.clamp(1, self.model.max_page_size);
        }
        if info.arg("first").is_some() || info.arg("last").is_some() {
            return self.page_size(field, Some(info));
        }
        (self.limits.default_page_size as u64).max(1)
    }

    /// Measures the operation's selection set.
    pub fn operation(
        &mut self,
        set: &'a SelectionSet,
        parent: Option<TypeId>,
    ) -> Result<Metrics, Violation> {
        let ctx = Ctx {
            parent,
            depth: 0,
            intro_depth: 0,
            mult: 1,
            enumerating: false,
            page: 1,
            root: true,
        };
        let m = self.set(set, ctx)?;
        self.check(&m, &ctx)?;
        Ok(m)
    }
}

enum ArgValue<'a> {
    Literal(&'a Value),
    Const(&'a ConstValue),
}
