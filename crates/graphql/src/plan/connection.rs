//! The connection fields of a planned read: a list's page as a correlated subquery over the
//! page select its table hands out, numbered in the order of travel so that `size + 1` rows
//! tell `pageInfo` whether more exist, and what the resolvers answer for a list the caller
//! reaches no row of.

use std::fmt::Write as _;

use super::Refused;
use super::lists::ListRequest;
use super::sql::{Compiler, Selected, Shape, columns_of};
use super::wire::cursor_sql;
use crate::row::Children;

impl<'a> Compiler<'a> {
    /// A connection field listing `children` of the row `parent`.
    pub(super) fn list(
        &mut self,
        parent: &str,
        children: &'static Children,
        selected: &Selected<'a>,
    ) -> Result<(), Refused> {
        let ty = self
            .catalog
            .of(children.child)
            .ok_or(Refused::Unsupported)?;
        let plan_list = children.plan.ok_or(Refused::Field)?;
        let connection = format!("{}Connection", ty.type_name);
        let edge = format!("{}Edge", ty.type_name);
        let parts = self.collect(&selected.selection_sets(), Shape::Object(&connection))?;
        // The node selections (of `nodes` and of every `edges { node }`), for the columns.
        let mut node_fields = Vec::new();
        let mut count = false;
        for part in &parts {
            match part.name {
                "nodes" => node_fields
                    .extend(self.collect(&part.selection_sets(), Shape::Row(ty.type_name))?),
                "edges" => {
                    for inner in self.collect(&part.selection_sets(), Shape::Object(&edge))? {
                        if inner.name == "node" {
                            node_fields.extend(
                                self.collect(&inner.selection_sets(), Shape::Row(ty.type_name))?,
                            );
                        }
                    }
                }
                "totalCount" => count = true,
                _ => {}
            }
        }
        let columns = columns_of(ty, &node_fields)?;
        let args = self.arguments(selected.field());
        let plan = plan_list(
            self.session,
            children,
            &ListRequest {
                args: &args,
                parent_alias: parent,
                columns: &columns,
                count,
            },
        )?;
        let Some(page) = &plan.page else {
            return self.empty_list(&parts, &connection);
        };
        let alias = self.alias();
        let cursor = cursor_sql(ty, &alias, plan.sort_column)?;
        let size = page.size;
        let backward = page.backward;
        // Rows in the page, and their order as answered (a backward page is fetched reversed).
        let in_page = format!(r#"FILTER (WHERE "{alias}"."__n" <= {size})"#);
        let (answered, reversed) = if backward {
            ("DESC", "ASC")
        } else {
            ("ASC", "DESC")
        };
        let more = format!("count(*) > {size}");
        self.push("(SELECT json_build_object(");
        self.keys(&parts, |c, part| match part.name {
            "__typename" => {
                write!(c.sql, "'{connection}'::text").expect("writing to a string");
                Ok(())
            }
            "nodes" => {
                let fields = c.collect(&part.selection_sets(), Shape::Row(ty.type_name))?;
                c.push("coalesce(json_agg(");
                c.object(ty, &alias, &fields)?;
                write!(c.sql, r#" ORDER BY "{alias}"."__n" {answered}) {in_page}, '[]'::json)"#)
                    .expect("writing to a string");
                Ok(())
            }
            "edges" => {
                let inner = c.collect(&part.selection_sets(), Shape::Object(&edge))?;
                c.push("coalesce(json_agg(json_build_object(");
                c.keys(&inner, |c, e| match e.name {
                    "__typename" => {
                        write!(c.sql, "'{edge}'::text").expect("writing to a string");
                        Ok(())
                    }
                    "cursor" => {
                        c.push(&cursor);
                        Ok(())
                    }
                    "node" => {
                        let fields = c.collect(&e.selection_sets(), Shape::Row(ty.type_name))?;
                        c.object(ty, &alias, &fields)
                    }
                    _ => Err(Refused::Field),
                })?;
                write!(c.sql, r#") ORDER BY "{alias}"."__n" {answered}) {in_page}, '[]'::json)"#)
                    .expect("writing to a string");
                Ok(())
            }
            "pageInfo" => {
                let inner = c.collect(&part.selection_sets(), Shape::Object("PageInfo"))?;
                c.push("json_build_object(");
                c.keys(&inner, |c, info| {
                    let text = match info.name {
                        "__typename" => "'PageInfo'::text".to_owned(),
                        // Against the direction of travel: whether a cursor was given, and
                        // false on an empty page (as the batched pages of the loaders say).
                        "hasNextPage" if backward => against(plan.window.before.is_some()),
                        "hasNextPage" => more.clone(),
                        "hasPreviousPage" if backward => more.clone(),
                        "hasPreviousPage" => against(plan.window.after.is_some()),
                        "startCursor" => format!(
                            r#"(array_agg({cursor} ORDER BY "{alias}"."__n" {answered}) {in_page})[1]"#
                        ),
                        "endCursor" => format!(
                            r#"(array_agg({cursor} ORDER BY "{alias}"."__n" {reversed}) {in_page})[1]"#
                        ),
                        _ => return Err(Refused::Field),
                    };
                    c.push(&text);
                    Ok(())
                })?;
                c.push(")");
                Ok(())
            }
            "totalCount" => {
                match &plan.count {
                    Some(rows) => {
                        c.push("(SELECT count(*) FROM (");
                        c.select(rows);
                        c.push(r#") AS "__c")"#);
                    }
                    None => c.push("0"),
                }
                Ok(())
            }
            _ => Err(Refused::Field),
        })?;
        self.push(r#") FROM (SELECT "__p".*, row_number() OVER () AS "__n" FROM ("#);
        self.select(&page.select);
        // `GROUP BY ()`: one row, also for an empty page or a selection with no aggregate.
        write!(self.sql, r#") AS "__p") AS "{alias}" GROUP BY ())"#).expect("writing to a string");
        Ok(())
    }

    /// A list of a table the caller reaches no row of: what the resolvers answer for it.
    fn empty_list(&mut self, parts: &[Selected<'a>], connection: &str) -> Result<(), Refused> {
        self.push("json_build_object(");
        self.keys(parts, |c, part| {
            let text = match part.name {
                "__typename" => format!("'{connection}'::text"),
                "nodes" | "edges" => "'[]'::json".to_owned(),
                "totalCount" => "0".to_owned(),
                "pageInfo" => {
                    let inner = c.collect(&part.selection_sets(), Shape::Object("PageInfo"))?;
                    let mut text = String::from("json_build_object(");
                    for (i, info) in inner.iter().enumerate() {
                        if i > 0 {
                            text.push_str(", ");
                        }
                        let value = match info.name {
                            "__typename" => "'PageInfo'::text",
                            "hasNextPage" | "hasPreviousPage" => "false",
                            "startCursor" | "endCursor" => "NULL::text",
                            _ => return Err(Refused::Field),
                        };
                        write!(text, "'{}', {value}", info.key).expect("writing to a string");
                    }
                    text.push(')');
                    text
                }
                _ => return Err(Refused::Field),
            };
            c.push(&text);
            Ok(())
        })?;
        self.push(")");
        Ok(())
    }
}

/// `pageInfo`'s flag against the direction of travel: whether the page started from a cursor,
/// when it has rows.
fn against(from_cursor: bool) -> String {
    if from_cursor { "count(*) > 0" } else { "false" }.to_owned()
}
