//! Compiles a read operation into one SQL statement whose one row is the answer's `data`, as
//! JSON text in selection order.
//!
//! Each object is a `json_build_object` of its response keys (fragments expanded here); each
//! list a correlated subquery (`plan::connection`), each parent or single child row one over
//! the scoped select of its table; nested rows correlate to their parent row's alias. Values
//! are written in the wire formats of the scalars (`plan::wire`). Parameters are numbered in the order they are written, so the
//! statement text depends only on the operation and the shape of the caller's reach, and
//! PostgreSQL's prepared statements serve repeated requests.

use std::fmt::Write as _;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Value};
use domain::tenancy::Reach;
use domain::{Action, Resource, Session};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, PostgresQueryBuilder, SelectStatement, SqlWriterValues,
};
use sea_orm::{Condition, Values};

use super::Refused;
use super::catalog::{Catalog, FieldPlan, PlanType};
use super::wire::value_sql;
use crate::ids;

/// `json_build_object` takes at most 100 arguments: 50 keys.
const MAX_KEYS: usize = 50;

/// Selections the planner expands before it gives up (fragments are expanded before the
/// document is validated, so a cycle or a fragment bomb must end here, not in a stack
/// overflow; the endpoint's limits refuse both long before).
const MAX_EXPANDED: usize = 20_000;

/// Fragment spreads within spreads the planner follows (a cycle ends here).
const MAX_NESTING: usize = 32;

/// A compiled read.
pub(crate) struct Compiled {
    pub sql: String,
    pub values: Values,
}

/// The fields of one selection under one response key (a key selected twice, directly or
/// through fragments, is one field whose sub-selections merge, as in execution).
pub(super) struct Selected<'d> {
    pub(super) key: &'d str,
    pub(super) name: &'d str,
    pub(super) fields: Vec<&'d Field>,
}

impl<'d> Selected<'d> {
    pub(super) fn field(&self) -> &'d Field {
        self.fields[0]
    }

    pub(super) fn selection_sets(&self) -> Vec<&'d SelectionSet> {
        self.fields.iter().map(|f| &f.selection_set.node).collect()
    }
}

/// What a type condition in a selection is, seen from the type being selected.
#[derive(Clone, Copy)]
pub(super) enum Shape<'a> {
    /// A row type: fragments on it or on `Node` apply, on another row type do not.
    Row(&'a str),
    /// Any other object type: only fragments on itself apply.
    Object(&'a str),
}

pub(crate) fn compile(
    session: &Session,
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    variables: &dyn Fn(&Name) -> Value,
) -> Result<Compiled, Refused> {
    let mut compiler = Compiler {
        session,
        document,
        variables,
        catalog: Catalog::get(),
        sql: SqlWriterValues::new("$", true),
        aliases: 0,
        expanded: std::cell::Cell::new(0),
        nesting: std::cell::Cell::new(0),
    };
    // Every root field the planner answers is for signed-in callers only (`SignedIn`).
    if matches!(session.principal(), domain::Principal::Anonymous) {
        return Err(Refused::Guard);
    }
    let roots = compiler.collect(&[&operation.selection_set.node], Shape::Object("Query"))?;
    compiler.push("SELECT json_build_object(");
    compiler.keys(&roots, |c, selected| match selected.name {
        "__typename" => {
            c.push("'Query'::text");
            Ok(())
        }
        "clinic" => c.root_row(selected, Some(Resource::Clinics)),
        "clinics" => c.clinics(selected),
        "node" => c.root_row(selected, None),
        _ => Err(Refused::Field),
    })?;
    compiler.push(")::text");
    let (sql, values) = compiler.sql.into_parts();
    Ok(Compiled { sql, values })
}

pub(super) struct Compiler<'a> {
    pub(super) session: &'a Session,
    document: &'a ExecutableDocument,
    variables: &'a dyn Fn(&Name) -> Value,
    pub(super) catalog: &'static Catalog,
    pub(super) sql: SqlWriterValues,
    aliases: usize,
    expanded: std::cell::Cell<usize>,
    nesting: std::cell::Cell<usize>,
}

impl<'a> Compiler<'a> {
    pub(super) fn push(&mut self, text: &str) {
        self.sql.write_str(text).expect("writing to a string");
    }

    pub(super) fn alias(&mut self) -> String {
        self.aliases += 1;
        format!("t{}", self.aliases)
    }

    /// Writes `select` (its parameters numbered on from the statement's).
    pub(super) fn select(&mut self, select: &SelectStatement) {
        select.build_collect_into(PostgresQueryBuilder, &mut self.sql);
    }

    /// `'key', <value>, …` for each selected field, the value written by `value`.
    pub(super) fn keys(
        &mut self,
        selected: &[Selected<'a>],
        mut value: impl FnMut(&mut Self, &Selected<'a>) -> Result<(), Refused>,
    ) -> Result<(), Refused> {
        if selected.len() > MAX_KEYS {
            return Err(Refused::Unsupported);
        }
        for (i, field) in selected.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            // Response keys are GraphQL names (`[_A-Za-z][_0-9A-Za-z]*`): nothing to escape.
            write!(self.sql, "'{}', ", field.key).expect("writing to a string");
            value(self, field)?;
        }
        Ok(())
    }

    /// The fields of `sets` as they apply to a value of `shape`, fragments expanded.
    pub(super) fn collect(
        &self,
        sets: &[&'a SelectionSet],
        shape: Shape<'_>,
    ) -> Result<Vec<Selected<'a>>, Refused> {
        let mut out: Vec<Selected<'a>> = Vec::new();
        for set in sets {
            self.collect_into(set, shape, &mut out)?;
        }
        Ok(out)
    }

    fn collect_into(
        &self,
        set: &'a SelectionSet,
        shape: Shape<'_>,
        out: &mut Vec<Selected<'a>>,
    ) -> Result<(), Refused> {
        for item in &set.items {
            self.expanded.set(self.expanded.get() + 1);
            if self.expanded.get() > MAX_EXPANDED {
                return Err(Refused::Unsupported);
            }
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    // `@skip`/`@include` (and custom directives) are left to the executor.
                    if !field.directives.is_empty() {
                        return Err(Refused::Unsupported);
                    }
                    let key = field.response_key().node.as_str();
                    match out.iter_mut().find(|s| s.key == key) {
                        Some(existing) => existing.fields.push(field),
                        None => out.push(Selected {
                            key,
                            name: field.name.node.as_str(),
                            fields: vec![field],
                        }),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if !spread.node.directives.is_empty() {
                        return Err(Refused::Unsupported);
                    }
                    let fragment = self
                        .document
                        .fragments
                        .get(&spread.node.fragment_name.node)
                        .ok_or(Refused::Operation)?;
                    if !fragment.node.directives.is_empty() {
                        return Err(Refused::Unsupported);
                    }
                    if self.applies(fragment.node.type_condition.node.on.node.as_str(), shape)? {
                        // Spreads nest at most as deep as the parser lets a document nest.
                        self.nesting.set(self.nesting.get() + 1);
                        if self.nesting.get() > MAX_NESTING {
                            return Err(Refused::Unsupported);
                        }
                        self.collect_into(&fragment.node.selection_set.node, shape, out)?;
                        self.nesting.set(self.nesting.get() - 1);
                    }
                }
                Selection::InlineFragment(inline) => {
                    if !inline.node.directives.is_empty() {
                        return Err(Refused::Unsupported);
                    }
                    let applies = match &inline.node.type_condition {
                        Some(condition) => self.applies(condition.node.on.node.as_str(), shape)?,
                        None => true,
                    };
                    if applies {
                        self.collect_into(&inline.node.selection_set.node, shape, out)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether a fragment on `on` applies to a value of `shape` (validation has ruled out the
    /// impossible ones; what is left and not known here is refused).
    fn applies(&self, on: &str, shape: Shape<'_>) -> Result<bool, Refused> {
        match shape {
            Shape::Row(name) if on == name || on == "Node" => Ok(true),
            Shape::Row(_) if self.catalog.by_name(on).is_some() => Ok(false),
            Shape::Object(name) if on == name => Ok(true),
            _ => Err(Refused::Unsupported),
        }
    }

    /// A field's arguments with the operation's variables in place.
    pub(super) fn arguments(&self, field: &Field) -> IndexMap<Name, Value> {
        field
            .arguments
            .iter()
            .map(|(name, value)| {
                let value = value
                    .node
                    .clone()
                    .into_const_with(|var| {
                        Ok::<_, std::convert::Infallible>((self.variables)(&var))
                    })
                    .unwrap_or(Value::Null);
                (name.node.clone(), value)
            })
            .collect()
    }

    /// A root field answering one row by global id: `clinic(id:)` (of `resource`) or
    /// `node(id:)` (of the id's type).
    fn root_row(
        &mut self,
        selected: &Selected<'a>,
        resource: Option<Resource>,
    ) -> Result<(), Refused> {
        let args = self.arguments(selected.field());
        let Some(Value::String(id)) = args.get("id") else {
            return Err(Refused::Arguments);
        };
        let id = async_graphql::ID(id.clone());
        let (resource, uuid) = match resource {
            Some(resource) => (
                resource,
                ids::decode_as(&id, resource).map_err(|_| Refused::Arguments)?,
            ),
            None => ids::decode_row(&id)
                .map_err(|_| Refused::Arguments)?
                .ok_or(Refused::Arguments)?,
        };
        let ty = self.catalog.of(resource).ok_or(Refused::Unsupported)?;
        let table = domain::registry::table(resource).table;
        let id = Expr::col((Alias::new(table), Alias::new("id"))).eq(uuid);
        // Not found or not readable: null, which the resolvers then explain.
        self.related_row(ty, Condition::all().add(id), false, selected)
    }

    /// `clinics`: every clinic the caller reaches, by name (ties by id), as the root field's
    /// resolver lists them.
    fn clinics(&mut self, selected: &Selected<'a>) -> Result<(), Refused> {
        let ty = self
            .catalog
            .of(Resource::Clinics)
            .ok_or(Refused::Unsupported)?;
        let fields = self.collect(&selected.selection_sets(), Shape::Row(ty.type_name))?;
        let mut columns = columns_of(ty, &fields)?;
        if !columns.contains(&"name") {
            columns.push("name");
        }
        let Some(select) = (ty.row_select)(self.session, Condition::all(), &columns) else {
            self.push("'[]'::json");
            return Ok(());
        };
        let alias = self.alias();
        self.push("(SELECT coalesce(json_agg(");
        self.object(ty, &alias, &fields)?;
        write!(
            self.sql,
            r#" ORDER BY "{alias}"."name", "{alias}"."id"), '[]'::json) FROM ("#
        )
        .expect("writing to a string");
        self.select(&select);
        write!(self.sql, r#") AS "{alias}")"#).expect("writing to a string");
        Ok(())
    }

    /// The one row of `ty` meeting `condition` (the first, when `first`), as a JSON object,
    /// or null when the caller reaches none.
    fn related_row(
        &mut self,
        ty: &'static PlanType,
        condition: Condition,
        first: bool,
        selected: &Selected<'a>,
    ) -> Result<(), Refused> {
        let fields = self.collect(&selected.selection_sets(), Shape::Row(ty.type_name))?;
        let columns = columns_of(ty, &fields)?;
        let Some(mut select) = (ty.row_select)(self.session, condition, &columns) else {
            self.push("NULL::json");
            return Ok(());
        };
        if first {
            select.limit(1);
        }
        let alias = self.alias();
        self.push("(SELECT ");
        self.object(ty, &alias, &fields)?;
        self.push(" FROM (");
        self.select(&select);
        write!(self.sql, r#") AS "{alias}")"#).expect("writing to a string");
        Ok(())
    }

    /// A row of `target` related to the row being written by `condition` (the row a foreign
    /// key points at, or the first row pointing at it).
    fn reference(
        &mut self,
        target: Resource,
        condition: String,
        first: bool,
        selected: &Selected<'a>,
    ) -> Result<(), Refused> {
        let ty = self.catalog.of(target).ok_or(Refused::Unsupported)?;
        self.related_row(
            ty,
            Condition::all().add(Expr::cust(condition)),
            first,
            selected,
        )
    }

    /// The JSON object of the row `alias` of `ty` with the `fields` selected of it.
    pub(super) fn object(
        &mut self,
        ty: &'static PlanType,
        alias: &str,
        fields: &[Selected<'a>],
    ) -> Result<(), Refused> {
        if !ty.plannable {
            return Err(Refused::Unsupported);
        }
        self.push("json_build_object(");
        self.keys(fields, |c, selected| {
            if selected.name == "__typename" {
                write!(c.sql, "'{}'::text", ty.type_name).expect("writing to a string");
                return Ok(());
            }
            match ty.fields.get(selected.name) {
                Some(FieldPlan::Column {
                    column,
                    wire,
                    action,
                }) => {
                    if let Some(action) = action {
                        c.may_see_everywhere(ty, *action)?;
                    }
                    let value = value_sql(alias, column, *wire)?;
                    c.push(&value);
                    Ok(())
                }
                Some(FieldPlan::List(children)) => c.list(alias, children, selected),
                Some(FieldPlan::Parent { column, parent }) => {
                    let table = domain::registry::table(*parent).table;
                    let condition = format!(r#""{table}"."id" = "{alias}"."{column}""#);
                    c.reference(*parent, condition, false, selected)
                }
                Some(FieldPlan::One(children)) => {
                    let table = domain::registry::table(children.child).table;
                    let condition = format!(r#""{table}"."{}" = "{alias}"."id""#, children.column);
                    c.reference(children.child, condition, true, selected)
                }
                _ => Err(Refused::Field),
            }
        })?;
        self.push(")");
        Ok(())
    }

    /// A field shown only to callers allowed `action` is planned only where the caller may do
    /// it in every clinic they may read the rows in; elsewhere the resolvers answer FORBIDDEN
    /// at the field's path for the rows concerned.
    fn may_see_everywhere(&self, ty: &PlanType, action: Action) -> Result<(), Refused> {
        let read = self.session.reach(ty.resource, Action::Read);
        let shown = self.session.reach(ty.resource, action);
        let covers = match (&shown, &read) {
            (_, Reach::Nothing) | (Reach::Everything, _) => true,
            // The guard asks for the rule in no clinic: only "everything" passes it.
            _ if !ty.rules_per_clinic => false,
            (
                Reach::Clinics {
                    clinics: shown,
                    include_self: shown_self,
                    ..
                },
                Reach::Clinics {
                    clinics: read,
                    include_self: read_self,
                    ..
                },
            ) => read.iter().all(|c| shown.contains(c)) && (*shown_self || !*read_self),
            _ => false,
        };
        if covers { Ok(()) } else { Err(Refused::Guard) }
    }
}

/// The columns a selection of a row reads (each row's id is always read).
pub(super) fn columns_of(
    ty: &PlanType,
    fields: &[Selected<'_>],
) -> Result<Vec<&'static str>, Refused> {
    let mut columns = vec![];
    for field in fields {
        let column = match ty.fields.get(field.name) {
            Some(FieldPlan::Column { column, .. } | FieldPlan::Parent { column, .. }) => column,
            _ => continue,
        };
        if !columns.contains(column) {
            columns.push(*column);
        }
    }
    Ok(columns)
}
