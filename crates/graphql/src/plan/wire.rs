//! Values as SQL writes them into a planned answer: each column in the wire format of its
//! scalar, global ids and cursors encoded exactly as `ids::encode` and
//! `connection::encode_cursor` encode them.

use super::Refused;
use super::catalog::{PlanType, Wire};

/// `translate(encode(…, 'base64'), …)`: base64url without padding (PostgreSQL's base64
/// breaks lines every 76 characters; the newlines go with the padding).
fn base64url(text_sql: &str) -> String {
    format!(r#"translate(encode(convert_to({text_sql}, 'UTF8'), 'base64'), E'+/=\n', '-_')"#)
}

/// A column's value in the wire format of its scalar.
pub(super) fn value_sql(alias: &str, column: &str, wire: Wire) -> Result<String, Refused> {
    let col = format!(r#""{alias}"."{column}""#);
    Ok(match wire {
        Wire::Native => col,
        Wire::Text => format!("{col}::text"),
        // `to_rfc3339_opts(AutoSi, true)`: no fraction, or milliseconds, or microseconds.
        Wire::Timestamp => format!(
            r#"(to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN extract(microseconds FROM {col})::bigint % 1000000 = 0 THEN '' WHEN extract(microseconds FROM {col})::bigint % 1000 = 0 THEN to_char({col} AT TIME ZONE 'UTC', '.MS') ELSE to_char({col} AT TIME ZONE 'UTC', '.US') END || 'Z')"#
        ),
        Wire::Date => format!("to_char({col}, 'YYYY-MM-DD')"),
        Wire::Time => format!("to_char({col}, 'HH24:MI:SS')"),
        Wire::GlobalId(type_name) => base64url(&format!("'{type_name}:' || {col}::text")),
        Wire::EnumItem => format!("upper(translate({col}, '- ', '__'))"),
        Wire::Unsupported => return Err(Refused::Unsupported),
    })
}

/// A row's cursor in a list sorted by `column` (`connection::encode_cursor` of
/// `paging::cursor_of`: base64url of `{"value":…,"id":"…"}`).
pub(super) fn cursor_sql(ty: &PlanType, alias: &str, column: &str) -> Result<String, Refused> {
    let col = format!(r#""{alias}"."{column}""#);
    let value = match ty
        .cursor_values
        .get(column)
        .copied()
        .unwrap_or(Wire::Unsupported)
    {
        Wire::Native => format!("to_json({col})"),
        Wire::Text => format!("to_json({col}::text)"),
        Wire::Date => format!("to_json(to_char({col}, 'YYYY-MM-DD'))"),
        Wire::Timestamp => format!(
            r#"to_json(to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))"#
        ),
        _ => return Err(Refused::Unsupported),
    };
    Ok(base64url(&format!(
        r#"'{{"value":' || coalesce(({value})::text, 'null') || ',"id":"' || "{alias}"."id"::text || '"}}'"#
    )))
}
